import quantile from '@stdlib/stats-base-dists-t-quantile';

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
  const mean = xs.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { n, mean, stddev: NaN, halfWidth: NaN, low: NaN, high: NaN };
  const variance = xs.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (n - 1);
  const stddev = Math.sqrt(variance);
  const halfWidth = quantile(1 - (1 - confidence) / 2, n - 1) * (stddev / Math.sqrt(n));
  return { n, mean, stddev, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}
