import { findScenarioFiles, loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { UsageError } from './errors.js';

export interface Overrides {
  seed?: number;
  replications?: number;
}

/** Checks override flags and applies them to the scenario, so summary.json records what really ran. */
export function applyOverrides(scenario: Scenario, overrides: Overrides): Scenario {
  const { seed, replications } = overrides;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new UsageError(`--seed must be a whole number >= 0, got ${seed}`);
  if (replications !== undefined && !(Number.isInteger(replications) && replications >= 1)) {
    throw new UsageError(`--replications must be a whole number >= 1, got ${replications}`);
  }
  if (seed === undefined && replications === undefined) return scenario;
  const next = { seed: seed ?? scenario.seed, replications: replications ?? scenario.replications };
  return { ...scenario, ...next, runs: scenario.runs.map((run) => ({ ...run, ...next })) };
}

/**
 * Loads every scenario before anything runs, so one bad file stops the command with exit 2
 * before minutes of simulation are spent on the good ones.
 */
export function loadAll(paths: string[], overrides: Overrides = {}): Scenario[] {
  return findScenarioFiles(paths).map((file) => applyOverrides(loadScenario(file), overrides));
}
