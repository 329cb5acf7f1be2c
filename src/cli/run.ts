import { mkdirSync, rmdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { formatClaimTable, formatSummaryTable, resultFiles, TimeseriesCsvFile, writeOutputs } from '../output/index.js';
import { evaluateClaims } from '../claims/index.js';
import { findScenarioFiles } from '../scenario/find-files.js';
import { loadScenario } from '../scenario/load.js';
import { checkOverrides } from './scenarios.js';
import { asUsageError, checkOutputFolder } from './paths.js';
import { executeScenario } from './execute.js';
import { checkSize } from './size-check.js';
import { EXIT_OK, UsageError } from './errors.js';

export interface RunArgs {
  file: string;
  out?: string;
  seed?: number;
  replications?: number;
  format: 'table' | 'json' | 'csv';
  force?: boolean;
}

/**
 * `secfaas run FILE`: runs every variant x sweep point x replication, prints a summary (and the
 * claims' verdicts, informative: `check` is the gate), writes the result files. With `--format
 * csv|json` and no `--out` the result goes to stdout only: nothing is written.
 */
export async function runCommand(args: RunArgs): Promise<number> {
  checkOverrides(args);
  const files = findScenarioFiles([args.file]);
  if (files.length !== 1) {
    throw new UsageError(`run takes one scenario file; ${args.file} holds ${files.length}: name one, or use 'secfaas check' for a folder`);
  }
  const scenario = loadScenario(files[0]);
  checkSize([scenario], args);
  const out = args.out ?? (args.format === 'table' ? join('results', scenario.name) : undefined);
  if (out !== undefined) checkOutputFolder(out);

  // The time series is streamed into the output folder as it is sampled (O(1) memory whatever the run's length).
  const created = out === undefined ? undefined : createFolder(out);
  let timeseries: TimeseriesCsvFile | undefined;
  try {
    timeseries = out === undefined ? undefined : TimeseriesCsvFile.open(out, scenario);
  } catch (error) {
    removeCreated(created, out!);
    throw asUsageError(error, out!);
  }
  const result = await executeScenario(scenario, {
    seed: args.seed,
    replications: args.replications,
    timeseries,
    onLoss: out === undefined ? 'nothing was printed' : `nothing was written to ${out}/`,
  }).catch((error: unknown) => {
    timeseries?.discard();
    removeCreated(created, out!);
    throw error;
  });
  const verdicts = result.scenario.claims.length > 0 ? evaluateClaims(result) : undefined;
  const summaries = resultFiles(result, verdicts);
  if (out !== undefined) {
    try {
      const series = timeseries?.finish();
      await writeOutputs(out, series === undefined ? summaries : [...summaries, series]);
      // A time series from an earlier run into the same folder would pass for this run's.
      if (series === undefined) await rm(join(out, 'timeseries.csv'), { force: true });
    } catch (error) {
      timeseries?.discard();
      throw asUsageError(error, out);
    }
  }
  // stdout shows the very bytes written to the file
  const shown = (name: string) => {
    const file = summaries.find((f) => f.name === name)!;
    return 'content' in file ? file.content : '';
  };
  if (args.format === 'csv') process.stdout.write(shown('summary.csv'));
  else if (args.format === 'json') process.stdout.write(shown('summary.json'));
  else {
    const color = process.stdout.isTTY === true;
    process.stdout.write(`${formatSummaryTable(result, { color })}\n`);
    if (verdicts !== undefined) process.stdout.write(`\n${formatClaimTable(verdicts, { color })}\n`);
  }
  if (out !== undefined) process.stderr.write(`wrote ${out}/\n`);
  return EXIT_OK;
}

/** Creates the output folder; returns the first folder it had to create (to remove on failure), if any. */
function createFolder(out: string): string | undefined {
  try {
    return mkdirSync(out, { recursive: true });
  } catch (error) {
    throw asUsageError(error, out);
  }
}

/** Removes the folders `createFolder` made, innermost first, if they are still empty: a failed run leaves nothing behind. */
function removeCreated(created: string | undefined, out: string): void {
  if (created === undefined) return;
  for (let dir = resolve(out); ; dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === resolve(created)) return;
  }
}
