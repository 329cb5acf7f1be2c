/**
 * `secfaas compare A B`: two results side by side, for each metric, variant, sweep point and
 * function. In the spirit of criterion.rs's change detection, a change is reported only when it
 * is significant (the 95 % Welch confidence interval of the difference of the means excludes 0,
 * replications being independent) AND larger than a noise threshold; a significant change below
 * the threshold is "within noise". A result compared with itself has a difference of exactly 0,
 * and a metric that neither side observed (no replication has a value) is "no change" too.
 */
import { stringify } from 'csv-stringify/sync';
import quantile from '@stdlib/stats-base-dists-t-quantile';
import { ALL_CHAINS, type AggregateGroup } from '../aggregate/aggregate.js';
import { estimate, type Estimate } from '../aggregate/estimate.js';
import { pointText } from './claims-table.js';
import { alignTable, displayUnit, formatEstimate, formatNumber } from '../aggregate/format.js';
import { csvCell } from './summary-csv.js';
import { jsonSafeNumber } from './summary-json.js';
import type { ResultSummary } from './summary.js';

export type ChangeVerdict = 'no change' | 'within noise' | 'increased' | 'decreased' | 'not comparable' | 'only in A' | 'only in B';

export interface MetricChange {
  variant: string;
  point: Record<string, number | string>;
  function: string;
  /** `all` except on a chain's rows (the chain.* metrics). */
  chain: string;
  metric: string;
  a: Estimate;
  b: Estimate;
  /** B mean - A mean, with the 95 % Welch confidence interval of that difference. */
  difference: number;
  differenceLow: number;
  differenceHigh: number;
  /** (B - A) / |A|; NaN when A is 0 or missing. */
  relativeChange: number;
  verdict: ChangeVerdict;
}

export interface CompareOptions {
  /** Relative change below which a significant difference is noise (0.02 = 2 %). */
  noiseThreshold: number;
  confidence?: number;
}

export const DEFAULT_NOISE_THRESHOLD = 0.02;

const NO_ESTIMATE: Estimate = { n: 0, mean: NaN, stddev: NaN, halfWidth: NaN, low: NaN, high: NaN };

/** The 95 % Welch interval of mean(b) - mean(a); a zero-width one when neither side varies. */
function welch(a: Estimate, b: Estimate, confidence: number): [number, number] {
  const difference = b.mean - a.mean;
  if (a.n < 2 || b.n < 2) return [NaN, NaN];
  const va = (a.stddev * a.stddev) / a.n;
  const vb = (b.stddev * b.stddev) / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return [difference, difference];
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const half = quantile(1 - (1 - confidence) / 2, df) * se;
  return [difference - half, difference + half];
}

function judge(a: Estimate, b: Estimate, low: number, high: number, relative: number, threshold: number): ChangeVerdict {
  // observed by neither side (a mean of nothing in every replication): nothing changed
  if (a.n === 0 && b.n === 0) return 'no change';
  if (a.n === 0 || b.n === 0) return 'not comparable';
  if (a.mean === b.mean) return 'no change';
  if (!Number.isFinite(low)) return 'not comparable';
  if (low <= 0 && high >= 0) return 'no change';
  // a change from 0 has no relative size: significant is all it can be
  if (Number.isFinite(relative) && Math.abs(relative) < threshold) return 'within noise';
  return b.mean > a.mean ? 'increased' : 'decreased';
}

/** Groups are matched by variant, function, chain and sweep values (not point index: sweeps may differ). */
function groupKey(g: AggregateGroup): string {
  const point = Object.keys(g.point).sort().map((k) => [k, g.point[k]]);
  return JSON.stringify([g.variant, g.function, g.chain, point]);
}

/** Every metric of every group of A, matched with B's (then B's groups that A lacks). */
export function compareSummaries(a: ResultSummary, b: ResultSummary, options: CompareOptions): MetricChange[] {
  const confidence = options.confidence ?? 0.95;
  const bGroups = new Map(b.groups.map((g) => [groupKey(g), g]));
  const aKeys = new Set(a.groups.map(groupKey));
  const changes: MetricChange[] = [];
  const add = (ga: AggregateGroup | undefined, gb: AggregateGroup | undefined) => {
    const where = (ga ?? gb)!;
    const metrics = [...new Set([...(ga?.metrics ?? []), ...(gb?.metrics ?? [])])];
    for (const metric of metrics) {
      const ea = ga?.values[metric] ? estimate(ga.values[metric], confidence) : NO_ESTIMATE;
      const eb = gb?.values[metric] ? estimate(gb.values[metric], confidence) : NO_ESTIMATE;
      const [low, high] = welch(ea, eb, confidence);
      const relative = ea.mean !== 0 ? (eb.mean - ea.mean) / Math.abs(ea.mean) : NaN;
      const verdict = ga === undefined ? 'only in B' : gb === undefined ? 'only in A' : judge(ea, eb, low, high, relative, options.noiseThreshold);
      changes.push({ variant: where.variant, point: where.point, function: where.function, chain: where.chain, metric, a: ea, b: eb, difference: eb.mean - ea.mean, differenceLow: low, differenceHigh: high, relativeChange: relative, verdict });
    }
  };
  for (const ga of a.groups) add(ga, bGroups.get(groupKey(ga)));
  for (const gb of b.groups) if (!aKeys.has(groupKey(gb))) add(undefined, gb);
  return changes;
}

/** A change that --fail-on-change fails on: significant and beyond the noise threshold. */
export function isChange(c: MetricChange): boolean {
  return c.verdict === 'increased' || c.verdict === 'decreased';
}

function shown(metric: string, e: Estimate): string {
  const { factor } = displayUnit(metric);
  if (e.n === 0) return '-';
  return e.n >= 2 ? formatEstimate(e.mean * factor, e.halfWidth * factor) : formatNumber(e.mean * factor);
}

function percent(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${formatNumber(x * 100, 3)} %` : '-';
}

/** The terminal table: changes first (the rows a reader looks for), then a count of each verdict. */
export function formatCompareTable(changes: readonly MetricChange[], labels: { a: string; b: string }, options: { all?: boolean } = {}): string {
  const shownRows = options.all ? changes : changes.filter((c) => c.verdict !== 'no change');
  // a chain column only for results with chains
  const chains = changes.some((c) => c.chain !== ALL_CHAINS);
  const header = ['variant', 'point', 'function', ...(chains ? ['chain'] : []), 'metric', `A (${labels.a})`, `B (${labels.b})`, 'change', 'verdict'];
  const rows = shownRows.map((c) => {
    const { unit } = displayUnit(c.metric);
    const metric = unit ? `${c.metric} (${unit})` : c.metric;
    return [c.variant, pointText(c.point), c.function, ...(chains ? [c.chain] : []), metric, shown(c.metric, c.a), shown(c.metric, c.b), percent(c.relativeChange), c.verdict];
  });
  const numbers = header.length - 4;
  const counts = new Map<ChangeVerdict, number>();
  for (const c of changes) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
  const tally = [...counts.entries()].map(([v, n]) => `${n} ${v}`).join(', ');
  const table = rows.length > 0 ? alignTable(header, rows, { right: header.map((_, i) => i >= numbers && i < header.length - 1) }) : '';
  const hidden = options.all ? '' : ' (rows with no change hidden; --all shows them)';
  return `${table}${table ? '\n' : ''}${changes.length} compared: ${tally}${hidden}\n`;
}

const CSV_HEADER = ['variant', 'point', 'function', 'chain', 'metric', 'a.n', 'a.mean', 'a.ci95.low', 'a.ci95.high', 'b.n', 'b.mean', 'b.ci95.low', 'b.ci95.high', 'difference', 'difference.ci95.low', 'difference.ci95.high', 'relativeChange', 'verdict'];

/** Tidy CSV in base units, one row per metric x variant x point x function or chain. */
export function compareCsv(changes: readonly MetricChange[]): string {
  const records = changes.map((c) => [
    c.variant, pointText(c.point), c.function, c.chain, c.metric,
    ...[c.a, c.b].flatMap((e) => [String(e.n), csvCell(e.mean), csvCell(e.low), csvCell(e.high)]),
    csvCell(c.difference), csvCell(c.differenceLow), csvCell(c.differenceHigh), csvCell(c.relativeChange), c.verdict,
  ]);
  return stringify([CSV_HEADER, ...records], { record_delimiter: '\n' });
}

export function compareJson(changes: readonly MetricChange[], labels: { a: string; b: string }, options: CompareOptions): string {
  return JSON.stringify({ a: labels.a, b: labels.b, noiseThreshold: options.noiseThreshold, changes }, jsonSafeNumber, 2) + '\n';
}
