import type { z } from 'zod';
import type { RandomStreams, Simulation } from '../engine/index.js';
import type { Problem } from '../spec/errors.js';
import type { FunctionSpec, PlatformSpec } from '../spec/types.js';
import type { Activation } from './activation.js';
import type { ActivationListener, ActivationSink } from './activation-events.js';
import type { MetricDeclaration } from './metric-registry.js';
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
  /** What it reports beyond every platform's metrics; each must name this kind (declareMetrics). */
  readonly metrics: readonly MetricDeclaration[];
  readonly create: PlatformFactory<S>;
}
