import { aggregated, ALL_CHAINS, ALL_FUNCTIONS, type AggregateGroup, type ResultInput } from '../aggregate/aggregate.js';
import { alignTable, displayUnit, formatEstimateOf, formatInterval } from '../aggregate/format.js';
import { judgedEstimate } from '../aggregate/estimate.js';
import { pairedRatios } from '../aggregate/ratio.js';
import { metricQuantity } from '../metrics/names.js';
import { blockingWaitOf, groupWarnings, isBlockingWait, runOf } from './table-warnings.js';
import { sweepValueText } from './chart-axes.js';

/**
 * A column of the terminal summary: a metric in its display unit, or as a percentage. `shown`:
 * always; when some row reports it (a platform's own metric, e.g. SGX's); or when some row's
 * mean is not 0 (OpenWhisk's evictions, 0 on a run that never evicts). `chainMetric`: what a
 * chain's rows show in it (absent: nothing). `timeout`: a latency quantile, marked when it is the
 * platform's blocking wait. `ratio`: a time or rate, which has a ratio column when the scenario
 * names a baseline (offered has none: every variant sees the same arrivals).
 */
interface Column {
  metric: string;
  chainMetric?: string;
  name: string;
  label: string;
  factor: number;
  shown: 'always' | 'reported' | 'nonZero';
  timeout: boolean;
  ratio: boolean;
}

const COLUMNS: readonly Column[] = [
  { metric: 'offered', chainMetric: 'chain.offered', name: 'offered' },
  { metric: 'throughput', chainMetric: 'chain.throughput', name: 'throughput' },
  { metric: 'latency.p50', chainMetric: 'chain.latency.p50', name: 'p50', timeout: true },
  { metric: 'latency.p99', chainMetric: 'chain.latency.p99', name: 'p99', timeout: true },
  { metric: 'coldStartRatio', name: 'cold', percent: true },
  // a chain call fails where one of its steps is turned away (or lost)
  { metric: 'rejected', chainMetric: 'chain.failed', name: 'rejected' },
  { metric: 'timedOut', name: 'timed out', shown: 'nonZero' as const },
  { metric: 'evictions', name: 'evictions', shown: 'nonZero' as const },
  { metric: 'enclave.starts', name: 'enclave starts', shown: 'reported' as const },
  { metric: 'enclave.startup.mean', name: 'enclave start-up', shown: 'reported' as const },
].map(({ metric, chainMetric, name, percent, shown, timeout }) => {
  const { factor, unit } = percent ? { factor: 100, unit: '%' } : displayUnit(metric);
  const quantity = metricQuantity(metric);
  return {
    metric,
    chainMetric,
    name,
    label: unit ? `${name} ${unit}` : name,
    factor,
    shown: shown ?? 'always',
    timeout: timeout === true,
    ratio: metric !== 'offered' && (quantity === 'time' || quantity === 'rate'),
  };
});

export interface SummaryTableOptions {
  /** Bold header; only for a terminal (the CLI's useColor: not piped, not under CI, not with NO_COLOR). */
  color?: boolean;
  /** A row per function under each whole-run row, when a run has several functions (`--functions`). */
  functions?: boolean;
  /** A row per chain under each whole-run row (and its functions), when a run has chains (`--chains`). */
  chains?: boolean;
}

/** The metric a column shows on a group's row: a chain's own on a chain's rows. */
function metricOf(column: Column, g: AggregateGroup): string | undefined {
  return g.chain === ALL_CHAINS ? column.metric : column.chainMetric;
}

function cell(g: AggregateGroup, column: Column, blockingWait: number | undefined): string {
  const metric = metricOf(column, g);
  const e = metric === undefined ? undefined : g.estimates[metric];
  if (metric === undefined || !e) return '-';
  const text = formatEstimateOf(e, column.factor);
  return column.timeout && g.chain === ALL_CHAINS && isBlockingWait(g.values[metric], blockingWait) ? `${text} (timeout)` : text;
}

/** The paired ratio of a row's metric to the baseline variant's at the same point, function and chain, with its interval. */
function ratioCell(g: AggregateGroup, column: Column, baselineOf: (g: AggregateGroup) => AggregateGroup | undefined): string {
  const metric = metricOf(column, g);
  const base = baselineOf(g);
  if (metric === undefined || base === undefined) return '-';
  const paired = pairedRatios(g, base, metric);
  if ('unpaired' in paired) return '-';
  // the interval a ratio claim on the metric judges: one ratio, one interval
  return formatInterval(judgedEstimate(metric, paired.samples, 'ratio'));
}

function isShown(column: Column, groups: readonly AggregateGroup[]): boolean {
  if (column.shown === 'always') return true;
  const means = groups.map((g) => g.estimates[column.metric]?.mean).filter((m): m is number => m !== undefined && !Number.isNaN(m));
  return column.shown === 'reported' ? means.length > 0 : means.some((m) => m !== 0);
}

/** A column of the table: its header, and its text on a group's row. */
interface TableColumn {
  header: string;
  right: boolean;
  text: (g: AggregateGroup) => string;
}

/**
 * One line per variant x sweep point (whole run), mean ± 95 % CI half-width over the replications;
 * with `functions`, a line per function under each, with `chains`, a line per chain. When the
 * scenario names a `baseline` variant, each time and rate has a ratio column beside it: the
 * row's value over the baseline's, paired by replication as ratio claims are. Then a warning for
 * each variant and point whose numbers should not be read at face value.
 */
export function formatSummaryTable(input: ResultInput, options: SummaryTableOptions = {}): string {
  const result = aggregated(input);
  const { scenario } = result;
  const whole = result.groups.filter((g) => g.function === ALL_FUNCTIONS && g.chain === ALL_CHAINS);
  const perFunction = result.groups.filter((g) => g.function !== ALL_FUNCTIONS);
  const perChain = result.groups.filter((g) => g.chain !== ALL_CHAINS);
  const byFunction = options.functions === true && perFunction.length > 0;
  const byChain = options.chains === true && perChain.length > 0;
  const under = (w: AggregateGroup, groups: readonly AggregateGroup[]) => groups.filter((g) => g.variant === w.variant && g.pointIndex === w.pointIndex);
  const rowGroups = whole.flatMap((w) => [w, ...(byFunction ? under(w, perFunction) : []), ...(byChain ? under(w, perChain) : [])]);

  const baseline = scenario.baseline;
  const key = (g: AggregateGroup) => JSON.stringify([g.variant, g.pointIndex, g.function, g.chain]);
  const groupsByKey = new Map(result.groups.map((g) => [key(g), g]));
  const baselineOf = (g: AggregateGroup) => (baseline === undefined ? undefined : groupsByKey.get(key({ ...g, variant: baseline })));
  // the run's blocking wait, resolved once per run (OpenWhisk resolves its model to tell it)
  const blockingWaits = new Map(scenario.runs.map((run) => [run, blockingWaitOf(run)]));
  const waitOf = (g: AggregateGroup) => blockingWaits.get(runOf(scenario, g)!);

  const columns: TableColumn[] = [
    { header: 'variant', right: false, text: (g) => g.variant },
    ...scenario.sweepPaths.map((p) => ({ header: p, right: true, text: (g: AggregateGroup) => sweepValueText(scenario, p, g.point[p]) })),
    ...(byFunction ? [{ header: 'function', right: false, text: (g: AggregateGroup) => g.function }] : []),
    ...(byChain ? [{ header: 'chain', right: false, text: (g: AggregateGroup) => g.chain }] : []),
  ];
  for (const c of COLUMNS.filter((c) => isShown(c, whole))) {
    columns.push({ header: c.label, right: true, text: (g) => cell(g, c, waitOf(g)) });
    if (baseline === undefined || !c.ratio) continue;
    const ratio: TableColumn = { header: `${c.name} / ${baseline}`, right: true, text: (g) => ratioCell(g, c, baselineOf) };
    // a ratio that no row has (the baseline does not report the metric) is no column
    if (rowGroups.some((g) => ratio.text(g) !== '-')) columns.push(ratio);
  }
  const header = columns.map((c) => c.header);
  const rows = rowGroups.map((g) => columns.map((c) => c.text(g)));

  const replications = Math.max(0, ...whole.map((g) => g.replications.length));
  const title = `${scenario.name}: ${replications} replication${replications === 1 ? '' : 's'}` +
    (replications >= 2 ? ', mean ± 95 % CI half-width' : '');
  const notes: string[] = [];
  if (baseline !== undefined) notes.push(`(x / ${baseline}: the row's x over variant ${baseline}'s at the same point, replication by replication on the same random numbers)`);
  const hint = (what: string, count: number, option: string) => `(${count} ${what}${count === 1 ? '' : 's'}: ${option} shows a row for each)`;
  if (!byFunction && perFunction.length > 0) notes.push(hint('function', new Set(perFunction.map((g) => g.function)).size, '--functions'));
  if (!byChain && perChain.length > 0) notes.push(hint('chain', new Set(perChain.map((g) => g.chain)).size, '--chains'));
  if (byChain) notes.push('(a chain row: its calls per second, its latency from arrival to the last step, and in rejected the calls a turned-away or lost step failed)');
  const warnings = whole.flatMap((g) => groupWarnings(scenario, g)).map((w) => `warning: ${w}`);
  return `${title}\n${alignTable(header, rows, { right: columns.map((c) => c.right), color: options.color })}${[...notes, ...warnings].map((l) => `${l}\n`).join('')}`;
}
