import type { Metrics } from '../model/metrics.js';
import type { Scenario } from '../spec/types.js';

/** The outcome of one replication of one variant at one sweep point. */
export interface ReplicationResult {
  variant: string;
  pointIndex: number;
  point: Record<string, number | string>;
  /** 1-based. */
  replication: number;
  /** Whole-run metrics. */
  metrics: Metrics;
  /** Function name -> the same metrics restricted to that function (only when there are several functions). */
  perFunction: Record<string, Metrics>;
  /** Chain name -> the chain metrics of that chain (only when the run has several chains). */
  perChain?: Record<string, Metrics>;
  /** Tidy time-series rows, when the platform samples any. */
  timeseries: Record<string, number | string>[];
  /** Simulated events handled: for benchmarks. */
  events: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  /** Ordered by variant (file order), then point, then replication: the order of summary.csv. */
  replications: ReplicationResult[];
  /** secfaas version that produced it. */
  version: string;
}
