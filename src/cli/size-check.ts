import { estimateWork, workProblems } from '../run/estimate.js';
import { withOverrides } from '../run/run.js';
import { ScenarioError } from '../schema/errors.js';
import { locateProblems } from '../scenario/load.js';
import type { Scenario } from '../schema/types.js';
import type { Overrides } from './scenarios.js';

/**
 * Refuses, before anything runs, a scenario too big to finish or to fit in memory (with the
 * overrides it will run with), as bad input located in its file (exit 2); `force` skips it.
 */
export function checkSize(scenarios: readonly Scenario[], overrides: Overrides & { force?: boolean }): void {
  if (overrides.force) return;
  const issues = scenarios.flatMap((s) => locateProblems(s.file, workProblems(estimateWork(withOverrides(s, overrides)))));
  if (issues.length > 0) throw new ScenarioError(issues);
}
