/**
 * The metrics every platform reports, recorded by activation-stats.ts (per activation, for the
 * whole run and per function) and recorder.ts (whole-run counts), and the instance gauges that
 * the platforms keep through `Recorder.gauge`. The headline ones are summary.csv's first columns.
 */
import { QUANTILE_RULE } from './activation-stats.js';
import { ALL_PLATFORMS, defineMetrics, FAULTS_LAYER, type MetricDeclaration, type Scope } from '../model/metric-registry.js';

const everywhere = { run: ALL_PLATFORMS, function: ALL_PLATFORMS } as const;
const runOnly = { run: ALL_PLATFORMS } as const;
// only runs that schedule faults report failures (metric kind `<kind>+faults`)
const withFaults = { run: [FAULTS_LAYER], function: [FAULTS_LAYER] } as const;
// scale-per-request keeps one pool of instances per function, so it has per-function gauges
const instanceScopes: Partial<Record<Scope, typeof ALL_PLATFORMS | readonly string[]>> = { run: ALL_PLATFORMS, function: ['scale-per-request'] };

const QUANTILES = [
  ['p50', '50th'],
  ['p90', '90th'],
  ['p99', '99th'],
  ['p999', '99.9th'],
] as const;

/** mean and quantiles of one per-activation time, e.g. latency.mean, latency.p50, ... */
function timeDistribution(prefix: string, what: string, quantiles: readonly (readonly [string, string])[]): MetricDeclaration[] {
  return [
    { name: `${prefix}.mean`, quantity: 'time', statistic: 'mean', scopes: everywhere, meaning: `mean ${what}`, headline: true },
    ...quantiles.map(([suffix, th]) => ({
      name: `${prefix}.${suffix}`,
      quantity: 'time' as const,
      statistic: 'quantile' as const,
      scopes: everywhere,
      meaning: `${th} percentile of ${prefix} (${QUANTILE_RULE})`,
      headline: true,
    })),
  ];
}

export const CORE_METRICS = defineMetrics([
  { name: 'offered', quantity: 'rate', statistic: 'ratioOfSums', scopes: everywhere, meaning: 'arrivals per second in the window', headline: true },
  { name: 'throughput', quantity: 'rate', statistic: 'ratioOfSums', scopes: everywhere, meaning: 'completions per second in the window', headline: true },
  { name: 'completed', quantity: 'count', statistic: 'count', scopes: everywhere, meaning: 'completions in the window', headline: true },
  { name: 'rejected', quantity: 'count', statistic: 'count', scopes: everywhere, meaning: 'arrivals in the window turned away: no capacity or queue full', headline: true },
  { name: 'throttled', quantity: 'count', statistic: 'count', scopes: everywhere, meaning: 'arrivals in the window over an OpenWhisk rate limit (HTTP 429)', headline: true },
  { name: 'rejectedRatio', quantity: 'ratio', statistic: 'ratioOfSums', scopes: everywhere, meaning: 'rejected / arrivals', headline: true },
  ...timeDistribution('latency', 'arrival to response (the result when blocking, the 202 when not), for activations that arrived after warm-up and finished', QUANTILES),
  ...timeDistribution('completion', 'arrival to result, for every activation', QUANTILES),
  ...timeDistribution('wait', 'arrival to start of execution', QUANTILES.filter(([q]) => q !== 'p90' && q !== 'p999')),
  { name: 'waitProbability', quantity: 'ratio', statistic: 'ratioOfSums', scopes: everywhere, meaning: 'share of started activations that waited at all', headline: true },
  { name: 'coldStarts', quantity: 'count', statistic: 'count', scopes: everywhere, meaning: 'executions started on a new instance', headline: true },
  { name: 'coldStartRatio', quantity: 'ratio', statistic: 'ratioOfSums', scopes: everywhere, meaning: 'coldStarts / started', headline: true },
  { name: 'starts.cold', quantity: 'count', statistic: 'count', scopes: everywhere, meaning: 'executions started on a new instance (= coldStarts)', headline: true },
  { name: 'starts.prewarm', quantity: 'count', statistic: 'count', scopes: everywhere, meaning: 'executions started on an OpenWhisk stem cell', headline: true },
  { name: 'starts.warm', quantity: 'count', statistic: 'count', scopes: everywhere, meaning: 'executions started on a warm idle instance', headline: true },
  { name: 'starts.resumed', quantity: 'count', statistic: 'count', scopes: everywhere, meaning: 'executions started on a paused container, resumed', headline: true },
  { name: 'inSystem.mean', quantity: 'count', statistic: 'gaugeMean', scopes: everywhere, meaning: "time-averaged activations in the system (Little's law: throughput x completion.mean)", headline: true },
  { name: 'instances.mean', quantity: 'count', statistic: 'gaugeMean', scopes: instanceScopes, meaning: 'time-averaged alive servers, instances or containers', headline: true },
  { name: 'instances.busy', quantity: 'count', statistic: 'gaugeMean', scopes: instanceScopes, meaning: 'time-averaged busy servers, instances or containers', headline: true },
  { name: 'utilization', quantity: 'ratio', statistic: 'ratioOfSums', scopes: instanceScopes, meaning: 'instances.busy / instances.mean', headline: true },
  { name: 'arrived', quantity: 'count', statistic: 'count', scopes: runOnly, meaning: 'whole-run arrivals: arrived = finishedTotal + rejectedTotal + failedTotal (0 without faults) + inFlight, always', headline: true },
  { name: 'inFlight', quantity: 'count', statistic: 'count', scopes: runOnly, meaning: 'arrived, not finished, rejected nor failed by the end of the run', headline: true },
  { name: 'arrivals', quantity: 'count', statistic: 'count', scopes: everywhere, meaning: 'arrivals in the window (offered x window)' },
  { name: 'finishedTotal', quantity: 'count', statistic: 'count', scopes: runOnly, meaning: 'whole-run completions' },
  { name: 'rejectedTotal', quantity: 'count', statistic: 'count', scopes: runOnly, meaning: 'whole-run rejections and throttles' },
  { name: 'inSystem.max', quantity: 'count', statistic: 'gaugePeak', scopes: everywhere, meaning: 'most activations in the system at once' },
  { name: 'instances.max', quantity: 'count', statistic: 'gaugePeak', scopes: instanceScopes, meaning: 'most alive servers, instances or containers at once' },
  { name: 'instances.busy.max', quantity: 'count', statistic: 'gaugePeak', scopes: instanceScopes, meaning: 'most busy servers, instances or containers at once' },
  { name: 'started', quantity: 'count', statistic: 'count', scopes: everywhere, meaning: 'executions started in the window' },
  { name: 'failed', quantity: 'count', statistic: 'count', scopes: withFaults, meaning: 'arrivals in the window lost inside the platform (an invoker failed while it held them): never a result' },
  { name: 'failedRatio', quantity: 'ratio', statistic: 'ratioOfSums', scopes: withFaults, meaning: 'failed / arrivals' },
  { name: 'failedTotal', quantity: 'count', statistic: 'count', scopes: { run: [FAULTS_LAYER] }, meaning: 'whole-run activations lost to faults' },
  { name: 'throttledRatio', quantity: 'ratio', statistic: 'ratioOfSums', scopes: everywhere, meaning: 'throttled / arrivals' },
]);
