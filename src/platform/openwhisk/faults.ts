import type { ActivationSink } from '../../model/activation-events.js';
import type { Gauge } from '../../model/recording.js';
import type { Controller } from './controller.js';
import type { InvokerSupervision } from './health.js';
import { Hooks } from './hooks.js';
import type { Clock, Invoker, InvokerContext } from './invoker.js';
import type { Job } from './job.js';
import type { InvokerFault } from './params.js';

/**
 * Scheduled invoker outages (`platform.faults`), as OpenWhisk lives them (docs/openwhisk.md,
 * "Invoker faults"). At `at` the invoker process dies: what it had taken in (run buffer,
 * containers starting or running) is lost, and so are the messages its MessageFeed had already
 * fetched and committed (at most 2 x maxPeek: MessageConsumer.scala's pipeline depth); the rest
 * of its Kafka topic survives, and so does everything published to it while it is down (the
 * consumer group resumes from its committed offset). The controller learns of the death only
 * through missing pings (InvokerSupervision), frees the lost activations' slots only at their
 * forced completion, and its blocking callers get the 202 of the blocking wait. At `at + down`
 * a new invoker process starts with an empty pool, its stem cells, and the surviving topic.
 */
export class InvokerFaults {
  constructor(
    private readonly o: {
      sim: Clock;
      sink: ActivationSink;
      invokers: Invoker[];
      controllers: readonly Controller[];
      supervision: InvokerSupervision;
      /** A new (stopped) invoker process for an id, with its own tracked gauges. */
      newInvoker: (id: number) => Invoker;
      /** Tells the periodic systems (prewarm check, sampler) which object is invoker `id` now. */
      replaced: (id: number, invoker: Invoker) => void;
    },
  ) {}

  schedule(faults: readonly InvokerFault[]): void {
    for (const f of faults) {
      this.o.sim.scheduleAt(f.atSeconds, () => this.fail(f.invoker));
      this.o.sim.scheduleAt(f.atSeconds + f.downSeconds, () => this.restart(f.invoker));
    }
  }

  /** Invoker `id` dies now. Returns the activations lost with it (each reported `failed`). */
  fail(id: number): Job[] {
    const { invokers, controllers, sink } = this.o;
    const dead = invokers[id];
    const lost: Job[] = [];
    for (let job = dead.runBuffer.shift(); job !== undefined; job = dead.runBuffer.shift()) lost.push(job);
    // taken in and given a container, the run not ended (once it has, the result exists: only its completion ack may be lost)
    for (const c of controllers) c.openJobsOf(id, (job) => {
      if (!job.lost && !Number.isNaN(job.assignedAt) && Number.isNaN(job.runEndAt)) lost.push(job);
    });
    const fetched = Math.min(dead.topic.length, 2 * dead.maxPeek);
    for (let k = 0; k < fetched; k++) lost.push(dead.topic.shift()!);
    for (const job of lost) {
      job.lost = true;
      controllers[job.controller].forcedOpen.delete(job);
      sink.failed(job.a);
    }
    stop(dead);
    const next = this.o.newInvoker(id);
    next.up = false;
    next.credits = 0; // MessageFeed is not running: messages stay in Kafka
    for (let job = dead.topic.shift(); job !== undefined; job = dead.topic.shift()) next.topic.push(job);
    invokers[id] = next;
    this.o.replaced(id, next);
    this.o.supervision.stop(id);
    return lost;
  }

  /** Invoker `id` starts again: stem cells as at start, then the feed takes in its topic. */
  restart(id: number): void {
    const inv = this.o.invokers[id];
    inv.up = true;
    inv.credits = inv.maxPeek;
    inv.prewarms.start();
    inv.feed();
    this.o.supervision.restart(id);
  }
}

/** A gauge shared by all invokers that also keeps one invoker's share, to take it back when the invoker dies. */
export class InvokerGauge implements Gauge {
  value = 0;
  constructor(private readonly shared: Gauge) {}

  add(delta: number): void {
    this.value += delta;
    this.shared.add(delta);
  }

  set(): void {
    throw new Error('an invoker gauge is only added to');
  }

  /** The invoker is gone: its share leaves the shared gauge. */
  takeBack(): void {
    this.shared.add(-this.value);
    this.value = 0;
  }
}

/** The gauges of one invoker when faults are scheduled. */
export function invokerGauges(shared: InvokerContext['gauges']): InvokerContext['gauges'] {
  return { alive: new InvokerGauge(shared.alive), busy: new InvokerGauge(shared.busy), memory: new InvokerGauge(shared.memory), cpu: new InvokerGauge(shared.cpu), cpuJobs: new InvokerGauge(shared.cpuJobs) };
}

/** A clock that reads the time but schedules nothing: a dead invoker's pending events fire and end there. */
class StoppedClock {
  constructor(private readonly sim: Clock) {}
  get now(): number {
    return this.sim.now;
  }
  post(): void {}
  scheduleAt(): number {
    return -1;
  }
  cancel(): boolean {
    return false;
  }
}

const IGNORED_SINK: ActivationSink = { started() {}, accepted() {}, finished() {}, rejected() {}, failed() {} };
const IGNORED_GAUGE: Gauge = { value: 0, add() {}, set() {} };

/**
 * The process is gone: its share of the gauges and of the fullest-invoker peak is taken back, and
 * its events still in the queue (runs ending, timers) now reach an inert context: they schedule
 * nothing, report nothing, send no ack. Nothing on the hot path checks for this.
 */
function stop(dead: Invoker): void {
  const ctx = dead.ctx;
  for (const gauge of Object.values(ctx.gauges)) if (gauge instanceof InvokerGauge) gauge.takeBack();
  ctx.fullest.set(dead.id, 0);
  dead.up = false;
  dead.cores?.halt(); // its work is lost with it
  const sim = new StoppedClock(ctx.sim);
  dead.ctx = {
    ...ctx,
    sim,
    sink: IGNORED_SINK,
    gauges: { alive: IGNORED_GAUGE, busy: IGNORED_GAUGE, memory: IGNORED_GAUGE, cpu: IGNORED_GAUGE, cpuJobs: IGNORED_GAUGE },
    fullest: { set() {} },
    breakdown: { observeRunEnd() {} },
    hooks: new Hooks([], sim),
    onResult() {},
    onCompletion() {},
  };
}
