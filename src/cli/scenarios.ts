import { findScenarioFiles } from '../scenario/find-files.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../schema/types.js';
import { formatWarning } from '../schema/errors.js';

/** `--seed` and `--replications`, checked as typed by their options (options.ts); runScenario applies them. */
export interface Overrides {
  seed?: number;
  replications?: number;
}

/**
 * Loads every scenario before anything runs, so one bad file stops the command with exit 2
 * before minutes of simulation are spent on the good ones.
 */
export function loadAll(paths: string[], options: { force?: boolean } = {}): Scenario[] {
  return findScenarioFiles(paths).map((file) => warned(loadScenario(file, options)));
}

/** Prints a loaded scenario's warnings on stderr (it runs all the same). */
export function warned(scenario: Scenario): Scenario {
  for (const w of scenario.warnings ?? []) process.stderr.write(`${formatWarning(w)}\n`);
  return scenario;
}
