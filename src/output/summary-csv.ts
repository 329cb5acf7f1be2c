import { stringify } from 'csv-stringify/sync';
import { aggregated, metricColumns, type ResultInput } from '../aggregate/aggregate.js';
import { summaryRows } from './rows.js';

/**
 * A cell: shortest round-trip number text, so identical results give identical bytes;
 * NaN (no observation) is an empty cell, which pandas and R read as missing.
 */
export function csvCell(value: number | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return Number.isNaN(value) ? '' : String(value);
}

/**
 * summary.csv: one row per variant x point x function x replication (`statistic` = value),
 * then mean, ci95.low, ci95.high and stddev rows per variant x point x function.
 */
export function summaryCsv(input: ResultInput): string {
  const result = aggregated(input);
  const groups = result.groups;
  const sweepPaths = result.scenario.sweepPaths;
  const metricNames = metricColumns(groups);
  const header = ['scenario', 'variant', 'point', ...sweepPaths, 'function', 'replication', 'statistic', ...metricNames];
  const records = summaryRows(groups).map((row) => [
    result.scenario.name,
    row.group.variant,
    String(row.group.pointIndex),
    ...sweepPaths.map((path) => csvCell(row.group.point[path])),
    row.group.function,
    csvCell(row.replication),
    row.statistic,
    ...metricNames.map((name) => csvCell(row.metrics[name])),
  ]);
  return stringify([header, ...records], { record_delimiter: '\n' });
}
