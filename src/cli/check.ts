import { claimsOk, evaluateClaims } from '../claims/index.js';
import type { ClaimVerdict } from '../claims/index.js';
import { formatClaimTable, toJUnitXml, writeOutputs } from '../output/index.js';
import { basename, dirname } from 'node:path';
import { checkOverrides, loadAll } from './scenarios.js';
import { asUsageError, checkOutputFile } from './paths.js';
import { runWithProgress } from './execute.js';
import { runScenario } from '../run/run.js';
import { checkSize } from './size-check.js';
import { EXIT_CLAIM_FAILED, EXIT_OK, UsageError } from './errors.js';

export interface CheckArgs {
  paths: string[];
  junit?: string;
  replications?: number;
  force?: boolean;
}

/** `secfaas check PATHS`: runs every scenario that states claims and evaluates them. Exit 1 if any is not ok. */
export async function checkCommand(args: CheckArgs): Promise<number> {
  checkOverrides(args);
  const loaded = loadAll(args.paths);
  for (const s of loaded) if (s.claims.length === 0) process.stderr.write(`${s.file}: states no claims, skipped\n`);
  const scenarios = loaded.filter((s) => s.claims.length > 0);
  if (scenarios.length === 0) throw new UsageError(`no scenario in ${args.paths.join(', ')} states any claims`);
  checkSize(scenarios, args);
  if (args.junit) checkOutputFile(args.junit, '--junit');
  const verdicts: ClaimVerdict[] = [];
  for (const scenario of scenarios) {
    const result = await runWithProgress(
      scenario.name,
      (progress, signal) => runScenario(scenario, { replications: args.replications, onProgress: progress.update, signal }),
      (finished, total) => `${finished} of ${total} replications of ${scenario.name} had finished; check keeps none of them, and printed no verdict`,
    );
    verdicts.push(...evaluateClaims(result));
  }
  process.stdout.write(`${formatClaimTable(verdicts, { color: process.stdout.isTTY === true })}\n`);
  if (args.junit) {
    await writeOutputs(dirname(args.junit), [{ name: basename(args.junit), content: toJUnitXml(verdicts) }]).catch((error) => {
      throw asUsageError(error, args.junit!);
    });
  }
  return claimsOk(verdicts) ? EXIT_OK : EXIT_CLAIM_FAILED;
}
