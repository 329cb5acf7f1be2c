import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runScenario } from '../run/run.js';
import { formatSummaryTable, resultFiles, writeOutputs } from '../output/index.js';
import { evaluateClaims } from '../claims/index.js';
import { findScenarioFiles } from '../scenario/find-files.js';
import { loadScenario } from '../scenario/load.js';
import { checkOverrides } from './scenarios.js';
import { asUsageError, checkOutputFolder } from './paths.js';
import { progressBar } from './progress.js';
import { EXIT_OK, UsageError } from './errors.js';

export interface RunArgs {
  file: string;
  out?: string;
  seed?: number;
  replications?: number;
  format: 'table' | 'json' | 'csv';
}

/** `secfaas run FILE`: runs every variant x sweep point x replication, prints a summary, writes the result files. */
export async function runCommand(args: RunArgs): Promise<number> {
  checkOverrides(args);
  const files = findScenarioFiles([args.file]);
  if (files.length !== 1) {
    throw new UsageError(`run takes one scenario file; ${args.file} holds ${files.length}: name one, or use 'secfaas check' for a folder`);
  }
  const scenario = loadScenario(files[0]);
  const out = args.out ?? join('results', scenario.name);
  checkOutputFolder(out);
  const progress = progressBar(scenario.name);
  const result = await runScenario(scenario, { onProgress: progress.update, seed: args.seed, replications: args.replications });
  progress.done();
  const verdicts = result.scenario.claims.length > 0 ? evaluateClaims(result) : undefined;
  const written = resultFiles(result, verdicts);
  try {
    await writeOutputs(out, written);
    // A time series from an earlier run into the same folder would pass for this run's.
    if (!written.some((f) => f.name === 'timeseries.csv')) await rm(join(out, 'timeseries.csv'), { force: true });
  } catch (error) {
    throw asUsageError(error, out);
  }
  // stdout shows the very bytes written to the file
  const shown = (name: string) => written.find((f) => f.name === name)!.content;
  if (args.format === 'csv') process.stdout.write(shown('summary.csv'));
  else if (args.format === 'json') process.stdout.write(shown('summary.json'));
  else {
    process.stdout.write(`${formatSummaryTable(result, { color: process.stdout.isTTY === true })}\n`);
    process.stderr.write(`wrote ${out}/\n`);
  }
  return EXIT_OK;
}
