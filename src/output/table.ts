import { aggregated, ALL_CHAINS, ALL_FUNCTIONS, type AggregateGroup, type ResultInput } from '../aggregate/aggregate.js';
import { alignTable, displayUnit, formatEstimate, formatMetricValue, formatNumber, formatQuantity } from '../aggregate/format.js';
import type { Scenario } from '../schema/types.js';

/**
 * A column of the terminal summary: a metric in its display unit, or as a percentage. `shown`:
 * always; when some row reports it (a platform's own metric, e.g. SGX's); or when some row's
 * mean is not 0 (OpenWhisk's evictions, 0 on a run that never evicts).
 */
interface Column {
  metric: string;
  label: string;
  factor: number;
  shown: 'always' | 'reported' | 'nonZero';
}

const COLUMNS: readonly Column[] = [
  { metric: 'offered', name: 'offered' },
  { metric: 'throughput', name: 'throughput' },
  { metric: 'latency.p50', name: 'p50' },
  { metric: 'latency.p99', name: 'p99' },
  { metric: 'coldStartRatio', name: 'cold', percent: true },
  { metric: 'rejected', name: 'rejected' },
  { metric: 'evictions', name: 'evictions', shown: 'nonZero' as const },
  { metric: 'enclave.starts', name: 'enclave starts', shown: 'reported' as const },
  { metric: 'enclave.startup.mean', name: 'enclave start-up', shown: 'reported' as const },
].map(({ metric, name, percent, shown }) => {
  const { factor, unit } = percent ? { factor: 100, unit: '%' } : displayUnit(metric);
  return { metric, label: unit ? `${name} ${unit}` : name, factor, shown: shown ?? 'always' };
});

/** Throughput below this share of the offered load: the variant does not keep up. */
const SATURATED_SHARE = 0.9;
/** Arrivals outpacing completions by more than this share of them, in every replication: a growing backlog. */
const GROWING_SHARE = 0.01;
/** Replications whose largest value is more than this many times their smallest disagree wildly. */
const DISAGREEMENT_FACTOR = 2;
/** Metrics whose disagreement across replications is worth a warning. */
const AGREEMENT_METRICS = ['throughput', 'latency.p50'] as const;

export interface SummaryTableOptions {
  /** Bold header; only for a terminal (the CLI's useColor: not piped, not under CI, not with NO_COLOR). */
  color?: boolean;
  /** A row per function under each whole-run row, when a run has several functions (`--functions`). */
  functions?: boolean;
}

function cell(group: AggregateGroup, metric: string, factor: number): string {
  const e = group.estimates[metric];
  if (!e) return '-';
  // With one replication there is no interval: the mean alone.
  return e.n >= 2 ? formatEstimate(e.mean * factor, e.halfWidth * factor) : formatNumber(e.mean * factor);
}

function isShown(column: Column, groups: readonly AggregateGroup[]): boolean {
  if (column.shown === 'always') return true;
  const means = groups.map((g) => g.estimates[column.metric]?.mean).filter((m): m is number => m !== undefined && !Number.isNaN(m));
  return column.shown === 'reported' ? means.length > 0 : means.some((m) => m !== 0);
}

/** A sweep value with its unit, as a setting is read: `50 ms`, `10 s`, `1 GiB`, `100 /s`. */
function sweepValue(scenario: Scenario, path: string, value: number | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return formatQuantity(scenario.sweepUnits?.[path], value);
}

/**
 * One line per variant x sweep point (whole run), mean ± 95 % CI half-width over the replications;
 * with `functions`, a line per function under each. Then a warning for each variant and point
 * whose numbers should not be read at face value (saturated, or replications that disagree).
 */
export function formatSummaryTable(input: ResultInput, options: SummaryTableOptions = {}): string {
  const result = aggregated(input);
  const { scenario } = result;
  const sweepPaths = scenario.sweepPaths;
  const whole = result.groups.filter((g) => g.function === ALL_FUNCTIONS && g.chain === ALL_CHAINS);
  const perFunction = result.groups.filter((g) => g.function !== ALL_FUNCTIONS && g.chain === ALL_CHAINS);
  const byFunction = options.functions === true && perFunction.length > 0;
  const rowGroups = byFunction
    ? whole.flatMap((w) => [w, ...perFunction.filter((f) => f.variant === w.variant && f.pointIndex === w.pointIndex)])
    : whole;
  const columns = COLUMNS.filter((c) => isShown(c, whole));
  const header = ['variant', ...sweepPaths, ...(byFunction ? ['function'] : []), ...columns.map((c) => c.label)];
  const rows = rowGroups.map((g) => [
    g.variant,
    ...sweepPaths.map((p) => sweepValue(scenario, p, g.point[p])),
    ...(byFunction ? [g.function] : []),
    ...columns.map((c) => cell(g, c.metric, c.factor)),
  ]);
  const right = header.map((_, c) => c > 0 && !(byFunction && c === sweepPaths.length + 1));
  const replications = Math.max(0, ...whole.map((g) => g.replications.length));
  const title = `${scenario.name}: ${replications} replication${replications === 1 ? '' : 's'}` +
    (replications >= 2 ? ', mean ± 95 % CI half-width' : '');
  const hint = !byFunction && perFunction.length > 0 ? `(${new Set(perFunction.map((g) => g.function)).size} functions: --functions shows a row for each)\n` : '';
  const warnings = whole.flatMap((g) => groupWarnings(scenario, g)).map((w) => `warning: ${w}\n`).join('');
  return `${title}\n${alignTable(header, rows, { right, color: options.color })}${hint}${warnings}`;
}

/** `variant fewer at workload.0.arrivals.poisson=100 /s` */
function where(scenario: Scenario, g: AggregateGroup): string {
  const point = scenario.sweepPaths.map((p) => `${p}=${sweepValue(scenario, p, g.point[p])}`).join(', ');
  return `variant ${g.variant}${point ? ` at ${point}` : ''}`;
}

/**
 * Activations a workload may hold in the system however long it runs: a closed loop's clients
 * (each waits for its answer before it sends again; a chain's client has one step in flight).
 * Arrivals that outnumber completions by no more than these are not a backlog: a closed loop
 * cannot saturate (one client at 7 arrivals and 6 completions is merely mid-call at the end).
 */
function closedLoopClients(scenario: Scenario, g: AggregateGroup): number {
  const run = scenario.runs.find((r) => r.variant === g.variant && r.pointIndex === g.pointIndex);
  return (run?.workload ?? []).reduce((sum, w) => sum + (w.arrivals.kind === 'closedLoop' ? w.arrivals.clients : 0), 0);
}

/**
 * What makes a row's numbers misleading: a variant that does not keep up with its load (throughput
 * well below offered, beyond what closed-loop clients hold), or whose backlog grew through the run
 * (in every replication, the window's arrivals outnumber what it completed, turned away or lost by
 * more than the closed-loop clients and 1 % of the arrivals: its latencies then depend on how long
 * it ran), and replications that disagree wildly (a bimodal outcome: a run that thrashes in some
 * replications and not in others).
 */
export function groupWarnings(scenario: Scenario, g: AggregateGroup): string[] {
  const warnings: string[] = [];
  const offered = g.estimates.offered?.mean ?? NaN;
  const throughput = g.estimates.throughput?.mean ?? NaN;
  const clients = closedLoopClients(scenario, g);
  const perReplication = (metric: string) => g.values[metric] ?? g.replications.map(() => 0);
  const [arrivals, completed] = [perReplication('arrivals'), perReplication('completed')];
  const turnedAway = ['rejected', 'throttled', 'failed'].map(perReplication);
  // arrivals less completions: what stayed in the system or was turned away, in each replication
  const unserved = arrivals.map((a, i) => a - completed[i]);
  const stayed = unserved.map((u, i) => u - turnedAway.reduce((sum, t) => sum + (Number.isFinite(t[i]) ? t[i] : 0), 0));
  const stayedShare = stayed.map((s, i) => s / arrivals[i]);
  const growing = stayed.length > 0 && stayed.every((s, i) => s > clients + GROWING_SHARE * arrivals[i]);
  const meanUnserved = unserved.reduce((sum, u) => sum + u, 0) / unserved.length;
  if (offered > 0 && throughput < SATURATED_SHARE * offered && meanUnserved > clients) {
    warnings.push(
      `${where(scenario, g)} is saturated: throughput ${formatMetricValue('throughput', throughput)} of ${formatMetricValue('offered', offered)} offered; ` +
        'its latencies are those of the activations that finished',
    );
  } else if (offered > 0 && growing) {
    const [low, high] = [Math.min(...stayedShare), Math.max(...stayedShare)].map((x) => formatNumber(100 * x, 2));
    const share = low === high ? `${low} %` : `${low} to ${high} %`;
    const every = stayed.length === 1 ? 'its replication' : `each of its ${stayed.length} replications`;
    warnings.push(
      `${where(scenario, g)}: latency grows through the run: arrivals outpace completions by ${formatMetricValue('throughput', offered - throughput)} ` +
        `(${share} of the arrivals still in the system at the end, in ${every}), so its latencies depend on how long it ran`,
    );
  }
  for (const metric of AGREEMENT_METRICS) {
    const values = (g.values[metric] ?? []).filter((v) => Number.isFinite(v));
    if (values.length < 2) continue;
    const low = Math.min(...values);
    const high = Math.max(...values);
    if (low > 0 && high > DISAGREEMENT_FACTOR * low) {
      warnings.push(
        `${where(scenario, g)}: its ${values.length} replications disagree widely on ${metric} (${formatMetricValue(metric, low)} to ${formatMetricValue(metric, high)}), ` +
          'bimodal? the mean and interval say little: look at each replication in summary.csv',
      );
    }
  }
  return warnings;
}
