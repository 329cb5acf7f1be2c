import type { Metrics } from '../model/metrics.js';
import type { ScenarioResult } from '../run/types.js';
import { estimate, type Estimate } from './estimate.js';
import { sortMetricNames } from '../metrics/names.js';

/** The `function` of whole-run groups and rows. */
export const ALL_FUNCTIONS = 'all';
/** The `chain` of whole-run and per-function groups and rows. */
export const ALL_CHAINS = 'all';

/** One variant x sweep point x function, across its replications. */
export interface AggregateGroup {
  variant: string;
  pointIndex: number;
  point: Record<string, number | string>;
  /** `all` for whole-run and per-chain metrics, else a function name. */
  function: string;
  /** `all` for whole-run and per-function metrics, else a chain name. */
  chain: string;
  /** 1-based replication numbers, in result order. */
  replications: number[];
  /** Metric names that any replication of the group has, in canonical order. */
  metrics: string[];
  /** Metric -> value per replication, aligned with `replications`; NaN where a replication lacks it. */
  values: Record<string, number[]>;
  /** Metric -> 95 % Student-t estimate across replications. */
  estimates: Record<string, Estimate>;
}

interface Pending {
  group: Omit<AggregateGroup, 'metrics' | 'values' | 'estimates'>;
  rows: Metrics[];
}

/**
 * Groups a result by variant x point x function or chain, in result order (variant, point), with
 * `all` first, then the functions, then the chains (each in first-seen order).
 */
export function aggregate(result: ScenarioResult, confidence = 0.95): AggregateGroup[] {
  const byCell = new Map<string, { all: Pending; functions: Map<string, Pending>; chains: Map<string, Pending> }>();
  for (const r of result.replications) {
    const cellKey = JSON.stringify([r.variant, r.pointIndex]);
    const base = { variant: r.variant, pointIndex: r.pointIndex, point: r.point };
    let cell = byCell.get(cellKey);
    if (!cell) {
      cell = { all: { group: { ...base, function: ALL_FUNCTIONS, chain: ALL_CHAINS, replications: [] }, rows: [] }, functions: new Map(), chains: new Map() };
      byCell.set(cellKey, cell);
    }
    cell.all.group.replications.push(r.replication);
    cell.all.rows.push(r.metrics);
    const add = (groups: Map<string, Pending>, name: string, fields: { function: string; chain: string }, metrics: Metrics) => {
      let pending = groups.get(name);
      if (!pending) {
        pending = { group: { ...base, ...fields, replications: [] }, rows: [] };
        groups.set(name, pending);
      }
      pending.group.replications.push(r.replication);
      pending.rows.push(metrics);
    };
    for (const [fn, metrics] of Object.entries(r.perFunction ?? {})) add(cell.functions, fn, { function: fn, chain: ALL_CHAINS }, metrics);
    for (const [chain, metrics] of Object.entries(r.perChain ?? {})) add(cell.chains, chain, { function: ALL_FUNCTIONS, chain }, metrics);
  }
  const groups: AggregateGroup[] = [];
  for (const cell of byCell.values()) {
    for (const pending of [cell.all, ...cell.functions.values(), ...cell.chains.values()]) groups.push(finish(pending, confidence));
  }
  return groups;
}

function finish({ group, rows }: Pending, confidence: number): AggregateGroup {
  const metrics = sortMetricNames(rows.flatMap((m) => Object.keys(m)));
  const values: Record<string, number[]> = {};
  const estimates: Record<string, Estimate> = {};
  for (const name of metrics) {
    values[name] = rows.map((m) => (typeof m[name] === 'number' ? m[name] : NaN));
    estimates[name] = estimate(values[name], confidence);
  }
  return { ...group, metrics, values, estimates };
}

/** All metric names in any group, in canonical order: the metric columns of summary.csv. */
export function metricColumns(groups: readonly AggregateGroup[]): string[] {
  return sortMetricNames(groups.flatMap((g) => g.metrics));
}
