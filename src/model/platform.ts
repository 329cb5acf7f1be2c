import type { RandomStreams, Simulation } from '../engine/index.js';
import type { FunctionSpec, PlatformSpec } from '../spec/types.js';
import type { Activation } from './activation.js';
import type { ActivationListener, ActivationSink } from './activation-events.js';
import type { Recorder } from './recording.js';

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
  /** Seconds between time-series samples and control ticks; 0 when off. */
  sampleIntervalSeconds: number;
}

export interface Platform {
  /** A new activation arrives at the platform's front door. */
  submit(a: Activation): void;
  /**
   * Periodic control work (OpenWhisk timers, time-series sampling), run between event batches
   * every `intervalSeconds` of simulated time. May await (sim-ecs steps are async).
   */
  control?: { intervalSeconds: number; tick(nowSeconds: number): Promise<void> };
  /** Time-series rows sampled during the run (tidy: one row per tick per entity). */
  timeseries?(): Record<string, number | string>[];
  /** End of the run: release what the platform holds (ECS worlds). */
  close?(): void;
}

export type PlatformFactory<S extends PlatformSpec = PlatformSpec> = (spec: S, ctx: PlatformContext) => Platform;
