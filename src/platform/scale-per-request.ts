import type { Random, Simulation } from '../engine/index.js';
import type { Gauge } from '../model/recording.js';
import type { ReusePolicy, ScalePerRequestSpec } from '../schema/types.js';
import type { Sampler } from '../engine/distributions.js';
import { makeSampler } from '../engine/distributions.js';
import type { IdlePool, Pooled } from '../resources/idle-pool.js';
import { HeapPool, RandomPool } from '../resources/idle-pool.js';
import type { Activation } from '../model/activation.js';
import type { ActivationSink } from '../model/activation-events.js';
import type { Platform, PlatformContext, PlatformDescriptor } from '../model/platform.js';
import { z } from 'zod';
import { zDuration, zPositiveInt } from '../schema/zod-units.js';
import { strictShape } from '../schema/zod-helpers.js';

/** One function instance (a container, a Lambda execution environment). */
class Instance implements Pooled {
  poolIndex = -1;
  poolKey = 0;
  lastUsed: number;
  /** The activation it runs (or starts up for); null when idle. */
  current: Activation | null = null;
  /** At most one keep-alive timer per instance: memory stays O(live instances). */
  timerPending = false;

  constructor(
    readonly id: number,
    readonly fn: number,
    readonly createdAt: number,
  ) {
    this.lastUsed = createdAt;
  }
}

/** A read-only view of an instance, for inspection and tests. */
export interface InstanceInfo {
  id: number;
  fn: number;
  createdAt: number;
  lastUsed: number;
  busy: boolean;
}

interface FunctionState {
  idle: IdlePool<Instance>;
  coldStart: Sampler;
  coldStartRandom: Random;
  alive: Gauge;
  busy: Gauge;
}

/**
 * The AWS-Lambda-like model of SimFaaS: one request per instance. A request takes an idle
 * instance of its function (chosen by `reuse`), else starts a new one and pays the function's
 * cold start. An instance idle for `keepAliveSeconds` is removed. Beyond `maxConcurrency` busy
 * or starting instances (across all functions, like an account's concurrency limit) a request
 * is rejected. Non-blocking calls get their 202 on admission.
 */
export class ScalePerRequest implements Platform {
  private readonly sim: Simulation;
  private readonly sink: ActivationSink;
  private readonly fns: FunctionState[];
  private readonly alive = new Set<Instance>();
  private readonly aliveGauge: Gauge;
  private readonly busyGauge: Gauge;
  private busy = 0;
  private nextInstanceId = 0;
  /** Counts instances going idle: the key of the most-recently-used policy. */
  private idleOrder = 0;

  constructor(
    private readonly spec: ScalePerRequestSpec,
    ctx: PlatformContext,
  ) {
    if (!(spec.keepAliveSeconds >= 0)) throw new RangeError(`scale-per-request: keepAlive must be >= 0, got ${spec.keepAliveSeconds}`);
    if (!(spec.maxConcurrency >= 1)) throw new RangeError(`scale-per-request: maxConcurrency must be >= 1, got ${spec.maxConcurrency}`);
    this.sim = ctx.sim;
    this.sink = ctx.sink;
    const recorder = ctx.recorder;
    this.aliveGauge = recorder.gauge('instances.mean', 'instances.max');
    this.busyGauge = recorder.gauge('instances.busy');
    this.fns = ctx.functions.map((f, i) => ({
      idle: spec.reuse === 'random' ? new RandomPool<Instance>(ctx.random.stream(`reuse/${f.name}`)) : new HeapPool<Instance>(),
      coldStart: makeSampler(f.coldStart),
      coldStartRandom: ctx.random.stream(`coldStart/${f.name}`),
      alive: recorder.gauge('instances.mean', 'instances.max', i),
      busy: recorder.gauge('instances.busy', 'instances.busy.max', i),
    }));
  }

  submit(a: Activation): void {
    if (this.busy >= this.spec.maxConcurrency) {
      this.sink.rejected(a, 'rejected');
      return;
    }
    const f = this.fns[a.fn];
    if (!a.blocking) {
      a.response = this.sim.now;
      this.sink.accepted(a);
    }
    this.busy++;
    this.busyGauge.add(1);
    f.busy.add(1);
    const instance = f.idle.take();
    if (instance !== undefined) {
      instance.current = a;
      this.begin(instance, 'warm');
      return;
    }
    const created = new Instance(this.nextInstanceId++, a.fn, this.sim.now);
    created.poolKey = this.spec.reuse === 'oldest' ? created.id : -created.id;
    created.current = a;
    this.alive.add(created);
    this.aliveGauge.add(1);
    f.alive.add(1);
    this.sim.post(f.coldStart(f.coldStartRandom), this.coldStartDone, created);
  }

  /** Alive instances (idle, busy or starting). O(n): for inspection, not the event path. */
  instances(): InstanceInfo[] {
    return [...this.alive].map((i) => ({ id: i.id, fn: i.fn, createdAt: i.createdAt, lastUsed: i.lastUsed, busy: i.current !== null }));
  }

  private begin(instance: Instance, kind: 'cold' | 'warm'): void {
    const a = instance.current!;
    a.start = this.sim.now;
    a.startKind = kind;
    this.sink.started(a);
    this.sim.post(a.execSeconds, this.execDone, instance);
  }

  private readonly coldStartDone = (instance: Instance): void => {
    this.begin(instance, 'cold');
  };

  private readonly execDone = (instance: Instance): void => {
    const now = this.sim.now;
    const a = instance.current!;
    const f = this.fns[instance.fn];
    instance.current = null;
    instance.lastUsed = now;
    this.busy--;
    this.busyGauge.add(-1);
    f.busy.add(-1);
    // the instance is back before anyone hears of the result, so a caller reacting at once finds it
    if (this.spec.keepAliveSeconds <= 0) this.removeInstance(instance);
    else {
      if (this.spec.reuse === 'mru') instance.poolKey = -++this.idleOrder;
      f.idle.add(instance);
      if (!instance.timerPending) this.armTimer(instance);
    }
    a.end = now;
    if (a.blocking) a.response = now;
    this.sink.finished(a);
  };

  private armTimer(instance: Instance): void {
    instance.timerPending = true;
    this.sim.postAt(instance.lastUsed + this.spec.keepAliveSeconds, this.keepAliveCheck, instance);
  }

  /**
   * The instance's one timer fired. If it was reused since, it is either busy (re-armed when it
   * goes idle) or idle since a later time (re-armed for then); otherwise its keep-alive is over.
   */
  private readonly keepAliveCheck = (instance: Instance): void => {
    instance.timerPending = false;
    if (instance.current !== null) return;
    if (this.sim.now < instance.lastUsed + this.spec.keepAliveSeconds) {
      this.armTimer(instance);
      return;
    }
    this.fns[instance.fn].idle.remove(instance);
    this.removeInstance(instance);
  };

  private removeInstance(instance: Instance): void {
    this.alive.delete(instance);
    this.aliveGauge.add(-1);
    this.fns[instance.fn].alive.add(-1);
  }
}

const REUSE_POLICIES: [ReusePolicy, ...ReusePolicy[]] = ['newest', 'mru', 'oldest', 'random'];

/** `platform: { kind: scale-per-request, keepAlive: 10min, maxConcurrency: 1000, reuse: newest }`. */
export const scalePerRequestPlatform: PlatformDescriptor<ScalePerRequestSpec> = {
  kind: 'scale-per-request',
  schema: strictShape({
    kind: z.literal('scale-per-request'),
    // Ten minutes: the idle time before OpenWhisk and AWS Lambda reclaim a warm instance.
    keepAlive: zDuration.default(600),
    maxConcurrency: zPositiveInt.default(1000),
    reuse: z.enum(REUSE_POLICIES).default('newest'),
  }).transform(
    (s): ScalePerRequestSpec => ({ kind: 'scale-per-request', keepAliveSeconds: s.keepAlive, maxConcurrency: s.maxConcurrency, reuse: s.reuse }),
  ),
  // no sizes or limits that functions could exceed: impossible values are refused by the schema
  metrics: [],
  create: (spec, ctx) => new ScalePerRequest(spec, ctx),
};
