import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { chartFontFile, MissingFontError } from '../output/chart-render.js';
import { assembleTimeseriesCsv, claimsCount, formatClaimTable, formatPaperVerdicts, formatSummaryTable, timeseriesLayout, writeOutputs } from '../output/index.js';
import { summarize, type ResultSummary } from '../output/summary.js';
import { writeResult, type WriterName } from '../output/writers.js';
import { assembleTraceCsv, traceLayout } from '../output/trace-csv.js';
import type { Scenario } from '../schema/types.js';
import type { MergedSweep } from '../sweep/merge.js';
import { asUsageError } from './paths.js';
import { UsageError } from './errors.js';
import { useColor, type OutputFormat } from './options.js';

export interface ResultOutputs {
  /** Draw the scenario's charts into charts/. */
  charts: boolean;
  /** Write report.html. */
  report: boolean;
  /** The table shows a row per function too (`--functions`). */
  functions?: boolean;
  /** The table shows a row per chain too (`--chains`). */
  chains?: boolean;
  /** Do not say where the files went (they go to a temporary folder). */
  quiet?: boolean;
}

/**
 * Writes the result into `out` (what `run`, `merge` and `check --out` end with): the result is
 * aggregated once, and the writers (summary.csv, summary.json, charts, report) all read that
 * summary. timeseries.csv goes first (the time-series charts read it), assembled from the rows
 * the units streamed to disk, in fixed-size chunks. Says on stderr what the writers left out.
 */
export async function writeResultFolder({ result, timeseriesFiles }: MergedSweep, out: string, outputs: ResultOutputs): Promise<ResultSummary> {
  const summary = summarize(result);
  const layout = timeseriesLayout(result.scenario);
  const writers: WriterName[] = ['csv', 'json', ...(outputs.charts ? (['charts'] as const) : []), ...(outputs.report ? (['report'] as const) : [])];
  let notes: string[];
  try {
    const timeseries = layout === undefined ? undefined : assembleTimeseriesCsv(out, layout, timeseriesFiles);
    if (timeseries !== undefined) await writeOutputs(out, [timeseries]);
    // A time series or report from an earlier run into the same folder would pass for this run's.
    else await rm(join(out, 'timeseries.csv'), { force: true });
    if (!outputs.report) await rm(join(out, 'report.html'), { force: true });
    notes = await writeResult(summary, out, writers, { fresh: true });
  } catch (error) {
    throw asUsageError(error, out);
  }
  for (const note of notes) process.stderr.write(`secfaas: ${note}\n`);
  return summary;
}

/**
 * Writes the result into `out` and prints it in `format` (what `run` and `merge` end with): the
 * table, then the claims' verdicts when the scenario states claims (informative: the exit code
 * stays 0, `secfaas check` is the gate); csv or json print the very bytes written to the file,
 * and the verdicts' count goes to stderr so stdout stays one document. Says on stderr where it wrote.
 */
export async function printResult(merged: MergedSweep, out: string, format: OutputFormat, outputs: ResultOutputs): Promise<void> {
  const summary = await writeResultFolder(merged, out, outputs);
  const shown = (name: string) => readFileSync(join(out, name), 'utf8');
  const color = useColor();
  if (format === 'csv') process.stdout.write(shown('summary.csv'));
  else if (format === 'json') process.stdout.write(shown('summary.json'));
  else {
    const papers = summary.verdicts === undefined ? '' : formatPaperVerdicts(summary.verdicts, { color, scenarios: [summary.scenario] });
    // what the reader came for first: whether the paper's claims hold, then the numbers behind them
    if (papers !== '') process.stdout.write(`${summary.scenario.name}: the paper's claims\n${papers}\n`);
    process.stdout.write(`${formatSummaryTable(summary, { color, functions: outputs.functions, chains: outputs.chains })}\n`);
    if (summary.verdicts !== undefined) process.stdout.write(`claims (informative; 'secfaas check' exits 1 when one fails):\n${formatClaimTable(summary.verdicts, { color, scenarios: [summary.scenario] })}`);
  }
  if (format !== 'table' && summary.verdicts !== undefined) {
    // what was printed is one document; say where the verdicts are, and not a file that is not kept
    const where =
      format === 'json' ? 'under "claims" in the JSON printed'
      : outputs.quiet ? "not in the CSV: 'secfaas check --format csv' prints them, --out DIR keeps them in summary.json"
      : `in ${join(out, 'summary.json')}`;
    process.stderr.write(`claims: ${claimsCount(summary.verdicts)} (${where})\n`);
  }
  if (!outputs.quiet) process.stderr.write(`wrote ${out}/${outputs.report ? ` (report: ${join(out, 'report.html')})` : ''}\n`);
}

/**
 * `--trace FILE`: the trace rows the units streamed (`files`, one per unit in canonical order),
 * with the header, copied in chunks into FILE (from the current folder), written atomically.
 */
export async function writeTraceFile(scenario: Scenario, files: readonly string[], file: string): Promise<void> {
  try {
    const trace = assembleTraceCsv(dirname(file), basename(file), traceLayout(scenario), files);
    await writeOutputs(dirname(file), [trace]);
  } catch (error) {
    throw asUsageError(error, file);
  }
  process.stderr.write(`wrote ${file}\n`);
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
