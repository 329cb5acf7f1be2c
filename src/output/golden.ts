/**
 * Golden outputs: for a shipped scenario, the bytes of its summary.csv and the events handled per
 * replication. test/golden.test.ts compares a fresh run with the stored reference byte for byte, so a
 * refactor that moves a result fails, and a model change shows up as a reviewed diff of the
 * references (`npm run golden` rewrites them on purpose).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { summaryCsv } from './summary-csv.js';
import { loadScenario } from '../scenario/load.js';
import { SCENARIO_EXTENSIONS } from '../scenario/find-files.js';
import { runScenario } from '../run/run.js';

export interface GoldenOutput {
  summaryCsv: string;
  /** One line per replication: `variant point replication events`. */
  events: string;
}

/** Every scenario file below `folder`, subfolders included, sorted by path. */
export function shippedScenarioFiles(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SCENARIO_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) files.push(path);
    }
  };
  walk(folder);
  return files;
}

/** The reference file stem of a scenario: its path below the scenarios folder, `/` as `__`. */
export function goldenStem(scenariosFolder: string, file: string): string {
  return relative(scenariosFolder, file).replace(/\.(ya?ml|json)$/i, '').split(/[\\/]/).join('__');
}

export async function goldenOutput(file: string): Promise<GoldenOutput> {
  const result = await runScenario(loadScenario(file));
  const events = result.replications.map((r) => `${r.variant} ${r.pointIndex} ${r.replication} ${r.events}\n`).join('');
  return { summaryCsv: summaryCsv(result), events };
}
