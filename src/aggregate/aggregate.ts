import type { Metrics } from '../model/metrics.js';
import type { ScenarioResult } from '../run/types.js';
import { metricEstimate, type Estimate } from './estimate.js';
import type { QuantileGrids } from '../metrics/activation-stats.js';
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
  /** Distribution -> its quantile grid per replication, aligned with `replications` (empty: none). */
  quantileGrids: Record<string, number[][]>;
}

interface Pending {
  group: Omit<AggregateGroup, 'metrics' | 'values' | 'estimates' | 'quantileGrids'>;
  rows: Metrics[];
  grids: (QuantileGrids | undefined)[];
}

/**
 * Groups a result by variant x point x function or chain, in result order (variant, point), with
 * `all` first, then the functions, then the chains (each in first-seen order).
 */
export function aggregate(result: Pick<ScenarioResult, 'replications'>, confidence = 0.95): AggregateGroup[] {
  const byCell = new Map<string, { all: Pending; functions: Map<string, Pending>; chains: Map<string, Pending> }>();
  for (const r of result.replications) {
    const cellKey = JSON.stringify([r.variant, r.pointIndex]);
    const base = { variant: r.variant, pointIndex: r.pointIndex, point: r.point };
    let cell = byCell.get(cellKey);
    if (!cell) {
      cell = { all: { group: { ...base, function: ALL_FUNCTIONS, chain: ALL_CHAINS, replications: [] }, rows: [], grids: [] }, functions: new Map(), chains: new Map() };
      byCell.set(cellKey, cell);
    }
    cell.all.group.replications.push(r.replication);
    cell.all.rows.push(r.metrics);
    cell.all.grids.push(r.quantileGrids);
    const add = (groups: Map<string, Pending>, name: string, fields: { function: string; chain: string }, metrics: Metrics, grids?: QuantileGrids) => {
      let pending = groups.get(name);
      if (!pending) {
        pending = { group: { ...base, ...fields, replications: [] }, rows: [], grids: [] };
        groups.set(name, pending);
      }
      pending.group.replications.push(r.replication);
      pending.rows.push(metrics);
      pending.grids.push(grids);
    };
    for (const [fn, metrics] of Object.entries(r.perFunction ?? {})) add(cell.functions, fn, { function: fn, chain: ALL_CHAINS }, metrics, r.perFunctionQuantileGrids?.[fn]);
    for (const [chain, metrics] of Object.entries(r.perChain ?? {})) add(cell.chains, chain, { function: ALL_FUNCTIONS, chain }, metrics);
  }
  const groups: AggregateGroup[] = [];
  for (const cell of byCell.values()) {
    for (const pending of [cell.all, ...cell.functions.values(), ...cell.chains.values()]) groups.push(finish(pending, confidence));
  }
  return groups;
}

function finish({ group, rows, grids }: Pending, confidence: number): AggregateGroup {
  const metrics = sortMetricNames(rows.flatMap((m) => Object.keys(m)));
  const values: Record<string, number[]> = {};
  const estimates: Record<string, Estimate> = {};
  for (const name of metrics) {
    values[name] = rows.map((m) => (typeof m[name] === 'number' ? m[name] : NaN));
    estimates[name] = metricEstimate(name, values[name], confidence);
  }
  const quantileGrids: Record<string, number[][]> = {};
  for (const name of new Set(grids.flatMap((g) => Object.keys(g ?? {})))) quantileGrids[name] = grids.map((g) => g?.[name] ?? []);
  return { ...group, metrics, values, estimates, quantileGrids };
}

/** A result aggregated once: what claims and every writer read (the groups keep each replication's values). */
export interface AggregatedResult {
  version: string;
  scenario: ScenarioResult['scenario'];
  groups: AggregateGroup[];
}

/** A run's result, or one already aggregated: the input of claims and writers. */
export type ResultInput = ScenarioResult | AggregatedResult;

/** Aggregates a run's result, or passes an aggregated one through (so a pipeline aggregates once). */
export function aggregated(input: ResultInput): AggregatedResult {
  if ('groups' in input) return input;
  return { version: input.version, scenario: input.scenario, groups: aggregate(input) };
}

/** All metric names in any group, in canonical order: the metric columns of summary.csv. */
export function metricColumns(groups: readonly AggregateGroup[]): string[] {
  return sortMetricNames(groups.flatMap((g) => g.metrics));
}
