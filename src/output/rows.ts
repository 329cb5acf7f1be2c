import type { AggregateGroup } from '../aggregate/aggregate.js';

/** The statistic rows that follow the per-replication rows, in this order. */
export const STATISTICS = ['mean', 'ci95.low', 'ci95.high', 'stddev'] as const;
export type Statistic = (typeof STATISTICS)[number];

/** One row of summary.csv / entry of summary.json: either one replication or one statistic across them. */
export interface SummaryRow {
  group: AggregateGroup;
  replication?: number;
  statistic: 'value' | Statistic;
  /** Metric -> number (NaN when absent or undefined), for the group's metrics. */
  metrics: Record<string, number>;
}

/**
 * Every per-replication row (variant, point, function, replication), then every statistic row
 * (variant, point, function, statistic): readers filter on `statistic`, and the order is fixed.
 */
export function summaryRows(groups: readonly AggregateGroup[]): SummaryRow[] {
  return [...replicationRows(groups), ...statisticRows(groups)];
}

/** One row per variant x point x function (or chain) x replication: summary.csv. */
export function replicationRows(groups: readonly AggregateGroup[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const group of groups) {
    group.replications.forEach((replication, i) => {
      const metrics: Record<string, number> = {};
      for (const name of group.metrics) metrics[name] = group.values[name][i];
      rows.push({ group, replication, statistic: 'value', metrics });
    });
  }
  return rows;
}

/** Mean, ci95.low, ci95.high and stddev across the replications, per variant x point x function (or chain): summary-statistics.csv. */
export function statisticRows(groups: readonly AggregateGroup[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const group of groups) {
    for (const statistic of STATISTICS) {
      const metrics: Record<string, number> = {};
      for (const name of group.metrics) metrics[name] = statisticOf(group, name, statistic);
      rows.push({ group, statistic, metrics });
    }
  }
  return rows;
}

function statisticOf(group: AggregateGroup, name: string, statistic: Statistic): number {
  const e = group.estimates[name];
  switch (statistic) {
    case 'mean': return e.mean;
    case 'ci95.low': return e.low;
    case 'ci95.high': return e.high;
    case 'stddev': return e.stddev;
  }
}
