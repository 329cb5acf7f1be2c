import { Simulation } from '../engine/index.js';
import { MetricsRecorder } from '../metrics/recorder.js';
import { createPlatform } from '../platform/index.js';
import type { Activation } from '../model/activation.js';
import type { ActivationSink } from '../model/activation-events.js';
import type { Platform } from '../model/platform.js';
import type { RunSpec } from '../spec/types.js';
import { Workload } from '../workload/workload.js';
import { ReplicationStreams } from './streams.js';
import type { ReplicationResult } from './types.js';

/** Sees every activation event after the metrics do: for per-activation traces and tests. */
export interface RunObserver {
  arrived?(a: Activation): void;
  started?(a: Activation): void;
  accepted?(a: Activation): void;
  finished?(a: Activation): void;
  rejected?(a: Activation, reason: 'rejected' | 'throttled'): void;
}

/**
 * Runs `sim` from now to `untilSeconds`, stopping at every multiple of the control interval for
 * the platform's tick (which may await: sim-ecs steps are async); the event path itself never
 * awaits. Multiples of the interval, not a running sum: no drift over many ticks.
 */
export async function runControlled(
  sim: Simulation,
  control: Platform['control'],
  untilSeconds: number,
  afterTick?: (nowSeconds: number) => void,
): Promise<void> {
  if (control !== undefined && control.intervalSeconds > 0) {
    for (let k = Math.floor(sim.now / control.intervalSeconds) + 1; k * control.intervalSeconds < untilSeconds; k++) {
      const t = k * control.intervalSeconds;
      sim.run(t);
      await control.tick(t);
      afterTick?.(t);
    }
  }
  sim.run(untilSeconds);
}

/**
 * One replication, wired: clock, streams, recorder, platform and workload. It is the sink the
 * platform reports to, and forwards each event to the recorder, to closed-loop clients and to
 * an optional observer. `runReplication` is the usual way in; this class is for callers that
 * need to step or drain the simulation themselves.
 */
export class Replication implements ActivationSink {
  readonly sim = new Simulation();
  readonly random: ReplicationStreams;
  readonly recorder: MetricsRecorder;
  readonly platform: Platform;
  readonly workload: Workload;
  private started_ = false;

  constructor(
    readonly spec: RunSpec,
    /** 1-based. */
    readonly replication: number,
    private readonly observer?: RunObserver,
  ) {
    if (!(spec.durationSeconds > spec.warmupSeconds && spec.warmupSeconds >= 0)) {
      throw new RangeError(`need 0 <= warmup < duration, got warmup ${spec.warmupSeconds} s, duration ${spec.durationSeconds} s`);
    }
    this.random = new ReplicationStreams(spec.seed, replication);
    this.recorder = new MetricsRecorder(this.sim, {
      platform: spec.platform.kind,
      warmupSeconds: spec.warmupSeconds,
      durationSeconds: spec.durationSeconds,
      functionNames: spec.functions.map((f) => f.name),
      chainNames: (spec.chains ?? []).map((c) => c.name),
    });
    this.platform = createPlatform(spec.platform, {
      sim: this.sim,
      random: this.random,
      functions: spec.functions,
      sink: this,
      recorder: this.recorder,
      warmupSeconds: spec.warmupSeconds,
      durationSeconds: spec.durationSeconds,
      sampleIntervalSeconds: spec.sampleIntervalSeconds,
    });
    this.workload = new Workload(spec, this.sim, this.random, this.arrive, this.recorder);
  }

  /** Runs to the end of the run, pausing every control interval for the platform's tick. */
  async run(afterTick?: (nowSeconds: number) => void): Promise<void> {
    this.start();
    await runControlled(this.sim, this.platform.control, this.spec.durationSeconds, afterTick);
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
      timeseries: this.platform.timeseries?.() ?? [],
      events: this.sim.eventsHandled,
    };
  }

  close(): void {
    this.platform.close?.();
  }

  private readonly arrive = (a: Activation): void => {
    this.recorder.arrived(a);
    this.observer?.arrived?.(a);
    this.platform.submit(a);
  };

  started(a: Activation): void {
    this.recorder.started(a);
    this.observer?.started?.(a);
  }

  accepted(a: Activation): void {
    this.recorder.accepted(a);
    this.workload.accepted(a);
    this.observer?.accepted?.(a);
  }

  finished(a: Activation): void {
    this.recorder.finished(a);
    this.workload.finished(a);
    this.observer?.finished?.(a);
  }

  rejected(a: Activation, reason: 'rejected' | 'throttled'): void {
    this.recorder.rejected(a, reason);
    this.workload.rejected(a);
    this.observer?.rejected?.(a, reason);
  }
}
