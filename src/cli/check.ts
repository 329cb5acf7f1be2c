import { claimsOk, evaluateClaims } from '../claims/index.js';
import type { ClaimVerdict } from '../claims/index.js';
import { claimsCsv, claimsJson, formatClaimTable, toJUnitXml, writeOutputs } from '../output/index.js';
import { basename, dirname, join } from 'node:path';
import { mergeShards } from '../sweep/merge.js';
import { checkSweepFolder, runSweep, sweepManifest } from '../sweep/sweep.js';
import type { Scenario } from '../schema/types.js';
import { loadAll } from './scenarios.js';
import { asUsageError, checkOutputFile, checkOutputFolder } from './paths.js';
import { runWithProgress, unitsOutcome } from './execute.js';
import { runScenario, withOverrides } from '../run/run.js';
import { checkSize } from './size-check.js';
import { EXIT_CLAIM_FAILED, EXIT_OK, UsageError } from './errors.js';
import { writeResultFolder } from './result.js';
import { useColor, type OutputFormat } from './options.js';

export interface CheckArgs {
  paths: string[];
  junit?: string;
  /** Keep each scenario's result in `<out>/<name>/`, as `run --out` writes it. */
  out?: string;
  seed?: number;
  replications?: number;
  format?: OutputFormat;
  force?: boolean;
}

/** `secfaas check PATHS`: runs every scenario that states claims and evaluates them. Exit 1 if any is not ok. */
export async function checkCommand(args: CheckArgs): Promise<number> {
  const loaded = loadAll(args.paths, { force: args.force });
  for (const s of loaded) if (s.claims.length === 0) process.stderr.write(`${s.file}: states no claims, skipped\n`);
  const claimed = loaded.filter((s) => s.claims.length > 0);
  if (claimed.length === 0) throw new UsageError(`no scenario in ${args.paths.join(', ')} states any claims`);
  // as written, with the overrides applied inside: too big as written or only by --replications
  checkSize(claimed, args);
  const scenarios = claimed.map((s) => withOverrides(s, { seed: args.seed, replications: args.replications }));
  if (args.junit) checkOutputFile(args.junit, '--junit');
  if (args.out !== undefined) {
    checkOutputFolder(args.out);
    for (const s of scenarios) checkSweepFolder(join(args.out, s.name), sweepManifest(s, join(args.out, s.name)), { replace: args.force });
  }
  const verdicts: ClaimVerdict[] = [];
  for (const scenario of scenarios) verdicts.push(...(await (args.out === undefined ? checkInMemory(scenario) : checkInto(scenario, join(args.out, scenario.name), args.force))));
  const format = args.format ?? 'table';
  if (format === 'csv') process.stdout.write(claimsCsv(verdicts));
  else if (format === 'json') process.stdout.write(claimsJson(verdicts));
  else process.stdout.write(`${formatClaimTable(verdicts, { color: useColor(), scenarios })}\n`);
  if (args.junit) {
    await writeOutputs(dirname(args.junit), [{ name: basename(args.junit), content: toJUnitXml(verdicts) }]).catch((error) => {
      throw asUsageError(error, args.junit!);
    });
  }
  if (args.out !== undefined) process.stderr.write(`wrote ${scenarios.map((s) => join(args.out!, s.name)).join('/, ')}/\n`);
  return claimsOk(verdicts) ? EXIT_OK : EXIT_CLAIM_FAILED;
}

/** Without --out nothing is written: the replications are kept in memory only. */
async function checkInMemory(scenario: Scenario): Promise<ClaimVerdict[]> {
  const result = await runWithProgress(
    scenario.name,
    (progress, signal) => runScenario(scenario, { onProgress: progress.update, signal }),
    (finished, total) => `${finished} of ${total} replications of ${scenario.name} had finished; check keeps none of them without --out, and printed no verdict`,
  );
  return evaluateClaims(result);
}

/** With --out, a scenario runs as `run --out DIR` runs it (units kept, --resume-able) and its result folder is written. */
async function checkInto(scenario: Scenario, out: string, replace?: boolean): Promise<ClaimVerdict[]> {
  await runWithProgress(
    scenario.name,
    (progress, signal) =>
      runSweep(scenario, out, { replace, onProgress: progress.update, signal }).catch((error) => {
        throw asUsageError(error, out);
      }),
    unitsOutcome(out, `'secfaas run ${scenario.file} --out ${out} --resume' (with the same --seed and --replications)`),
  );
  const summary = await writeResultFolder(mergeShards([out]), out, { charts: false, report: false });
  return summary.verdicts ?? [];
}
