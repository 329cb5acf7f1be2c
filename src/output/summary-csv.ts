import { stringify } from 'csv-stringify/sync';
import { aggregated, ALL_CHAINS, metricColumns, type ResultInput } from '../aggregate/aggregate.js';
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
 * summary.csv: one row per variant x point x function (or chain) x replication (`statistic` =
 * value), then mean, ci95.low, ci95.high and stddev rows per variant x point x function (or chain).
 * The `chain` column is there when some rows are a chain's (a run with chains).
 */
export function summaryCsv(input: ResultInput): string {
  const result = aggregated(input);
  const groups = result.groups;
  const sweepPaths = result.scenario.sweepPaths;
  const metricNames = metricColumns(groups);
  const chainColumn = groups.some((g) => g.chain !== ALL_CHAINS);
  const header = ['scenario', 'variant', 'point', ...sweepPaths, 'function', ...(chainColumn ? ['chain'] : []), 'replication', 'statistic', ...metricNames];
  const records = summaryRows(groups).map((row) => [
    result.scenario.name,
    row.group.variant,
    String(row.group.pointIndex),
    ...sweepPaths.map((path) => csvCell(row.group.point[path])),
    row.group.function,
    ...(chainColumn ? [row.group.chain] : []),
    csvCell(row.replication),
    row.statistic,
    ...metricNames.map((name) => csvCell(row.metrics[name])),
  ]);
  return stringify([header, ...records], { record_delimiter: '\n' });
}
