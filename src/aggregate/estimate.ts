import quantile from '@stdlib/stats-base-dists-t-quantile';
import { QUANTILE_RELATIVE_ACCURACY } from '../metrics/activation-stats.js';
import { isQuantile, metricRange } from '../metrics/names.js';

/** Mean and Student-t confidence interval of independent replications of one metric. */
export interface Estimate {
  n: number;
  mean: number;
  stddev: number;
  /** Half-width of the confidence interval; NaN with fewer than two finite values. */
  halfWidth: number;
  low: number;
  high: number;
}

/** Ignores NaN values (a metric with no observations in a replication). */
export function estimate(values: readonly number[], confidence = 0.95): Estimate {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, stddev: NaN, halfWidth: NaN, low: NaN, high: NaN };
  if (n > 1 && xs.every((v) => v === xs[0])) {
    // Identical replications (a quantile in the same sketch bucket, a constant count): no spread.
    // Summing would leave float noise in the mean and a spurious half-width of ~1e-14.
    return { n, mean: xs[0], stddev: 0, halfWidth: 0, low: xs[0], high: xs[0] };
  }
  const mean = xs.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { n, mean, stddev: NaN, halfWidth: NaN, low: NaN, high: NaN };
  const variance = xs.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (n - 1);
  const stddev = Math.sqrt(variance);
  const halfWidth = quantile(1 - (1 - confidence) / 2, n - 1) * (stddev / Math.sqrt(n));
  return { n, mean, stddev, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}

/** An interval clipped to the values that can occur (`range`); unchanged without one. */
export function clipInterval<T extends { low: number; high: number }>(interval: T, range: readonly [number, number] | undefined): T {
  if (range === undefined) return interval;
  const clip = (x: number) => (Number.isNaN(x) ? x : Math.min(range[1], Math.max(range[0], x)));
  return { ...interval, low: clip(interval.low), high: clip(interval.high) };
}

/** The estimate of a metric's replications, its interval clipped to the metric's range (a proportion's to [0, 1]). */
export function metricEstimate(metric: string, values: readonly number[], confidence = 0.95): Estimate {
  return clipInterval(estimate(values, confidence), metricRange(metric));
}

/**
 * The estimate a claim judges, and what the report's ratio charts and the table's ratio columns
 * show, so that one ratio has one interval everywhere: `kind` says whether `samples` are a metric's
 * values or paired ratios (output of pairedRatios). A quantile comes from a sketch with a relative
 * error, so its interval is widened by it (a ratio of two quantiles by both errors): a bound closer
 * to the value than the sketch can resolve is never judged with false certainty. With one
 * replication the interval is the mean widened so. A value's interval is clipped to the metric's
 * range (a proportion's to [0, 1]; a ratio of two proportions is not one).
 */
export function judgedEstimate(metric: string, samples: readonly number[], kind: 'value' | 'ratio', confidence = 0.95): Estimate {
  const e = estimate(samples, confidence);
  const slack = !isQuantile(metric) ? 0 : kind === 'ratio' ? (1 + QUANTILE_RELATIVE_ACCURACY) / (1 - QUANTILE_RELATIVE_ACCURACY) - 1 : QUANTILE_RELATIVE_ACCURACY;
  const widened = { ...e, low: (e.n === 1 ? e.mean : e.low) * (1 - slack), high: (e.n === 1 ? e.mean : e.high) * (1 + slack) };
  return clipInterval(widened, kind === 'value' ? metricRange(metric) : undefined);
}
