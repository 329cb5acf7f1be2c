import type { Metrics } from '../model/metrics.js';
import type { TimeSeriesRow } from '../model/platform.js';
import type { RunSpec, Scenario } from '../schema/types.js';
import type { QuantileGrids } from '../metrics/activation-stats.js';

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
  /** Chain name -> the chain metrics of that chain (when the run has chains). */
  perChain?: Record<string, Metrics>;
  /**
   * Quantile grids (0, 0.01, ..., 1) of the latency distributions, whole run and per function
   * (only with several functions): ECDFs without keeping every activation. Absent in hand-built results.
   */
  quantileGrids?: QuantileGrids;
  perFunctionQuantileGrids?: Record<string, QuantileGrids>;
  /** Simulated events handled: for benchmarks. */
  events: number;
}

/**
 * Takes time-series rows as they are sampled, with the run and replication they belong to. The
 * rows are never part of a result: a 24 h run samples millions, so they go straight to a file
 * (output/timeseries-csv.ts) or wherever the caller wants them.
 */
export interface TimeseriesSink {
  row(spec: RunSpec, replication: number, row: TimeSeriesRow): void;
}

export interface ScenarioResult {
  scenario: Scenario;
  /** Ordered by variant (file order), then point, then replication: the order of summary.csv. */
  replications: ReplicationResult[];
  /** secfaas version that produced it. */
  version: string;
}
