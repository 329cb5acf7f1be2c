import type { RandomStreams, Simulation } from '../engine/index.js';
import type { FunctionSpec, PlatformSpec } from '../scenario/types.js';
import type { Recorder } from '../metrics/recorder.js';

/** How an activation got its container or server. 'none' until it starts. */
export type StartKind = 'none' | 'cold' | 'prewarm' | 'warm' | 'resumed';

/** One request (OpenWhisk calls it an activation). Times are simulated seconds; NaN until known. */
export class Activation {
  /** When execution of the function body began. */
  start = NaN;
  /** When the caller got its answer (blocking: the result; non-blocking: the 202 with the id). */
  response = NaN;
  /** When the work was done and the result exists. */
  end = NaN;
  startKind: StartKind = 'none';

  constructor(
    readonly id: number,
    /** Index into the run's functions. */
    readonly fn: number,
    /** Closed-loop client that sent it, or -1 for open arrivals. */
    readonly client: number,
    readonly blocking: boolean,
    readonly arrival: number,
    /**
     * Execution time of the function body, drawn at arrival from the function's own stream,
     * so that every variant of a scenario sees the same demands (common random numbers).
     */
    readonly execSeconds: number,
  ) {}
}

/**
 * What a platform reports back to the run. The run forwards to the metrics recorder and to
 * closed-loop clients; a platform never talks to either directly.
 */
export interface ActivationSink {
  /** The function body starts executing (wait ends). Set `a.start` and `a.startKind` first. */
  started(a: Activation): void;
  /** A non-blocking caller got its 202: it may send its next request. Set `a.response` first. */
  accepted(a: Activation): void;
  /** The work is done (blocking: the caller has the result). Set `a.end` (and `a.response` for blocking) first. */
  finished(a: Activation): void;
  /** Turned away: 'rejected' (no capacity, queue full) or 'throttled' (over a rate limit). */
  rejected(a: Activation, reason: 'rejected' | 'throttled'): void;
}

/** One time-series sample of one entity (an invoker): column -> value. */
export type TimeSeriesRow = Record<string, number | string>;

export interface PlatformContext {
  sim: Simulation;
  random: RandomStreams;
  functions: FunctionSpec[];
  sink: ActivationSink;
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
 * A platform kind as the run sees it: how to build one, and the columns of the time-series rows it
 * hands to `onSample` (timeseries.csv's header is known before the first row is streamed).
 */
export interface PlatformEntry<S extends PlatformSpec = PlatformSpec> {
  create: PlatformFactory<S>;
  timeseriesColumns: readonly string[];
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
