import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runScenario } from '../run/run.js';
import { formatSummaryTable, timeseriesCsv, writeOutputs } from '../output/index.js';
import { summarize } from '../output/summary.js';
import { writeResult, type WriterName } from '../output/writers.js';
import { chartFontFile, MissingFontError } from '../output/chart-render.js';
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
  /** Draw the scenario's charts (default: when it has any). */
  charts?: boolean;
  /** Also write report.html. */
  report?: boolean;
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
  const charts = args.charts ?? scenario.charts.length > 0;
  if (charts || args.report) checkChartFont();
  const progress = progressBar(scenario.name);
  const result = await runScenario(scenario, { onProgress: progress.update, seed: args.seed, replications: args.replications });
  progress.done();
  // aggregated once: every writer and the table read this summary
  const summary = summarize(result);
  const timeseries = timeseriesCsv(result);
  const writers: WriterName[] = ['csv', 'json', ...(charts ? (['charts'] as const) : []), ...(args.report ? (['report'] as const) : [])];
  let notes: string[];
  try {
    if (timeseries !== undefined) await writeOutputs(out, [{ name: 'timeseries.csv', content: timeseries }]);
    // A time series or report from an earlier run into the same folder would pass for this run's.
    else await rm(join(out, 'timeseries.csv'), { force: true });
    if (!args.report) await rm(join(out, 'report.html'), { force: true });
    notes = await writeResult(summary, out, writers, { fresh: true });
  } catch (error) {
    throw asUsageError(error, out);
  }
  for (const note of notes) process.stderr.write(`secfaas: ${note}\n`);
  // stdout shows the very bytes written to the file
  const shown = (name: string) => readFileSync(join(out, name), 'utf8');
  if (args.format === 'csv') process.stdout.write(shown('summary.csv'));
  else if (args.format === 'json') process.stdout.write(shown('summary.json'));
  else {
    process.stdout.write(`${formatSummaryTable(summary, { color: process.stdout.isTTY === true })}\n`);
    process.stderr.write(`wrote ${out}/${args.report ? ` (report: ${join(out, 'report.html')})` : ''}\n`);
  }
  return EXIT_OK;
}

/** Before anything runs: PNG charts without a font would lose every label, silently. */
export function checkChartFont(): void {
  try {
    chartFontFile();
  } catch (error) {
    if (error instanceof MissingFontError) throw new UsageError(error.message);
    throw error;
  }
}
