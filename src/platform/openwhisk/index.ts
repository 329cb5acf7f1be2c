import type { OpenWhiskSpec } from '../../spec/types.js';
import type { Activation } from '../../model/activation.js';
import type { Platform, PlatformContext, PlatformWork } from '../../model/platform.js';
import { ControlState, OpenWhiskWorld, TimeSeries } from './world.js';
import { invokerPools, routeFor } from './balancer.js';
import { Controller } from './controller.js';
import { actionHash } from './hash.js';
import { FullestInvoker, Invoker, type InvokerContext } from './invoker.js';
import type { ActionInfo, Job } from './job.js';
import { makeLatencies, type Latencies } from './latency.js';
import { BLACKBOX_KIND, type OpenWhiskParams } from './params.js';
import { resolveOpenWhisk } from './schema.js';

export { openWhiskPlatformSchema, checkOpenWhiskScenario } from './schema.js';
export type { OpenWhiskParams } from './params.js';
export { OPENWHISK_TIMESERIES_COLUMNS } from './world.js';

/** Health pings, model §2.4 (`InvokerReactive`: every 1 s). */
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
  private readonly latencies: Latencies;
  private readonly world: OpenWhiskWorld;
  private nextController = 0;
  private containerIds = 0;

  constructor(spec: OpenWhiskSpec, private readonly ctx: PlatformContext) {
    const p = (this.params = resolveOpenWhisk(spec));
    this.latencies = makeLatencies(p.latencies, ctx.random);
    const { managed, blackbox } = invokerPools(p.invokers, p.managedFraction, p.blackboxFraction);
    const namespaces = [...new Set(ctx.functions.map((f) => f.namespace))];
    this.actions = ctx.functions.map((f, fn) => ({
      fn,
      memoryMiB: f.memoryMiB,
      namespace: namespaces.indexOf(f.namespace),
      route: routeFor(actionHash(f.namespace, f.name), f.kind === BLACKBOX_KIND ? blackbox : managed),
      stemCell: p.prewarm.stemCells.findIndex((s) => s.kind === f.kind && s.memoryMiB === f.memoryMiB),
    }));
    const healthy = new Uint8Array(p.invokers).fill(1);
    const overload = ctx.random.stream('openwhisk/balancer/overload');
    this.controllers = Array.from({ length: p.controllers }, (_, i) => new Controller(i, ctx.sim, ctx.sink, p, namespaces.length, healthy, overload));
    this.onAccepted = this.onAccepted.bind(this);
    this.onPublished = this.onPublished.bind(this);
    const mean = (part: string) => ctx.recorder.meanStat(`latency.breakdown.${part}`);
    const breakdown = {
      controller: mean('controller'),
      queueing: mean('queueing'),
      containerStart: mean('containerStart'),
      init: mean('init'),
      run: mean('run'),
      acks: mean('acks'),
    };
    // counters exist (at 0) when nothing happened: absent would read as "not measured"
    ctx.recorder.count('evictions', 0);
    const invokerCtx: InvokerContext = {
      sim: ctx.sim,
      sink: ctx.sink,
      recorder: ctx.recorder,
      params: p,
      latencies: this.latencies,
      actions: this.actions,
      gauges: {
        alive: ctx.recorder.gauge('instances.mean', 'instances.max'),
        busy: ctx.recorder.gauge('instances.busy', 'instances.busy.max'),
        memory: ctx.recorder.gauge('invokers.memoryUsed.mean', null),
      },
      // the fullest invoker's memory, reported only as its peak: invokers.memoryUsed.max
      fullest: new FullestInvoker(p.invokers, ctx.recorder.peak('invokers.memoryUsed.max')),
      breakdown,
      onResult: (job: Job) => {
        breakdown.acks.observe(job.a, ctx.sim.now - job.runEndAt);
        this.controllers[job.controller].result(job);
      },
      onCompletion: (job: Job) => this.controllers[job.controller].completion(job),
      nextContainerId: () => this.containerIds++,
    };
    this.invokers = Array.from({ length: p.invokers }, (_, i) => new Invoker(i, invokerCtx));
    for (const inv of this.invokers) inv.startPrewarms();
    const controlState = new ControlState(
      PING_INTERVAL_SECONDS,
      p.prewarm.checkIntervalSeconds,
      p.prewarm.checkVarianceSeconds,
      ctx.sampleIntervalSeconds,
      ctx.random.stream('openwhisk/prewarm/schedule'),
    );
    const sampled = ctx.onSample !== undefined && ctx.sampleIntervalSeconds > 0;
    this.world = new OpenWhiskWorld(this.invokers, healthy, controlState, sampled ? new TimeSeries(ctx.onSample!) : undefined);
    // The tick is OpenWhisk's own 1 s ping period whatever the sampling interval, so that how often
    // a user samples the time series cannot move the prewarm check (a model event) in time.
    this.control = { intervalSeconds: PING_INTERVAL_SECONDS, tick: (now: number) => this.world.tick(now) };
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
    const toPublish = l.controller.sample() + l.publish.sample();
    job.publishedAt = this.ctx.sim.now + toPublish;
    if (!a.blocking) {
      // HTTP 202 with the activation id once the message is in Kafka (model §1 C7)
      if (toPublish === 0) this.onAccepted(job);
      else this.ctx.sim.post(toPublish, this.onAccepted, job);
    }
    const toInvoker = toPublish + l.kafka.sample();
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

export function createOpenWhisk(spec: OpenWhiskSpec, ctx: PlatformContext): Platform {
  return new OpenWhiskPlatform(spec, ctx);
}

/**
 * OpenWhisk's costs for the size check: ~6 events per activation (bench), a control tick every
 * second that visits every invoker, and ~5 KiB per invoker (measured: 10,000 invokers hold 47 MiB)
 * plus each controller's slot books on it.
 */
export function openWhiskWork(spec: OpenWhiskSpec): PlatformWork {
  const p = resolveOpenWhisk(spec);
  return {
    eventsPerActivation: 6,
    controlEventsPerSecond: (1 + p.invokers) / PING_INTERVAL_SECONDS,
    liveBytes: p.invokers * (5120 + 64 * p.controllers),
  };
}
