import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioError } from '../../src/schema/errors.js';
import { loadScenario } from '../../src/scenario/load.js';

/** A small valid scenario; tests replace single lines, so line numbers stay put. */
export const BASE = `name: t
duration: 60s
warmup: 10s
platform:
  kind: station
  servers: 2
functions:
  - name: f
    exec: 20ms
workload:
  - function: f
    arrivals:
      poisson: 20/s
`;

let directory: string | undefined;
let counter = 0;

/** Writes `text` to a fresh file in a temporary directory and returns its path. */
export function writeScenario(text: string, name = 'scenario.yaml'): string {
  directory ??= mkdtempSync(join(tmpdir(), 'secfaas-scenario-'));
  const dir = join(directory, String(counter++));
  mkdirSync(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The ScenarioError that loading `file` throws; fails the test if it loads. */
export function errorOf(file: string): ScenarioError {
  try {
    loadScenario(file);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without error`);
}
