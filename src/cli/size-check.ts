import { estimateWork, workProblems } from '../run/estimate.js';
import { withOverrides } from '../run/run.js';
import { ScenarioError } from '../schema/errors.js';
import { locateProblems } from '../scenario/load.js';
import type { Scenario } from '../schema/types.js';
import { UsageError } from './errors.js';
import type { Overrides } from './scenarios.js';

/**
 * Refuses, before anything runs, a scenario too big to finish or to fit in memory (with the
 * overrides it will run with), as bad input (exit 2); `force` skips it. Located in its file when
 * the file is too big as written; blamed on `--replications` when only the option makes it so.
 */
export function checkSize(scenarios: readonly Scenario[], overrides: Overrides & { force?: boolean }): void {
  if (overrides.force) return;
  const issues: ReturnType<typeof locateProblems> = [];
  const tooMany: string[] = [];
  for (const s of scenarios) {
    const problems = workProblems(estimateWork(withOverrides(s, overrides)));
    if (problems.length === 0) continue;
    if (overrides.replications !== undefined && workProblems(estimateWork(s)).length === 0) {
      tooMany.push(`${s.file} with ${overrides.replications} replications is ${problems.map((p) => p.message).join('; ')}`);
    } else issues.push(...locateProblems(s.file, problems));
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  if (tooMany.length > 0) throw new UsageError(`--replications ${overrides.replications} is too many: ${tooMany.join('\n')}`);
}
