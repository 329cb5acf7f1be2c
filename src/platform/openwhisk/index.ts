import type { OpenWhiskSpec } from '../../schema/types.js';
import type { Activation } from '../../model/activation.js';
import type { Platform, PlatformContext, PlatformWork } from '../../model/platform.js';
import { ControlState, OpenWhiskWorld, TimeSeries } from './world.js';
export { OPENWHISK_TIMESERIES, FAULT_COLUMNS, CPU_COLUMNS } from './world.js';
import { invokerPools, routeFor } from './balancer.js';
import { Controller } from './controller.js';
import { actionHash } from './hash.js';
import { Breakdown, PlacedBreakdown } from './breakdown.js';
import { FullestInvoker } from './fullest-invoker.js';
import { Hooks, type InvokerHook } from './hooks.js';
import { Invoker, type InvokerContext } from './invoker.js';
import { InvokerFaults, invokerGauges } from './faults.js';
import { InvokerSupervision } from './health.js';
import { OPENWHISK_CPU_METRICS, OPENWHISK_FAULT_METRICS } from './metrics.js';
import type { ActionInfo, Job } from './job.js';
import { makeLatencies, type Latencies } from './latency.js';
import { BLACKBOX_KIND, cpuShares, hasCores, invokerCores, invokerMemoriesMiB, stemCellIndex, type OpenWhiskParams } from './params.js';
import { resolveOpenWhisk } from './schema.js';

export { openWhiskPlatformSchema, checkOpenWhiskScenario } from './schema.js';
export type { OpenWhiskParams } from './params.js';
export type { InvokerHook, HookPart, Hop, PhaseTime } from './hooks.js';
export { phaseStation, type PhaseSteps, type PhaseStation } from './phase.js';

export interface OpenWhiskOptions {
  /** Lifecycle hooks of every invoker, in order (their times add); none for native OpenWhisk. */
  hooks?: readonly InvokerHook[];
}

/**
 * The control tick: OpenWhisk's own 1 s ping period (model §2.4, `InvokerReactive`). Pings
 * themselves are not events (see health.ts); the tick carries the periodic systems.
 */
const PING_INTERVAL_SECONDS = 1;

/**
 * Native OpenWhisk, classic path (openwhisk-model.md §1-4): controllers -> Kafka -> invokers.
 * Arrivals are split over the controllers round-robin, as nginx (its default upstream policy)
 * spreads requests over them; each controller then balances on its own books.
 */
export class OpenWhiskPlatform implements Platform {
  readonly params: OpenWhiskParams;
  readonly controllers: Controller[];
  readonly invokers: Invoker[];
  readonly actions: ActionInfo[];
  readonly control: { intervalSeconds: number; tick(nowSeconds: number): Promise<void> };
  /** With `faults`: the controllers' InvokerSupervision and the outages (else undefined: no health events). */
  readonly supervision: InvokerSupervision | undefined;
  readonly faults: InvokerFaults | undefined;
  private readonly latencies: Latencies;
  private readonly hooks: Hooks;
  /** Whether any hook lengthens the controller's hops (else they are not called per activation). */
  private readonly hopHooks: boolean;
  private readonly world: OpenWhiskWorld;
  private nextController = 0;
  private containerIds = 0;

  constructor(
    spec: OpenWhiskSpec,
    private readonly ctx: PlatformContext,
    options: OpenWhiskOptions = {},
  ) {
    const p = (this.params = resolveOpenWhisk(spec));
    this.latencies = makeLatencies(p.latencies, ctx.random);
    // each invoker's cores (Infinity: not simulated); when some are, CPU stretched by sharing is a part of its own
    const coresOf = invokerCores(p);
    const simulatesCores = coresOf.some(Number.isFinite);
    const hooks = (this.hooks = new Hooks(options.hooks ?? [], ctx.sim, simulatesCores));
    this.hopHooks = hooks.has('hop');
    // every invoker's ledger: memory (hard, as OpenWhisk), then each hook's resources in order
    const invokerMemoryMiB = invokerMemoriesMiB(p);
    const resources = (invoker: number) => [{ name: 'memoryMiB', capacity: invokerMemoryMiB[invoker], mode: 'hard' as const }, ...hooks.list.flatMap((h) => h.resources?.(invoker) ?? [])];
    const resourceCounts = hooks.list.map((h) => h.resources?.(0).length ?? 0);
    const { managed, blackbox } = invokerPools(p.invokers, p.managedFraction, p.blackboxFraction);
    const namespaces = [...new Set(ctx.functions.map((f) => f.namespace))];
    this.actions = ctx.functions.map((f, fn) => {
      const stemCell = stemCellIndex(p.prewarm.stemCells, f);
      return {
        fn,
        memoryMiB: f.memoryMiB,
        namespace: namespaces.indexOf(f.namespace),
        route: routeFor(actionHash(f.namespace, f.name), f.kind === BLACKBOX_KIND ? blackbox : managed),
        stemCell,
        demand: hooks.demand(f.memoryMiB, { fn, stemCell }, resourceCounts),
        maxConcurrent: f.concurrency ?? 1,
        cpuShare: f.cpu ?? 1,
        threads: f.threads ?? 1,
        cpuWeight: cpuShares(p, f.memoryMiB),
      };
    });
    const stemCellDemands = p.prewarm.stemCells.map((cell, stemCell) => hooks.demand(cell.memoryMiB, { fn: -1, stemCell }, resourceCounts));
    const healthy = new Uint8Array(p.invokers).fill(1);
    const overload = ctx.random.stream('openwhisk/balancer/overload');
    this.controllers = Array.from({ length: p.controllers }, (_, i) => new Controller(i, ctx.sim, ctx.sink, p, { namespaceCount: namespaces.length, functionCount: ctx.functions.length, invokerMemoryMiB, healthy, overloadRandom: overload, recorder: ctx.recorder }));
    this.onAccepted = this.onAccepted.bind(this);
    this.onPublished = this.onPublished.bind(this);
    const breakdown = ctx.placed === undefined ? new Breakdown(ctx.recorder, hooks) : new PlacedBreakdown(ctx.recorder, hooks, ctx.placed);
    const invokerCtx: InvokerContext = {
      sim: ctx.sim,
      sink: ctx.sink,
      recorder: ctx.recorder,
      params: p,
      latencies: this.latencies,
      actions: this.actions,
      stemCellDemands,
      hooks,
      gauges: {
        alive: ctx.recorder.gauge('instances.mean', 'instances.max'),
        busy: ctx.recorder.gauge('instances.busy', 'instances.busy.max'),
        memory: ctx.recorder.gauge('invokers.memoryUsed.mean', null),
        cpu: simulatesCores ? ctx.recorder.gauge(OPENWHISK_CPU_METRICS['cpu.utilization'].name, null) : { value: 0, add() {}, set() {} },
        cpuJobs: simulatesCores ? ctx.recorder.gauge(OPENWHISK_CPU_METRICS['cpu.jobs.mean'].name, null) : { value: 0, add() {}, set() {} },
      },
      // the fullest invoker's memory, reported only as its peak: invokers.memoryUsed.max
      fullest: new FullestInvoker(p.invokers, ctx.recorder.peak('invokers.memoryUsed.max')),
      breakdown,
      onResult: (job: Job) => {
        breakdown.observeResult(job, ctx.sim.now);
        this.controllers[job.controller].result(job);
      },
      onCompletion: (job: Job) => this.controllers[job.controller].completion(job),
      nextContainerId: () => this.containerIds++,
      secondHalfFromSeconds: (ctx.warmupSeconds + ctx.durationSeconds) / 2,
    };
    const faulty = p.faults.length > 0;
    const supervision = (this.supervision = faulty ? this.superviseInvokers(healthy, invokerCtx) : undefined);
    // with faults, each invoker keeps its share of the gauges (taken back when it dies); without, nothing changes
    const contextOf = (): InvokerContext => (faulty ? { ...invokerCtx, gauges: invokerGauges(invokerCtx.gauges) } : invokerCtx);
    this.invokers = Array.from({ length: p.invokers }, (_, i) => new Invoker(i, contextOf(), resources(i), coresOf[i], ctx.sim));
    for (const inv of this.invokers) inv.prewarms.start();
    const controlState = new ControlState(
      p.prewarm.checkIntervalSeconds,
      p.prewarm.checkVarianceSeconds,
      ctx.sampleIntervalSeconds,
      ctx.random.stream('openwhisk/prewarm/schedule'),
    );
    const sampled = ctx.onSample !== undefined && ctx.sampleIntervalSeconds > 0;
    this.world = new OpenWhiskWorld(this.invokers, controlState, sampled ? new TimeSeries(ctx.onSample!, hooks, faulty ? healthy : undefined, simulatesCores) : undefined);
    this.faults =
      supervision === undefined
        ? undefined
        : new InvokerFaults({
            sim: ctx.sim,
            sink: ctx.sink,
            invokers: this.invokers,
            controllers: this.controllers,
            supervision,
            newInvoker: (id) => new Invoker(id, contextOf(), resources(id), coresOf[id], ctx.sim),
            replaced: (id, inv) => this.world.replaceInvoker(id, inv),
          });
    this.faults?.schedule(p.faults);
    // The tick is OpenWhisk's own 1 s ping period whatever the sampling interval, so that how often
    // a user samples the time series cannot move the prewarm check (a model event) in time.
    this.control = { intervalSeconds: PING_INTERVAL_SECONDS, tick: (now: number) => this.world.tick(now) };
  }

  /**
   * InvokerSupervision for a run with faults: completion acks and forced completions reach it (the
   * completion handler is wrapped only here, so a run without faults pays nothing), and forced
   * completions are reported as `forcedCompletions`.
   */
  private superviseInvokers(healthy: Uint8Array, invokerCtx: InvokerContext): InvokerSupervision {
    // its own streams: the test actions do not shift the activations' draws against a run without faults
    const l = makeLatencies(this.params.latencies, this.ctx.random, 'openwhisk/health/latency');
    const supervision = new InvokerSupervision(this.params.invokers, {
      sim: this.ctx.sim,
      healthy,
      health: this.params.health,
      // invokerHealthTestAction: a non-blocking 128 MiB nodejs action, cold on a fresh invoker
      testActionSeconds: (cold) =>
        l.publish.sample() + l.kafka.sample() + (cold ? l.dockerRun.sample() + l.inspect.sample() + l.init.sample() : 0) + l.runOverhead.sample() + l.logCollection.sample() + l.completionAck.sample(),
    });
    invokerCtx.onCompletion = (job: Job) => {
      if (!job.completed) supervision.completed(job.invoker, false); // an ack after a forced completion finds no entry: not reported
      this.controllers[job.controller].completion(job);
    };
    for (const c of this.controllers)
      c.onForced = (job: Job) => {
        this.ctx.recorder.count(OPENWHISK_FAULT_METRICS.forcedCompletions.name);
        supervision.completed(job.invoker, true);
      };
    return supervision;
  }

  submit(a: Activation): void {
    const c = this.controllers[this.nextController];
    this.nextController = (this.nextController + 1) % this.controllers.length;
    const job = c.admit(a, this.actions[a.fn]);
    if (job === 'throttled' || job === 'rejected') {
      this.ctx.sink.rejected(a, job);
      return;
    }
    const l = this.latencies;
    let toPublish = l.controller.sample() + l.publish.sample();
    if (this.hopHooks) toPublish += this.hooks.hop('controller', job) + this.hooks.hop('publish', job);
    job.publishedAt = this.ctx.sim.now + toPublish;
    if (!a.blocking) {
      // HTTP 202 with the activation id once the message is in Kafka (model §1 C7)
      if (toPublish === 0) this.onAccepted(job);
      else this.ctx.sim.post(toPublish, this.onAccepted, job);
    }
    let toInvoker = toPublish + l.kafka.sample();
    if (this.hopHooks) toInvoker += this.hooks.hop('kafka', job);
    if (toInvoker === 0) this.onPublished(job);
    else this.ctx.sim.post(toInvoker, this.onPublished, job);
  }

  private onAccepted(job: Job): void {
    job.a.response = this.ctx.sim.now;
    job.answered = true;
    this.ctx.sink.accepted(job.a);
  }

  private onPublished(job: Job): void {
    this.invokers[job.invoker].deliver(job);
  }

  close(): void {
    this.world.close();
  }
}

export function createOpenWhisk(spec: OpenWhiskSpec, ctx: PlatformContext, options: OpenWhiskOptions = {}): Platform {
  return new OpenWhiskPlatform(spec, ctx, options);
}

/**
 * OpenWhisk's costs for the size check: ~6 events per activation (bench), a control tick every
 * second that visits every invoker, and ~5 KiB per invoker (measured: 10,000 invokers hold 47 MiB)
 * plus each controller's slot books on it.
 */
export function openWhiskWork(spec: OpenWhiskSpec): PlatformWork {
  const p = resolveOpenWhisk(spec);
  return {
    // with simulated cores, the end of each body is an event of the cores (and starts move it)
    eventsPerActivation: hasCores(p) ? 7 : 6,
    controlEventsPerSecond: (1 + p.invokers) / PING_INTERVAL_SECONDS,
    liveBytes: p.invokers * (5120 + 64 * p.controllers),
  };
}
