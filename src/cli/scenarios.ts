import { findScenarioFiles } from '../scenario/find-files.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../schema/types.js';
import { UsageError } from './errors.js';

export interface Overrides {
  seed?: number;
  replications?: number;
}

/** Checks the override flags once, before any file is loaded; runScenario applies them. */
export function checkOverrides({ seed, replications }: Overrides): void {
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new UsageError(`--seed must be a whole number >= 0, got ${seed}`);
  if (replications !== undefined && !(Number.isInteger(replications) && replications >= 1)) {
    throw new UsageError(`--replications must be a whole number >= 1, got ${replications}`);
  }
}

/**
 * Loads every scenario before anything runs, so one bad file stops the command with exit 2
 * before minutes of simulation are spent on the good ones.
 */
export function loadAll(paths: string[], options: { force?: boolean } = {}): Scenario[] {
  return findScenarioFiles(paths).map((file) => loadScenario(file, options));
}
