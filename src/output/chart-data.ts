/**
 * What a chart draws from a summary: the groups (whole run, or per function), the label of a group
 * on a grouping column, the columns that tell apart the groups sharing an x and a colour, and each
 * metric's mean and 95 % CI in display units. Charts draw only the variants that report their
 * metric, and say which do not.
 */
import { ALL_CHAINS, ALL_FUNCTIONS, type AggregateGroup } from '../aggregate/aggregate.js';
import { estimate } from '../aggregate/estimate.js';
import { formatInterval } from '../aggregate/format.js';
import type { ResultSummary } from './summary.js';
import { sweepAxesOf, sweepAxis, sweepValueText } from './chart-axes.js';

/** One row of a chart's inlined data. */
export type Row = Record<string, number | string | null>;

/** The label of a group on a grouping column: `variant`, `function` or a sweep path. */
export function labelOf(group: AggregateGroup, column: string): string {
  if (column === 'variant') return group.variant;
  if (column === 'function') return group.function;
  return String(group.point[column] ?? '');
}

/** The groups a chart draws: per function when it colours by function (and the run has them), else whole-run. */
export function chartGroups(summary: ResultSummary, color: string): AggregateGroup[] {
  const perFunction = summary.groups.filter((g) => g.function !== ALL_FUNCTIONS);
  return color === 'function' && perFunction.length > 0 ? perFunction : summary.groups.filter((g) => g.function === ALL_FUNCTIONS && g.chain === ALL_CHAINS);
}

/**
 * The columns that tell apart the groups sharing an x and a colour: the variant and the other
 * sweep paths, less those zipped with a used one (they move with it: no dimension of their own).
 */
export function restColumns(summary: ResultSummary, used: readonly string[]): string[] {
  const axes = sweepAxesOf(summary.scenario);
  const dimensions = new Set(axes.filter((a) => used.includes(a.key)).map((a) => a.dimension));
  const linked = new Set(axes.filter((a) => dimensions.has(a.dimension)).map((a) => a.key));
  return ['variant', ...summary.scenario.sweepPaths].filter((c) => !used.includes(c) && !linked.has(c));
}

/** A group's values on the rest columns, sweep values with their unit: `100 /s`, `native, 64 MiB`. */
export function restLabel(summary: ResultSummary, group: AggregateGroup, used: readonly string[]): string {
  return restColumns(summary, used).map((c) => (c === 'variant' || c === 'function' ? labelOf(group, c) : sweepValueText(summary.scenario, c, group.point[c]))).join(', ');
}

/** The rest columns in words, for a legend or axis title: `variant, arrival rate`. */
export function restTitle(summary: ResultSummary, used: readonly string[]): string {
  return restColumns(summary, used).map((c) => (c === 'variant' || c === 'function' ? c : sweepAxis(summary.scenario, c, []).title.replace(/ \(.*\)$/, ''))).join(', ');
}

/**
 * The groups whose variant reports `metric` (a platform of its own, e.g. SGX's `epc.pagedIn`
 * beside a native variant), and the variants that do not, in file order.
 */
export function reporting(summary: ResultSummary, groups: readonly AggregateGroup[], metric: string): { groups: AggregateGroup[]; missing: string[] } {
  const reports = new Set(groups.filter((g) => g.metrics.includes(metric)).map((g) => g.variant));
  const present = new Set(groups.map((g) => g.variant));
  return { groups: groups.filter((g) => reports.has(g.variant)), missing: summary.scenario.variants.filter((v) => present.has(v) && !reports.has(v)) };
}

/** The subtitle line naming the variants a chart leaves out. */
export function missingNote(metric: string, missing: readonly string[]): string[] {
  return missing.length === 0 ? [] : [`${metric} is not reported by ${missing.join(', ')} (not drawn)`];
}

export interface Interval {
  mean: number | null;
  low: number | null;
  high: number | null;
  halfWidth: number | null;
  n: number;
}

const num = (x: number, factor: number): number | null => (Number.isFinite(x) ? x * factor : null);

/**
 * A metric's mean and 95 % CI from its group's estimate (a proportion's interval clipped to [0, 1],
 * as in summary-statistics.csv); the band stops at 0, as no metric here can be negative.
 */
export function groupInterval(g: AggregateGroup, metric: string, factor: number): Interval {
  const e = g.estimates[metric];
  if (e === undefined) return { mean: null, low: null, high: null, halfWidth: null, n: 0 };
  const low = num(e.low, factor);
  return { mean: num(e.mean, factor), low: low === null ? null : Math.max(0, low), high: num(e.high, factor), halfWidth: num(e.halfWidth, factor), n: e.n };
}

/**
 * A metric's mean and 95 % CI as the tooltips show it, with the unit: `mean ± half-width`, or
 * `mean [low, high]` for the interval a ratio claim judges (formatInterval), to the claim's digit.
 */
export function shownInterval(g: AggregateGroup, metric: string, factor: number, unit: string): string {
  const e = g.estimates[metric];
  if (e === undefined || !Number.isFinite(e.mean)) return '-';
  const text = formatInterval(e, factor);
  return unit === '' ? text : `${text} ${unit}`;
}

/** Mean and 95 % CI of values in base units; `floor` clips the interval of quantities that cannot go below it. */
export function meanAndInterval(values: readonly number[], factor: number, floor?: number): Interval {
  const e = estimate(values);
  const low = num(e.low, factor);
  return { mean: num(e.mean, factor), low: low === null || floor === undefined ? low : Math.max(floor, low), high: num(e.high, factor), halfWidth: num(e.halfWidth, factor), n: e.n };
}

/** The base-unit means of a metric over the groups (to pick an axis unit). */
export function means(groups: readonly AggregateGroup[], metric: string): number[] {
  return groups.map((g) => g.estimates[metric]?.mean).filter((m): m is number => m !== undefined && Number.isFinite(m));
}
