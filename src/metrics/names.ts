/**
 * The metric vocabulary, read from the metric registry (model/metric-registry.ts) once the
 * built-in declarations are loaded: the core metrics here, each platform's through the platform
 * registry. Every name a run reports (a column of summary.csv, a name claims and charts use) per
 * platform kind and scope; the scenario loader checks claims and charts against it, so a misspelt
 * metric is refused before anything runs.
 */
import { declaredMetric, declaredMetrics, declareMetrics, FAULTS_LAYER, reportedOn, type Quantity, type Scope } from '../model/metric-registry.js';
import { FAULT_COLUMNS } from '../platform/openwhisk/index.js';
import { platformKinds, platformTimeseries } from '../platform/index.js';
import { CORE_METRICS } from './core-metrics.js';
import { CHAIN_METRICS } from './chain-stats.js';
import { allLayers, metricLayerNames } from '../layers/index.js';

// Registered explicitly, as the record of layers registers the layers' and the platform registry the platforms'.
declareMetrics(Object.values(CORE_METRICS));
declareMetrics(Object.values(CHAIN_METRICS));

/** Metrics every platform reports for the whole run (a user's platform too). */
export const GENERAL_METRICS: readonly string[] = Object.values(CORE_METRICS)
  .filter((d) => d.scopes.run === 'all')
  .map((d) => d.name);

/**
 * The metrics a platform kind reports, in declaration order: for the whole run, or per function
 * (those exist when a run has two functions or more; with one, the whole run is that function).
 * Undefined for a kind that is not registered.
 */
export function metricNames(kind: string, scope: Scope = 'run'): readonly string[] | undefined {
  // A metric kind is a platform kind, then the layers on it: `openwhisk+sgx`.
  const parts = kind.split('+');
  if (!platformKinds().includes(parts[0])) return undefined;
  if (!parts.slice(1).every((layer) => metricLayerNames().includes(layer))) return undefined;
  return declaredMetrics()
    .filter((d) => parts.some((part) => reportedOn(d, part, scope)))
    .map((d) => d.name);
}

/** Every declared metric, whatever the platform and scope. */
export function allMetricNames(): string[] {
  return declaredMetrics().map((d) => d.name);
}

/** What a declared metric's value is (undefined for an undeclared name). */
export function metricQuantity(metric: string): Quantity | undefined {
  return declaredMetric(metric)?.quantity;
}

/**
 * The values a metric can take, when bounded: a ratio (cold starts / started, utilization) is a
 * proportion in [0, 1]. A confidence interval is clipped to it: the t interval of a proportion near
 * 0 reaches below 0, which no replication could ever show.
 */
export function metricRange(metric: string): readonly [number, number] | undefined {
  return metricQuantity(metric) === 'ratio' ? [0, 1] : undefined;
}

/** A quantile (`latency.p50`, `wait.p99`): read from a sketch, so within its relative accuracy. */
export function isQuantile(metric: string): boolean {
  return declaredMetric(metric)?.statistic === 'quantile';
}

/** Headline metrics first in declaration order, then the others by code unit (locale-independent, so reproducible). */
export function sortMetricNames(names: Iterable<string>): string[] {
  const headline = new Map(declaredMetrics().filter((d) => d.headline).map((d, i) => [d.name, i]));
  return [...new Set(names)].sort((a, b) => {
    const ra = headline.get(a) ?? Infinity;
    const rb = headline.get(b) ?? Infinity;
    if (ra !== rb) return ra - rb;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Distributions kept as per-replication quantile grids: `y: <name>.cdf` draws their ECDF against `x: <name>`. */
export const CDF_DISTRIBUTIONS: readonly string[] = ['latency', 'completion', 'wait'];

/** The x axis of a time-series chart: the `time` column of timeseries.csv (seconds). */
export const TIME_AXIS = 'time';

/**
 * The time-series columns a platform kind samples, as its registry entry declares them (summed
 * over the sampled entities per tick by the charts), with those its layers add (`openwhisk+sgx`:
 * the EPC's; `+faults`: the invokers' health); empty: it samples none; undefined: a kind not known here.
 */
export function timeseriesColumns(kind: string): readonly string[] | undefined {
  const [platform, ...layers] = kind.split('+');
  if (!platformKinds().includes(platform)) return undefined;
  const own = platformTimeseries(platform)?.columns ?? [];
  if (platform !== 'openwhisk') return own;
  // in the sampler's order: the invokers' health with faults, then each security layer's columns
  const secure = allLayers().filter((l) => layers.includes(l.name)).flatMap((l) => l.columns);
  return [...own, ...(layers.includes(FAULTS_LAYER) ? FAULT_COLUMNS : []), ...secure];
}
