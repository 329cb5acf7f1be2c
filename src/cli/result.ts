import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluateClaims } from '../claims/index.js';
import { assembleTimeseriesCsv, formatClaimTable, formatSummaryTable, resultFiles, timeseriesLayout, writeOutputs } from '../output/index.js';
import type { MergedSweep } from '../sweep/merge.js';
import { asUsageError } from './paths.js';

export type OutputFormat = 'table' | 'json' | 'csv';

/**
 * Writes the result files into `out` (timeseries.csv assembled from the units' rows, in chunks)
 * and prints the summary in `format`, with the claims' verdicts under the table (informative:
 * `check` is the gate). Says on stderr what it wrote, whatever the format. What `run` and `merge` end with.
 */
export async function printResult({ result, timeseriesFiles }: MergedSweep, out: string, format: OutputFormat): Promise<void> {
  const verdicts = result.scenario.claims.length > 0 ? evaluateClaims(result) : undefined;
  const summaries = resultFiles(result, verdicts);
  const written = [...summaries];
  try {
    const layout = timeseriesLayout(result.scenario);
    const series = layout === undefined ? undefined : assembleTimeseriesCsv(out, layout, timeseriesFiles);
    if (series !== undefined) written.push(series);
    await writeOutputs(out, written);
    // A time series from an earlier run into the same folder would pass for this run's.
    if (series === undefined) await rm(join(out, 'timeseries.csv'), { force: true });
  } catch (error) {
    throw asUsageError(error, out);
  }
  // stdout shows the very bytes written to the file
  const shown = (name: string) => {
    const file = summaries.find((f) => f.name === name)!;
    return 'content' in file ? file.content : '';
  };
  if (format === 'csv') process.stdout.write(shown('summary.csv'));
  else if (format === 'json') process.stdout.write(shown('summary.json'));
  else {
    const color = process.stdout.isTTY === true;
    process.stdout.write(`${formatSummaryTable(result, { color })}\n`);
    if (verdicts !== undefined) process.stdout.write(`\n${formatClaimTable(verdicts, { color })}\n`);
  }
  process.stderr.write(`wrote ${out}/: ${written.map((f) => f.name).join(', ')}\n`);
}
