import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario } from '../schema/types.js';
import { withOverrides } from '../run/run.js';
import { findScenarioFiles } from '../scenario/find-files.js';
import { loadScenario } from '../scenario/load.js';
import { mergeShards } from '../sweep/merge.js';
import { describeTrace, unitTraceName, UNITS_FOLDER, type TraceSetting } from '../sweep/store.js';
import { checkSweepFolder, runSweep, sweepManifest, type SweepReport } from '../sweep/sweep.js';
import { formatShard, parseShard, planUnits, unitsOfShard } from '../sweep/units.js';
import { asUsageError, checkOutputFile, checkOutputFolder } from './paths.js';
import { runWithProgress, unitsOutcome } from './execute.js';
import { checkSize } from './size-check.js';
import { warned } from './scenarios.js';
import { EXIT_OK, UsageError } from './errors.js';
import { checkChartFont, printResult, writeTraceFile } from './result.js';
import type { OutputFormat } from './options.js';

export interface RunArgs {
  file: string;
  out?: string;
  seed?: number;
  replications?: number;
  format: OutputFormat;
  force?: boolean;
  workers?: number;
  shard?: string;
  resume?: boolean;
  /** Draw the scenario's charts (default: when it has any). */
  charts?: boolean;
  /** Also write report.html. */
  report?: boolean;
  /** The table shows a row per function too. */
  functions?: boolean;
  /** The table shows a row per chain too. */
  chains?: boolean;
  /** Write a per-activation trace to this file (from the current folder). */
  trace?: string;
  /** With `trace`: every N-th activation. */
  traceSample?: number;
}

/** `--trace FILE [--trace-sample N]`, checked before anything runs: which activations, or undefined without --trace. */
function traceOf(args: RunArgs): TraceSetting | undefined {
  if (args.trace === undefined) {
    if (args.traceSample !== undefined) throw new UsageError('--trace-sample says which activations --trace writes: give --trace FILE too');
    return undefined;
  }
  checkOutputFile(args.trace, '--trace');
  return { every: args.traceSample ?? 1 };
}

/**
 * `secfaas run FILE` (alias `sweep`): runs every variant x sweep point x replication on worker
 * threads, keeps each finished unit in `<out>/units/`, then writes and prints the summary. With
 * `--shard i/n` it runs only that share of the units and leaves the summary to `secfaas merge`.
 */
export async function runCommand(args: RunArgs): Promise<number> {
  if (args.workers !== undefined && !(Number.isInteger(args.workers) && args.workers >= 1)) {
    throw new UsageError(`--workers must be a whole number >= 1, got ${args.workers}`);
  }
  let shard;
  try {
    shard = args.shard === undefined ? undefined : parseShard(args.shard);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const trace = traceOf(args);
  const files = findScenarioFiles([args.file]);
  if (files.length !== 1) {
    throw new UsageError(`run takes one scenario file; ${args.file} holds ${files.length}: name one, or use 'secfaas check' for a folder`);
  }
  const loaded = warned(loadScenario(files[0], { force: args.force }));
  // as written, with the overrides applied inside: too big as written or only by --replications
  checkSize([loaded], args);
  const scenario = withOverrides(loaded, { seed: args.seed, replications: args.replications });
  // --format csv|json is for a pipe: without --out (or a flag that asks for files) nothing is written.
  const stdoutOnly = args.out === undefined && args.format !== 'table' && shard === undefined && !args.resume && !args.report && args.charts !== true && trace === undefined;
  if (stdoutOnly) return runToStdout(scenario, args);
  const out = args.out ?? join('results', shard === undefined ? scenario.name : `${scenario.name}-shard-${shard.index}-of-${shard.count}`);
  checkOutputFolder(out);
  checkSweepFolder(out, sweepManifest(scenario, out, shard, trace), { resume: args.resume, replace: args.force });
  const charts = args.charts ?? scenario.charts.length > 0;
  if (shard === undefined && (charts || args.report)) checkChartFont();
  const report = await runWithProgress(
    shard === undefined ? scenario.name : `${scenario.name} ${formatShard(shard)}`,
    (progress, signal) =>
      runSweep(scenario, out, { workers: args.workers, shard, resume: args.resume, replace: args.force, trace, onProgress: progress.update, signal }).catch((error) => {
        throw asUsageError(error, out);
      }),
    unitsOutcome(out, 'the same command with --resume'),
  );
  if (args.resume) process.stderr.write(`${resumed(report, join(out, 'units'))}\n`);
  if (args.resume && trace === undefined && report.trace !== undefined) {
    process.stderr.write(`its units were run ${describeTrace(report.trace)}, and those left were traced alike: their rows are in ${join(out, 'units')}/ (--trace FILE writes them to FILE)\n`);
  }
  if (report.reused > 0) {
    process.stderr.write(`${report.reused} of ${report.units} units are the same run as another (a variant the sweep point does not change): their results are copies, not run again\n`);
  }
  if (shard !== undefined) {
    // this shard's units' trace, in canonical order; merge --trace writes the whole sweep's
    if (args.trace !== undefined) await writeTraceFile(scenario, unitsOfShard(planUnits(scenario), shard).map((u) => join(out, UNITS_FOLDER, unitTraceName(u.index))), args.trace);
    process.stderr.write(`shard ${formatShard(shard)}: ${report.units} units in ${join(out, 'units')}/; combine the shards with 'secfaas merge'\n`);
    return EXIT_OK;
  }
  const merged = mergeShards([out], { trace: trace !== undefined });
  if (args.trace !== undefined) await writeTraceFile(scenario, merged.trace!.files, args.trace);
  await printResult(merged, out, args.format, { charts, report: args.report === true, functions: args.functions, chains: args.chains });
  return EXIT_OK;
}

/** What --resume found: the units kept (not run again) and the leftovers of the run it resumes. */
function resumed(report: SweepReport, unitsDir: string): string {
  const leftovers = report.removedTemporary === 0 ? '' : `; ${report.removedTemporary} temporary file${report.removedTemporary === 1 ? '' : 's'} of units stopped half-way removed`;
  return `resumed: ${report.kept} of ${report.units} units kept from before in ${unitsDir}/, ${report.units - report.kept} left to do${leftovers}`;
}

/**
 * `run FILE --format csv|json` without --out: the units go to a temporary folder that is removed
 * afterwards, so stdout carries the result and no results/<name>/ of an earlier run is replaced.
 */
async function runToStdout(scenario: Scenario, args: RunArgs): Promise<number> {
  const temporary = mkdtempSync(join(tmpdir(), 'secfaas-run-'));
  try {
    await runWithProgress(
      scenario.name,
      (progress, signal) => runSweep(scenario, temporary, { workers: args.workers, onProgress: progress.update, signal }),
      (finished, total) => `${finished} of ${total} replications had finished; without --out none is kept`,
    );
    await printResult(mergeShards([temporary]), temporary, args.format, { charts: false, report: false, quiet: true });
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  process.stderr.write(`secfaas: nothing written (--format ${args.format} without --out prints only); --out DIR keeps the files\n`);
  return EXIT_OK;
}
