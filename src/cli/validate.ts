import { findScenarioFiles } from '../scenario/find-files.js';
import { loadScenario, locateProblems } from '../scenario/load.js';
import { count, estimateWork, workProblems } from '../run/estimate.js';
import { ScenarioError } from '../schema/errors.js';
import type { ScenarioIssue } from '../schema/errors.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './errors.js';
import { warned } from './scenarios.js';

/**
 * `secfaas validate FILES`: checks every file and reports every problem of every file, without
 * running anything. With `force`, what `run --force` accepts: files over their size limit, and work
 * over the size check.
 */
export function validateCommand(args: { files: string[]; force?: boolean }): number {
  const issues: ScenarioIssue[] = [];
  for (const file of findScenarioFiles(args.files)) {
    try {
      const scenario = warned(loadScenario(file, { force: args.force }));
      const work = estimateWork(scenario);
      const tooBig = args.force ? [] : workProblems(work);
      if (tooBig.length > 0) {
        issues.push(...locateProblems(file, tooBig));
        continue;
      }
      const points = new Set(scenario.runs.map((r) => r.pointIndex)).size;
      process.stdout.write(
        `ok ${file}: ${scenario.variants.length} variant(s) x ${points} point(s) x ${scenario.replications} replication(s), ${scenario.claims.length} claim(s), ` +
          `${count(work.events)} simulated events\n`,
      );
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length === 0) return EXIT_OK;
  throw new ScenarioError(issues);
}
