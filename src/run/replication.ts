import { Simulation } from '../engine/index.js';
import { MetricsRecorder } from '../metrics/recorder.js';
import { createRunPlatform, metricKindOf } from '../layers/index.js';
import type { Activation } from '../model/activation.js';
import { ActivationFanOut, type ActivationListener } from '../model/activation-events.js';
import type { Platform } from '../model/platform.js';
import type { RunSpec } from '../schema/types.js';
import { Workload } from '../workload/workload.js';
import { ReplicationStreams } from './streams.js';
import type { ReplicationResult, TimeseriesSink } from './types.js';
import { ActivationTracer, type TraceOptions } from './activation-trace.js';

/** Without a control tick, a run still pauses this many times, so progress and Ctrl-C are seen within a replication. */
const PAUSES_WITHOUT_CONTROL = 1000;

/**
 * Runs `sim` from now to `untilSeconds`, stopping at every multiple of the control interval for
 * the platform's tick (which may await: sim-ecs steps are async); the event path itself never
 * awaits. Multiples of the interval, not a running sum: no drift over many ticks. A platform
 * without a tick is paused as often all the same (handling events in slices of time changes no
 * result), so that `afterTick` sees simulated time advance.
 */
export async function runControlled(
  sim: Simulation,
  control: Platform['control'],
  untilSeconds: number,
  afterTick?: (nowSeconds: number) => void | Promise<void>,
): Promise<void> {
  const ticking = control !== undefined && control.intervalSeconds > 0;
  const step = ticking ? control.intervalSeconds : afterTick !== undefined ? untilSeconds / PAUSES_WITHOUT_CONTROL : Infinity;
  for (let k = Math.floor(sim.now / step) + 1; k * step < untilSeconds; k++) {
    const t = k * step;
    sim.run(t);
    if (ticking) await control.tick(t);
    await afterTick?.(t);
  }
  sim.run(untilSeconds);
}

/**
 * One replication, wired: clock, streams, recorder, platform and workload. Every activation event
 * goes through one fan-out: to the recorder, to the workload (closed-loop clients), to the
 * listeners the platform added, then to an optional observer (tests, a caller's own trace), then
 * to the trace (`trace`: a record per activation, with where it ran and its breakdown parts).
 * `runReplication` is the usual way in; this class is for callers that need to step or drain the
 * simulation themselves.
 */
export class Replication {
  readonly sim = new Simulation();
  readonly random: ReplicationStreams;
  readonly recorder: MetricsRecorder;
  readonly platform: Platform;
  readonly workload: Workload;
  /** The run's activation events, in the order above. */
  readonly events = new ActivationFanOut();
  private started_ = false;
  private readonly tracer: ActivationTracer | undefined;

  constructor(
    readonly spec: RunSpec,
    /** 1-based. */
    readonly replication: number,
    observer?: ActivationListener,
    timeseries?: TimeseriesSink,
    trace?: TraceOptions,
  ) {
    if (!(spec.durationSeconds > spec.warmupSeconds && spec.warmupSeconds >= 0)) {
      throw new RangeError(`need 0 <= warmup < duration, got warmup ${spec.warmupSeconds} s, duration ${spec.durationSeconds} s`);
    }
    this.random = new ReplicationStreams(spec.seed, replication);
    const tracer = (this.tracer = trace === undefined ? undefined : new ActivationTracer(spec, replication, trace));
    this.recorder = new MetricsRecorder(this.sim, {
      platform: metricKindOf(spec),
      warmupSeconds: spec.warmupSeconds,
      durationSeconds: spec.durationSeconds,
      functionNames: spec.functions.map((f) => f.name),
      chainNames: (spec.chains ?? []).map((c) => c.name),
      ...(tracer === undefined ? {} : { meanSamples: tracer.meanSamples }),
    });
    this.events.add(this.recorder);
    this.workload = new Workload(spec, this.sim, this.random, this.arrive, this.recorder);
    // it answers closed-loop clients and sends a chain's next step: without either, it need not listen
    if (this.workload.clients.length > 0 || (spec.chains ?? []).length > 0) this.events.add(this.workload);
    if (tracer !== undefined) tracer.chainOf = (a) => this.workload.chainOf(a);
    this.platform = createRunPlatform(spec, {
      sim: this.sim,
      random: this.random,
      functions: spec.functions,
      sink: this.events,
      listen: (listener) => this.events.add(listener),
      recorder: this.recorder,
      warmupSeconds: spec.warmupSeconds,
      durationSeconds: spec.durationSeconds,
      sampleIntervalSeconds: spec.sampleIntervalSeconds,
      ...(timeseries === undefined ? {} : { onSample: (row) => timeseries.row(spec, replication, row) }),
      ...(tracer === undefined ? {} : { placed: tracer.placed }),
    });
    if (observer !== undefined) this.events.add(observer);
    // last: every part (a layer's listener records its own at the result) is in when it writes the row
    if (tracer !== undefined) this.events.add(tracer);
  }

  /** Runs to the end of the run, pausing every control interval for the platform's tick. */
  async run(afterTick?: (nowSeconds: number) => void | Promise<void>): Promise<void> {
    this.start();
    await runControlled(this.sim, this.platform.control, this.spec.durationSeconds, afterTick);
    this.endTrace();
  }

  /** Hands the trace the activations still in the system (`run` does, at the end of the run). */
  endTrace(): void {
    this.tracer?.close();
  }

  /** Schedules the first arrivals; `run` calls it. */
  start(): void {
    if (this.started_) return;
    this.started_ = true;
    this.workload.start();
  }

  result(): ReplicationResult {
    const perChain = this.recorder.chainMetrics();
    return {
      variant: this.spec.variant,
      pointIndex: this.spec.pointIndex,
      point: this.spec.point,
      replication: this.replication,
      metrics: this.recorder.metrics(),
      perFunction: this.recorder.functionMetrics(),
      ...(Object.keys(perChain).length > 0 ? { perChain } : {}),
      quantileGrids: this.recorder.quantileGrids(),
      perFunctionQuantileGrids: this.recorder.functionQuantileGrids(),
      events: this.sim.eventsHandled,
    };
  }

  close(): void {
    this.platform.close?.();
  }

  private readonly arrive = (a: Activation): void => {
    this.events.arrived(a);
    this.platform.submit(a);
  };
}
