import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluateClaims } from '../claims/index.js';
import { formatSummaryTable, resultFiles, writeOutputs } from '../output/index.js';
import type { ScenarioResult } from '../run/types.js';
import { asUsageError } from './paths.js';

export type OutputFormat = 'table' | 'json' | 'csv';

/** Writes the result files into `out` and prints the summary in `format` (what `run` and `merge` end with). */
export async function printResult(result: ScenarioResult, out: string, format: OutputFormat): Promise<void> {
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
  if (format === 'csv') process.stdout.write(shown('summary.csv'));
  else if (format === 'json') process.stdout.write(shown('summary.json'));
  else {
    process.stdout.write(`${formatSummaryTable(result, { color: process.stdout.isTTY === true })}\n`);
    process.stderr.write(`wrote ${out}/\n`);
  }
}
