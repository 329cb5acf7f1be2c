/**
 * Metric names in claims and charts, checked against the metric vocabulary of the platforms the
 * scenario runs on (src/metrics/names.ts), with "did you mean" for a misspelt one.
 */
import { allMetricNames, metricNames } from '../metrics/names.js';
import { platformKinds } from '../platform/index.js';
import { closestKey } from '../schema/zod-issues.js';

/** Whole-run metrics, those of one function (a claim with `function` in a run of several), or of one chain. */
export type MetricScope = 'run' | 'function' | 'chain';

/** Where a metric must exist: a platform kind, at a scope, for these variants. */
export interface MetricPlace {
  kind: string;
  scope: MetricScope;
  variants: string[];
}

const quoted = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(', ');

/**
 * Why `metric` is not reported in one of `places` (undefined when it is everywhere). Without
 * places (nothing known to run), the metric must be one that some platform reports.
 */
export function metricProblem(metric: string, places: readonly MetricPlace[]): string | undefined {
  const all = allMetricNames();
  if (!all.includes(metric)) {
    // Suggest from what this file can use, else from every name.
    const known = places.length > 0 ? (metricNames(places[0].kind, places[0].scope) ?? all) : all;
    const guess = closestKey(metric, known) ?? closestKey(metric, all);
    return guess !== undefined
      ? `unknown metric ${JSON.stringify(metric)} (did you mean ${JSON.stringify(guess)}?)`
      : `unknown metric ${JSON.stringify(metric)}; metrics: ${known.join(', ')}`;
  }
  for (const { kind, scope, variants } of places) {
    const names = metricNames(kind, scope);
    // A platform registered by a user: its metrics are not known here.
    if (names === undefined || names.includes(metric)) continue;
    const where = `platform ${kind} (variant ${quoted(variants)})`;
    if (scope === 'chain') return `${metric} is not reported per chain on ${where}: chains report ${quoted(metricNames(kind, 'chain') ?? [])}`;
    if (metricNames(kind, 'chain')?.includes(metric)) return `${metric} is reported on a chain's rows: name the chain (chain: NAME)`;
    if (scope === 'function') {
      return metricNames(kind, 'run')?.includes(metric)
        ? `${metric} is not reported per function on ${where}: it is a whole-run metric (drop function)`
        : `${metric} is not reported per function on ${where}`;
    }
    const reportedBy = platformKinds().filter((k) => metricNames(k)?.includes(metric));
    const only = reportedBy.length > 0 ? `: only ${reportedBy.join(', ')} report${reportedBy.length === 1 ? 's' : ''} it` : '';
    return `${metric} is not a metric of ${where}${only}`;
  }
  return undefined;
}
