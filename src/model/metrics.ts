/** Metric name -> value, e.g. { throughput: 198.7, 'latency.p50': 0.021 }. Names are listed in README. */
export type Metrics = Record<string, number>;
