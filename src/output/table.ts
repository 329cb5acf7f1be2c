import { aggregated, ALL_CHAINS, ALL_FUNCTIONS, type AggregateGroup, type ResultInput } from '../aggregate/aggregate.js';
import { alignTable, displayUnit, formatEstimate, formatNumber } from '../aggregate/format.js';

/** The columns of the terminal summary: a metric in its display unit, or as a percentage. */
const COLUMNS: readonly { metric: string; label: string; factor: number }[] = [
  { metric: 'offered', name: 'offered' },
  { metric: 'throughput', name: 'throughput' },
  { metric: 'latency.p50', name: 'p50' },
  { metric: 'latency.p99', name: 'p99' },
  { metric: 'coldStartRatio', name: 'cold', percent: true },
  { metric: 'rejected', name: 'rejected' },
].map(({ metric, name, percent }) => {
  const { factor, unit } = percent ? { factor: 100, unit: '%' } : displayUnit(metric);
  return { metric, label: unit ? `${name} ${unit}` : name, factor };
});

export interface SummaryTableOptions {
  /** Bold header; only for a terminal (the CLI's useColor: not piped, not under CI, not with NO_COLOR). */
  color?: boolean;
}

function cell(group: AggregateGroup, metric: string, factor: number): string {
  const e = group.estimates[metric];
  if (!e) return '-';
  // With one replication there is no interval: the mean alone.
  return e.n >= 2 ? formatEstimate(e.mean * factor, e.halfWidth * factor) : formatNumber(e.mean * factor);
}

/** One line per variant x sweep point (whole run), mean ± 95 % CI half-width over the replications. */
export function formatSummaryTable(input: ResultInput, options: SummaryTableOptions = {}): string {
  const result = aggregated(input);
  const sweepPaths = result.scenario.sweepPaths;
  const groups = result.groups.filter((g) => g.function === ALL_FUNCTIONS && g.chain === ALL_CHAINS);
  const header = ['variant', ...sweepPaths, ...COLUMNS.map((c) => c.label)];
  const rows = groups.map((g) => [
    g.variant,
    ...sweepPaths.map((p) => (g.point[p] === undefined ? '' : String(g.point[p]))),
    ...COLUMNS.map((c) => cell(g, c.metric, c.factor)),
  ]);
  const right = header.map((_, c) => c > 0);
  const replications = Math.max(0, ...groups.map((g) => g.replications.length));
  const title = `${result.scenario.name}: ${replications} replication${replications === 1 ? '' : 's'}` +
    (replications >= 2 ? ', mean ± 95 % CI half-width' : '');
  return `${title}\n${alignTable(header, rows, { right, color: options.color })}`;
}
