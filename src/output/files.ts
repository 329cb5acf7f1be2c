import type { ScenarioResult } from '../run/types.js';
import type { ClaimVerdict } from '../claims/evaluate.js';
import { summaryCsv, summaryStatisticsCsv } from './summary-csv.js';
import { summaryJson } from './summary-json.js';
import type { OutputFile } from './write.js';
import { aggregated } from '../aggregate/aggregate.js';

/**
 * The summary files of a result, to hand to writeOutputs in one go with timeseries.csv (streamed
 * while the run went on: TimeseriesCsvFile): summary.csv, summary-statistics.csv, summary.json.
 */
export function resultFiles(result: ScenarioResult, verdicts?: readonly ClaimVerdict[]): OutputFile[] {
  const summary = aggregated(result);
  const files: OutputFile[] = [
    { name: 'summary.csv', content: summaryCsv(summary) },
    { name: 'summary-statistics.csv', content: summaryStatisticsCsv(summary) },
    { name: 'summary.json', content: summaryJson(summary, verdicts) },
  ];
  return files;
}
