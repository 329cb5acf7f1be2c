/**
 * The metric vocabulary: every name a run reports (a column of summary.csv, a name claims and
 * charts use), per platform kind, for the whole run and per function. The scenario loader checks
 * claims and charts against it, so a misspelt metric is refused before anything runs;
 * test/metrics/names.test.ts checks it against what the platforms really report.
 */

/** Per-activation metrics (ActivationStats): every platform, for the whole run and per function. */
const PER_ACTIVATION = [
  'offered',
  'throughput',
  'arrivals',
  'completed',
  'rejected',
  'throttled',
  'rejectedRatio',
  'throttledRatio',
  'latency.mean',
  'latency.p50',
  'latency.p90',
  'latency.p99',
  'latency.p999',
  'completion.mean',
  'completion.p50',
  'completion.p90',
  'completion.p99',
  'completion.p999',
  'wait.mean',
  'wait.p50',
  'wait.p99',
  'waitProbability',
  'started',
  'coldStarts',
  'coldStartRatio',
  'starts.cold',
  'starts.prewarm',
  'starts.warm',
  'starts.resumed',
  'inSystem.mean',
  'inSystem.max',
] as const;

/** Whole-run counts (MetricsRecorder): arrived = finishedTotal + rejectedTotal + inFlight. */
const WHOLE_RUN = ['arrived', 'finishedTotal', 'rejectedTotal', 'inFlight'] as const;

/** The alive and busy gauges every platform keeps; `utilization` = busy / alive. */
const INSTANCES = ['instances.mean', 'instances.max', 'instances.busy', 'instances.busy.max', 'utilization'] as const;

/** OpenWhisk's means of the parts of a response time (they add up to a blocking one). */
const OPENWHISK_BREAKDOWN = ['controller', 'queueing', 'containerStart', 'init', 'run', 'acks'].map((part) => `latency.breakdown.${part}`);

/**
 * Function chains (ChainStats), on every platform, when the run has chains: for the whole run
 * (every chain together) and per chain. Counts and latency by the chain call, not its steps (which
 * are activations, counted as such too); arrived = completedTotal + failedTotal + inFlight.
 */
export const CHAIN_METRICS: readonly string[] = [
  'chain.arrivals',
  'chain.completed',
  'chain.throughput',
  'chain.failed',
  'chain.latency.mean',
  'chain.latency.p50',
  'chain.latency.p99',
  'chain.arrived',
  'chain.completedTotal',
  'chain.failedTotal',
  'chain.inFlight',
];

/** Metrics every platform reports for the whole run. */
export const GENERAL_METRICS: readonly string[] = [...PER_ACTIVATION, ...WHOLE_RUN, ...INSTANCES];

/** What a platform kind adds to the general metrics, for the whole run and per function. */
interface PlatformMetrics {
  run: readonly string[];
  /** Per function the platform reports the per-activation metrics plus these. */
  perFunction: readonly string[];
}

const PLATFORM_METRICS: Record<string, PlatformMetrics> = {
  station: { run: [], perFunction: [] },
  'scale-per-request': { run: [], perFunction: INSTANCES },
  openwhisk: {
    run: ['evictions', 'invokers.memoryUsed.mean', 'invokers.memoryUsed.max', ...OPENWHISK_BREAKDOWN],
    perFunction: OPENWHISK_BREAKDOWN,
  },
};

/** Platform kinds whose vocabulary is known. */
export function knownMetricKinds(): string[] {
  return Object.keys(PLATFORM_METRICS);
}

/**
 * The metrics a platform kind reports: for the whole run, or per function (those exist when a run
 * has two functions or more; with one, the whole run is that function). Undefined for a kind
 * whose vocabulary is not known (a platform registered by a user).
 */
export function metricNames(kind: string, scope: 'run' | 'function' | 'chain' = 'run'): readonly string[] | undefined {
  const extra = Object.hasOwn(PLATFORM_METRICS, kind) ? PLATFORM_METRICS[kind] : undefined;
  if (extra === undefined) return undefined;
  if (scope === 'chain') return CHAIN_METRICS;
  return scope === 'run' ? [...GENERAL_METRICS, ...extra.run, ...CHAIN_METRICS] : [...PER_ACTIVATION, ...extra.perFunction];
}

/** Every metric of any known platform kind, whole run or per function. */
export function allMetricNames(): string[] {
  const all = new Set<string>([...GENERAL_METRICS, ...CHAIN_METRICS]);
  for (const extra of Object.values(PLATFORM_METRICS)) for (const name of [...extra.run, ...extra.perFunction]) all.add(name);
  return [...all];
}

/**
 * What a metric's value is, for the units of a claim's bounds: `time` (seconds: latency.*,
 * wait.*, completion.*, latency.breakdown.*), `rate` (per second: offered, throughput) or
 * `number` (counts, ratios, means of counts, MiB).
 */
export type MetricQuantity = 'time' | 'rate' | 'number';

export function metricQuantity(metric: string): MetricQuantity {
  if (/^(chain\.)?(latency|wait|completion)\./.test(metric)) return 'time';
  if (metric === 'offered' || metric === 'throughput' || metric === 'chain.throughput') return 'rate';
  return 'number';
}

/** A quantile (`latency.p50`, `wait.p99`): read from a sketch, so within its relative accuracy. */
export function isQuantile(metric: string): boolean {
  return /\.p\d+$/.test(metric);
}
