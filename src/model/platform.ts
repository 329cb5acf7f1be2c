import type { z } from 'zod';
import type { RandomStreams, Simulation } from '../engine/index.js';
import type { Problem } from '../schema/errors.js';
import type { FunctionSpec, PlatformSpec } from '../schema/types.js';
import type { HardwareProfile } from '../schema/hardware.js';
import type { Activation } from './activation.js';
import type { ActivationListener, ActivationSink } from './activation-events.js';
import type { MetricDeclaration } from './metric-registry.js';
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
  /**
   * Where an activation ran, for a per-activation trace (`secfaas run --trace`): set only when
   * someone traces, so a platform checks for it once, when it is built, and otherwise pays nothing.
   * A platform with machines and instances calls it once per activation, by the time the activation
   * finishes: the machine's index (an OpenWhisk invoker) and the instance's id, unique in the run
   * (its container). One without them (a station) never calls it.
   */
  placed?: (a: Activation, invoker: number, container: number) => void;
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

export type PlatformFactory<S extends { kind: string } = PlatformSpec> = (spec: S, ctx: PlatformContext) => Platform;

/**
 * Everything the rest of the simulator needs to know about a platform kind, registered in one
 * place (platform/index.ts `registerPlatform`): the scenario loader validates, checks and sweeps
 * the `platform` block through it, the metric vocabulary reads its metrics, the run creates it.
 */
export interface PlatformDescriptor<S extends { kind: string } = { kind: string }> {
  /** The `kind` of a scenario's `platform` block. */
  readonly kind: string;
  /** The whole `platform` block (with `kind`) -> the resolved spec `create` gets; its issues are located in the file. */
  readonly schema: z.ZodType<S, unknown>;
  /** Checks that need the functions too, on a parsed block; paths are inside the platform block. */
  readonly check?: (platform: S, functions: readonly FunctionSpec[]) => Problem[];
  /**
   * The defaults of its model file for this block, so that a sweep or variant path into
   * `platform.` may reach a key the file does not write (`platform.pauseGrace`).
   */
  readonly modelDefaults?: (block: Readonly<Record<string, unknown>>) => unknown;
  /**
   * Settles what the platform takes from the run's machine (`hardware`, or none), once the block is
   * parsed: OpenWhisk's invokers get the profile's cores. Absent: nothing to settle.
   */
  readonly onMachine?: (spec: S, hardware: HardwareProfile | undefined) => S;
  /**
   * The metric layers a run of this block adds to its metric kind (`openwhisk+faults`): it then
   * reports the metrics scoped to them. `metricLayerNames` lists every one it may add.
   */
  readonly metricLayers?: (spec: S) => readonly string[];
  readonly metricLayerNames?: readonly string[];
  /** What it reports beyond every platform's metrics; each must name this kind (declareMetrics). */
  readonly metrics: readonly MetricDeclaration[];
  readonly create: PlatformFactory<S>;
  /** The time-series rows it hands to `onSample` (absent: it samples none). */
  readonly timeseries?: TimeseriesColumns;
  /**
   * How long a blocking caller waits for its result before the platform answers HTTP 202 with the
   * activation id instead (OpenWhisk's maxWaitBlocking); absent or 0: as long as it takes. A
   * latency that long is that wait, not a response time (the table says so).
   */
  readonly blockingWaitSeconds?: (spec: S) => number;
  /** What a run of it costs beyond its activations, for the size check before a run (absent: a simple queue's, simpleWork). */
  readonly work?: (spec: S) => PlatformWork;
}

/**
 * The time-series rows a platform kind hands to `onSample`: `time`, the column naming the entity
 * sampled (e.g. `invoker`), then its sampled columns, in this order. Declared with the kind, so
 * that timeseries.csv's header is known before the first row is streamed, and charts can be checked.
 */
export interface TimeseriesColumns {
  entity: string;
  columns: readonly string[];
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
