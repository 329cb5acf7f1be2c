/**
 * What the terminal table says under its rows: a warning for each variant and point whose numbers
 * should not be read at face value.
 */
import type { AggregateGroup } from '../aggregate/aggregate.js';
import { formatMetricValue, formatNumber, formatQuantity } from '../aggregate/format.js';
import { QUANTILE_RELATIVE_ACCURACY } from '../metrics/activation-stats.js';
import { platformDescriptor } from '../platform/index.js';
import type { RunSpec, Scenario } from '../schema/types.js';
import { sweepValueText } from './chart-axes.js';

/** Throughput below this share of the offered load: the variant does not keep up. */
const SATURATED_SHARE = 0.9;
/** Arrivals outpacing completions by more than this share of them, in every replication: a growing backlog. */
const GROWING_SHARE = 0.01;
/** Replications whose largest value is more than this many times their smallest disagree wildly. */
const DISAGREEMENT_FACTOR = 2;
/** Metrics whose disagreement across replications is worth a warning. */
const AGREEMENT_METRICS = ['throughput', 'latency.p50'] as const;
/**
 * Cold starts over placements in the second half of the window (OpenWhisk reports it) at or above
 * this share, with a growing backlog: the run tipped into cold-start thrash. A tipped OpenWhisk run
 * starts ~97 % of its activations cold; a healthy one near its threshold 10-40 %.
 */
const THRASH_COLD_SHARE = 0.5;
const SECOND_HALF_COLD = 'coldStartRatio.secondHalf';

/** The run a group's rows come from. */
export function runOf(scenario: Scenario, g: Pick<AggregateGroup, 'variant' | 'pointIndex'>): RunSpec | undefined {
  return scenario.runs.find((r) => r.variant === g.variant && r.pointIndex === g.pointIndex);
}

/** `1`, `1 and 3`, `1, 3 and 4` */
function listed(numbers: readonly number[]): string {
  return numbers.length === 1 ? String(numbers[0]) : `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** `12 %`, or `12 to 15 %` when the values differ at two significant digits. */
function percentRange(shares: readonly number[]): string {
  const [low, high] = [Math.min(...shares), Math.max(...shares)].map((x) => formatNumber(100 * x, 2));
  return low === high ? `${low} %` : `${low} to ${high} %`;
}

/** `variant fewer at workload.0.arrivals.poisson=100 /s` */
function where(scenario: Scenario, g: AggregateGroup): string {
  const point = scenario.sweepPaths.map((p) => `${p}=${sweepValueText(scenario, p, g.point[p])}`).join(', ');
  return `variant ${g.variant}${point ? ` at ${point}` : ''}`;
}

/**
 * Activations a workload may hold in the system however long it runs: a closed loop's clients
 * (each waits for its answer before it sends again; a chain's client has one step in flight).
 * Arrivals that outnumber completions by no more than these are not a backlog: a closed loop
 * cannot saturate (one client at 7 arrivals and 6 completions is merely mid-call at the end).
 */
function closedLoopClients(run: RunSpec | undefined): number {
  return (run?.workload ?? []).reduce((sum, w) => sum + (w.arrivals.kind === 'closedLoop' ? w.arrivals.clients : 0), 0);
}

/**
 * How long the run's blocking callers wait before the platform answers HTTP 202 instead of the
 * result (OpenWhisk's maxWaitBlocking), or undefined when they wait as long as it takes.
 */
export function blockingWaitOf(run: RunSpec | undefined): number | undefined {
  if (run === undefined || !run.workload.some((w) => w.blocking)) return undefined;
  const wait = platformDescriptor(run.platform.kind)?.blockingWaitSeconds?.(run.platform);
  return wait !== undefined && wait > 0 ? wait : undefined;
}

/**
 * Whether a latency quantile is the blocking wait rather than a response time: in some
 * replication it reaches the wait (a timed-out call's latency is the wait plus the controller's
 * publish delay; the sketch may read it up to 0.1 % short).
 */
export function isBlockingWait(values: readonly number[] | undefined, waitSeconds: number | undefined): boolean {
  if (waitSeconds === undefined || values === undefined) return false;
  return values.some((v) => v >= waitSeconds * (1 - QUANTILE_RELATIVE_ACCURACY));
}

/**
 * Replications that tipped into cold-start thrash: most of the activations placed in the second
 * half of the window started cold (`coldStartRatio.secondHalf`, which OpenWhisk reports) and the
 * backlog grew (`grew`, as for a growing latency). Undefined when none did.
 */
function thrashWarning(scenario: Scenario, g: AggregateGroup, grew: readonly boolean[], stayedShare: readonly number[]): string | undefined {
  const cold = g.values[SECOND_HALF_COLD];
  if (cold === undefined) return undefined;
  const tipped = grew.flatMap((backlog, i) => (backlog && cold[i] >= THRASH_COLD_SHARE ? [i] : []));
  if (tipped.length === 0) return undefined;
  const n = grew.length;
  const which =
    tipped.length < n ? `in ${tipped.length} of ${n} replications (${listed(tipped.map((i) => g.replications[i]))})` : n === 1 ? 'in its replication' : `in all ${n} replications`;
  return (
    `${where(scenario, g)} tipped into cold-start thrash ${which}: in the second half of the window ${percentRange(tipped.map((i) => cold[i]))} of its activations ` +
    `started cold while the backlog grew (${percentRange(tipped.map((i) => stayedShare[i]))} of the arrivals still in the system at the end); ` +
    "OpenWhisk's metastable collapse, which lasts until the load falls below what the invokers complete when every start is cold (docs/openwhisk.md#metastable-collapse)"
  );
}

/**
 * What makes a row's numbers misleading: a variant that does not keep up with its load (throughput
 * well below offered, beyond what closed-loop clients hold), or whose backlog grew through the run
 * (in every replication, the window's arrivals outnumber what it completed, turned away or lost by
 * more than the closed-loop clients and 1 % of the arrivals: its latencies then depend on how long
 * it ran); blocking calls answered by the platform's timeout instead of their result (their
 * latency is that wait); replications that tipped into cold-start thrash (most of the second
 * half's activations started cold while the backlog grew: OpenWhisk's metastable collapse); and
 * replications that disagree wildly (a bimodal outcome: a run that thrashes in some replications
 * and not in others).
 */
export function groupWarnings(scenario: Scenario, g: AggregateGroup): string[] {
  const warnings: string[] = [];
  const run = runOf(scenario, g);
  const offered = g.estimates.offered?.mean ?? NaN;
  const throughput = g.estimates.throughput?.mean ?? NaN;
  const clients = closedLoopClients(run);
  const perReplication = (metric: string) => g.values[metric] ?? g.replications.map(() => 0);
  const [arrivals, completed] = [perReplication('arrivals'), perReplication('completed')];
  const turnedAway = ['rejected', 'throttled', 'failed'].map(perReplication);
  // arrivals less completions: what stayed in the system or was turned away, in each replication
  const unserved = arrivals.map((a, i) => a - completed[i]);
  const stayed = unserved.map((u, i) => u - turnedAway.reduce((sum, t) => sum + (Number.isFinite(t[i]) ? t[i] : 0), 0));
  const stayedShare = stayed.map((s, i) => s / arrivals[i]);
  // a backlog: more stayed than the closed-loop clients hold and 1 % of the arrivals
  const grew = stayed.map((s, i) => s > clients + GROWING_SHARE * arrivals[i]);
  const growing = grew.length > 0 && grew.every(Boolean);
  const meanUnserved = unserved.reduce((sum, u) => sum + u, 0) / unserved.length;
  if (offered > 0 && throughput < SATURATED_SHARE * offered && meanUnserved > clients) {
    // Latencies are of the window's arrivals: behind a backlog, none of them may have finished.
    const measured = (g.values['latency.p50'] ?? []).some((v) => Number.isFinite(v));
    const latencies = measured
      ? 'its latencies are those of the activations that finished'
      : `none of the activations that arrived after the warm-up finished (the ${formatNumber(g.estimates.completed?.mean ?? NaN)} a replication it completed had arrived before, behind the backlog), so it shows no latency`;
    warnings.push(`${where(scenario, g)} is saturated: throughput ${formatMetricValue('throughput', throughput)} of ${formatMetricValue('offered', offered)} offered; ${latencies}`);
  } else if (offered > 0 && growing) {
    const every = stayed.length === 1 ? 'its replication' : `each of its ${stayed.length} replications`;
    warnings.push(
      `${where(scenario, g)}: latency grows through the run: arrivals outpace completions by ${formatMetricValue('throughput', offered - throughput)} ` +
        `(${percentRange(stayedShare)} of the arrivals still in the system at the end, in ${every}), so its latencies depend on how long it ran`,
    );
  }
  const thrash = thrashWarning(scenario, g, grew, stayedShare);
  if (thrash !== undefined) warnings.push(thrash);
  const timedOut = g.estimates.timedOut?.mean ?? 0;
  const wait = blockingWaitOf(run);
  if (timedOut > 0 && wait !== undefined) {
    const quantiles = ['latency.p50', 'latency.p99'].filter((m) => isBlockingWait(g.values[m], wait)).map((m) => m.slice('latency.'.length));
    const marked = quantiles.length === 0 ? '' : `: its ${quantiles.join(' and ')}, marked (timeout), ${quantiles.length === 1 ? 'is' : 'are'} that wait, not a response time`;
    warnings.push(
      `${where(scenario, g)}: ${formatNumber(timedOut)} blocking calls a replication (${formatNumber((100 * timedOut) / (g.estimates.arrivals?.mean ?? NaN), 2)} % of arrivals) timed out: ` +
        `the platform answered HTTP 202 after its ${formatQuantity('time', wait)} blocking wait instead of the result, and their latency is that wait${marked}`,
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
