import type { ScenarioResult } from '../run/types.js';
import type { ClaimVerdict } from '../claims/evaluate.js';
import { summaryCsv } from './summary-csv.js';
import { summaryJson } from './summary-json.js';
import { timeseriesCsv } from './timeseries-csv.js';
import type { OutputFile } from './write.js';
import { aggregated } from '../aggregate/aggregate.js';

/** The data files of a result, to hand to writeOutputs in one go: summary.csv, summary.json, timeseries.csv (when sampled). */
export function resultFiles(result: ScenarioResult, verdicts?: readonly ClaimVerdict[]): OutputFile[] {
  const summary = aggregated(result);
  const files: OutputFile[] = [
    { name: 'summary.csv', content: summaryCsv(summary) },
    { name: 'summary.json', content: summaryJson(summary, verdicts) },
  ];
  const timeseries = timeseriesCsv(result);
  if (timeseries !== undefined) files.push({ name: 'timeseries.csv', content: timeseries });
  return files;
}
