import type { RandomStreams, Simulation } from '../engine/index.js';
import type { FunctionSpec, PlatformSpec } from '../spec/types.js';
import type { Activation } from './activation.js';
import type { ActivationListener, ActivationSink } from './activation-events.js';
import type { Recorder } from './recording.js';

/** One time-series sample of one entity (an invoker): column -> value. */
export type TimeSeriesRow = Record<string, number | string>;

export interface PlatformContext {
  sim: Simulation;
  random: RandomStreams;
  functions: FunctionSpec[];
  /** Where the platform reports its activations' events. */
  sink: ActivationSink;
  /** Adds a listener to every activation event of the run (after the recorder and the workload): a chain's next step, a tracer. */
  listen(listener: ActivationListener): void;
  recorder: Recorder;
  warmupSeconds: number;
  durationSeconds: number;
  /** Seconds between time-series samples; 0 when off. */
  sampleIntervalSeconds: number;
  /**
   * Takes each time-series row as it is sampled (the run streams it to timeseries.csv), so that a
   * long run holds no rows in memory. Absent: nobody wants the time series, the platform samples none.
   */
  onSample?: (row: TimeSeriesRow) => void;
}

export interface Platform {
  /** A new activation arrives at the platform's front door. */
  submit(a: Activation): void;
  /**
   * Periodic control work (OpenWhisk timers, time-series sampling), run between event batches
   * every `intervalSeconds` of simulated time. May await (sim-ecs steps are async).
   */
  control?: { intervalSeconds: number; tick(nowSeconds: number): Promise<void> };
  /** End of the run: release what the platform holds (ECS worlds). */
  close?(): void;
}

export type PlatformFactory<S extends PlatformSpec = PlatformSpec> = (spec: S, ctx: PlatformContext) => Platform;

/**
 * The time-series rows a platform kind hands to `onSample`: `time`, the column naming the entity
 * sampled (e.g. `invoker`), then its sampled columns, in this order. Declared with the kind, so
 * that timeseries.csv's header is known before the first row is streamed, and charts can be checked.
 */
export interface TimeseriesColumns {
  entity: string;
  columns: readonly string[];
}

/** A platform kind as the run sees it: how to build one, what it samples (absent: nothing), what it costs. */
export interface PlatformEntry<S extends PlatformSpec = PlatformSpec> {
  create: PlatformFactory<S>;
  timeseries?: TimeseriesColumns;
  /** What a run of this platform costs beyond its activations, for the size check before a run. */
  work(spec: S): PlatformWork;
}

/** Rough costs of a platform, measured with `npm run bench` (run/estimate.ts turns them into a run's size). */
export interface PlatformWork {
  /** Simulated events per activation (bench: station and scale-per-request 2, OpenWhisk 6). */
  eventsPerActivation: number;
  /** Work of its periodic control per simulated second, counted in events (OpenWhisk: a tick over every invoker). */
  controlEventsPerSecond: number;
  /** Memory its fixed entities hold (OpenWhisk: the invokers, and each controller's books on them). */
  liveBytes: number;
}
