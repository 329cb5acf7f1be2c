import { stringify } from 'csv-stringify/sync';
import { aggregated, ALL_CHAINS, metricColumns, type ResultInput } from '../aggregate/aggregate.js';
import { replicationRows, statisticRows } from './rows.js';

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
 * summary.csv: one row per variant x point x function (or chain) x replication, every column of
 * one type (`replication` a whole number), so that pandas' read_csv and R's read.csv take it as
 * is. The statistics across replications are in summary-statistics.csv (summaryStatisticsCsv).
 * The `chain` column is there when some rows are a chain's (a run with chains).
 */
export function summaryCsv(input: ResultInput): string {
  return groupedCsv(input, 'replication');
}

/**
 * summary-statistics.csv: mean, ci95.low, ci95.high and stddev across the replications (the
 * `statistic` column), per variant x point x function (or chain), in the columns of summary.csv.
 */
export function summaryStatisticsCsv(input: ResultInput): string {
  return groupedCsv(input, 'statistic');
}

function groupedCsv(input: ResultInput, rowKind: 'replication' | 'statistic'): string {
  const result = aggregated(input);
  const groups = result.groups;
  const sweepPaths = result.scenario.sweepPaths;
  const metricNames = metricColumns(groups);
  const chainColumn = groups.some((g) => g.chain !== ALL_CHAINS);
  const header = ['scenario', 'variant', 'point', ...sweepPaths, 'function', ...(chainColumn ? ['chain'] : []), rowKind, ...metricNames];
  const rows = rowKind === 'replication' ? replicationRows(groups) : statisticRows(groups);
  const records = rows.map((row) => [
    result.scenario.name,
    row.group.variant,
    String(row.group.pointIndex),
    ...sweepPaths.map((path) => csvCell(row.group.point[path])),
    row.group.function,
    ...(chainColumn ? [row.group.chain] : []),
    rowKind === 'replication' ? csvCell(row.replication) : row.statistic,
    ...metricNames.map((name) => csvCell(row.metrics[name])),
  ]);
  return stringify([header, ...records], { record_delimiter: '\n' });
}
