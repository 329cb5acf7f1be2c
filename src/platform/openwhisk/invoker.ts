import type { Simulation } from '../../engine/index.js';
import type { Gauge, MeanStat, Recorder } from '../../model/recording.js';
import type { ActivationSink } from '../../model/activation-events.js';
import type { StartKind } from '../../model/activation.js';
import { Container, State } from './container.js';
import { ContainerPool } from './container-pool.js';
import { Fifo } from '../../resources/fifo.js';
import type { ActionInfo, Job } from './job.js';
import type { Latencies } from './latency.js';
import type { OpenWhiskParams } from './params.js';

/** What all invokers share: the clock, the outlets and the controllers' ack handlers. */
export interface InvokerContext {
  sim: Simulation;
  sink: ActivationSink;
  recorder: Recorder;
  params: OpenWhiskParams;
  latencies: Latencies;
  actions: ActionInfo[];
  /** Alive containers, busy containers, mean memory per invoker (MiB). */
  gauges: { alive: Gauge; busy: Gauge; memory: Gauge };
  /** Memory of the fullest invoker (MiB), for the peak over invokers and time. */
  fullest: FullestInvoker;
  /** The `latency.breakdown.*` means, resolved once (observed on every activation). */
  breakdown: { controller: MeanStat; queueing: MeanStat; containerStart: MeanStat; init: MeanStat; run: MeanStat; acks: MeanStat };
  /** Result ack arrives at the controller (blocking activations). */
  onResult: (job: Job) => void;
  /** Completion ack arrives at the controller: slots are freed. */
  onCompletion: (job: Job) => void;
  nextContainerId: () => number;
}

/**
 * The largest memory in use on any invoker, kept in a gauge whose maximum is then the peak over
 * invokers and time (the mean gauge's maximum is only the peak of the average). O(1) per change
 * except when the fullest invoker shrinks: O(invokers) then, once per container removal at most.
 */
export class FullestInvoker {
  private readonly used: Float64Array;
  private top = 0;

  constructor(
    invokers: number,
    private readonly gauge: Gauge,
  ) {
    this.used = new Float64Array(invokers);
  }

  set(invoker: number, memoryMiB: number): void {
    const before = this.used[invoker];
    this.used[invoker] = memoryMiB;
    let top = this.top;
    if (memoryMiB >= top) top = memoryMiB;
    else if (before === top) {
      top = 0;
      for (const m of this.used) if (m > top) top = m;
    }
    if (top !== this.top) {
      this.top = top;
      this.gauge.set(top);
    }
  }
}

/**
 * One invoker: Kafka intake with `maxPeek` flow control (model §3.1), the ContainerPool
 * placement (§3.2) and each container's lifecycle as events (§3.3). Handlers are bound once
 * and take the container as their argument: no closure per event.
 */
export class Invoker {
  readonly pool: ContainerPool;
  /** Messages in this invoker's Kafka topic, not yet taken in (flow control). */
  readonly topic = new Fifo<Job>();
  /** The pool's FIFO run buffer: activations that found no container (head-of-line blocking). */
  readonly runBuffer = new Fifo<Job>();
  /** Activations taken from the topic and not yet finished (running + buffered). */
  inFlight = 0;
  readonly maxPeek: number;
  private creating = 0;
  private readonly creationWait = new Fifo<Container>();
  private readonly memoryShare: number;

  constructor(
    readonly id: number,
    private readonly ctx: InvokerContext,
  ) {
    const p = ctx.params;
    this.pool = new ContainerPool(p.userMemoryMiB, ctx.actions.length, p.prewarm.stemCells.length);
    const maxContainers = Math.floor(p.userMemoryMiB / p.minActionMemoryMiB);
    this.maxPeek = Math.max(1, maxContainers, Math.floor(maxContainers * p.concurrentPeekFactor));
    this.memoryShare = 1 / p.invokers;
    for (const m of ['deliver', 'onCreated', 'onInitDone', 'onResumed', 'onRunEnd', 'onLogsDone', 'onIdleTimer', 'onPaused', 'onRemoved'] as const)
      (this as any)[m] = (this as any)[m].bind(this);
  }

  /** Initial stem cells (model §3.4: initialCount per config, if memory allows). */
  startPrewarms(): void {
    this.ctx.params.prewarm.stemCells.forEach((cell, i) => this.topUpPrewarms(i, cell.initialCount));
  }

  /** Starts stem cells of config `i` until ready + starting reach `desired`, while memory allows. */
  private topUpPrewarms(i: number, desired: number): void {
    const memoryMiB = this.ctx.params.prewarm.stemCells[i].memoryMiB;
    for (let n = this.pool.prewarmed[i].length + this.pool.prewarmStarting[i]; n < desired && this.pool.hasRoomFor(memoryMiB); n++) this.startPrewarm(i);
  }

  /** A message arrives in this invoker's topic. */
  deliver(job: Job): void {
    if (this.inFlight < this.maxPeek) {
      this.inFlight++;
      this.run(job);
    } else this.topic.push(job);
  }

  private run(job: Job): void {
    // strict FIFO: while anything waits in the buffer, newcomers queue behind it
    if (this.runBuffer.length > 0 || !this.place(job)) this.runBuffer.push(job);
  }

  /** Placement: warm > prewarm > cold if memory free > evict LRU idle and create > false (buffer). */
  private place(job: Job): boolean {
    const pool = this.pool;
    const action = job.action;
    let c = pool.takeWarm(action.fn);
    if (c !== null) {
      this.assign(c, job, c.state === State.Ready ? 'warm' : 'resumed');
      if (c.state === State.Ready) {
        job.readyAt = this.ctx.sim.now;
        this.startRun(c);
      } else if (c.state === State.Paused) {
        this.pool.setState(c, State.Resuming);
        this.ctx.sim.post(this.ctx.latencies.resume.sample(), this.onResumed, c);
      } // Pausing: onPaused resumes it
      return true;
    }
    c = pool.takePrewarm(action.stemCell);
    if (c !== null) {
      this.assign(c, job, 'prewarm');
      job.readyAt = this.ctx.sim.now;
      this.startInit(c);
      if (pool.hasRoomFor(c.memoryMiB)) this.startPrewarm(c.stemCell);
      return true;
    }
    if (pool.hasRoomFor(action.memoryMiB)) {
      this.coldStart(job);
      return true;
    }
    // As OpenWhisk: free min(need, idle memory); if that removed anything, create even if the
    // memory is still short (the pool may then exceed userMemory for a while).
    const victims = pool.evict(Math.min(action.memoryMiB, pool.idleMemoryMiB));
    if (victims.length === 0) return false;
    for (const v of victims) this.remove(v);
    this.ctx.recorder.count('evictions', victims.length);
    this.coldStart(job);
    return true;
  }

  private assign(c: Container, job: Job, kind: StartKind): void {
    c.job = job;
    job.startKind = kind;
    job.assignedAt = this.ctx.sim.now;
    this.ctx.gauges.busy.add(1);
  }

  private coldStart(job: Job): void {
    const action = job.action;
    const c = new Container(this.ctx.nextContainerId(), action.memoryMiB, -1, State.CreatingCold, action.fn);
    this.admit(c);
    this.assign(c, job, 'cold');
    if (action.stemCell >= 0) this.pool.coldStartsSinceCheck[action.stemCell]++;
    this.requestCreation(c);
  }

  startPrewarm(stemCell: number): void {
    const cell = this.ctx.params.prewarm.stemCells[stemCell];
    const c = new Container(this.ctx.nextContainerId(), cell.memoryMiB, stemCell, State.CreatingPrewarm, -1);
    this.admit(c);
    this.pool.prewarmStarting[stemCell]++;
    this.requestCreation(c);
  }

  private admit(c: Container): void {
    this.pool.admit(c);
    this.ctx.gauges.alive.add(1);
    this.ctx.gauges.memory.add(c.memoryMiB * this.memoryShare);
    this.ctx.fullest.set(this.id, this.pool.memoryUsedMiB);
  }

  /** `docker run` + inspect, at most `parallelContainerCreations` at once per invoker (FIFO wait). */
  private requestCreation(c: Container): void {
    if (this.creating < this.ctx.params.parallelContainerCreations) {
      this.creating++;
      const l = this.ctx.latencies;
      this.ctx.sim.post(l.dockerRun.sample() + l.inspect.sample(), this.onCreated, c);
    } else this.creationWait.push(c);
  }

  private onCreated(c: Container): void {
    this.creating--;
    const next = this.creationWait.shift();
    if (next !== undefined) this.requestCreation(next);
    if (c.state === State.CreatingPrewarm) {
      this.pool.prewarmStarting[c.stemCell]--;
      this.pool.setState(c, State.Prewarmed);
      c.lastUsed = this.ctx.sim.now;
      this.pool.prewarmed[c.stemCell].push(c);
      return;
    }
    c.job!.readyAt = this.ctx.sim.now;
    this.startInit(c);
  }

  private startInit(c: Container): void {
    this.pool.setState(c, State.Initializing);
    c.action = c.job!.action.fn;
    const d = this.ctx.latencies.init.sample();
    c.job!.initSeconds = d;
    this.ctx.sim.post(d, this.onInitDone, c);
  }

  private onInitDone(c: Container): void {
    this.startRun(c);
  }

  private onResumed(c: Container): void {
    c.job!.readyAt = this.ctx.sim.now;
    this.startRun(c);
  }

  /**
   * The function body starts now. The /run round trip (`runOverhead`) is charged after the body:
   * where it sits does not change any response time, and the warm path then needs no start event.
   */
  private startRun(c: Container): void {
    this.pool.setState(c, State.Running);
    const job = c.job!;
    const a = job.a;
    a.start = this.ctx.sim.now;
    a.startKind = job.startKind;
    this.ctx.sink.started(a);
    this.ctx.sim.post(a.execSeconds + this.ctx.latencies.runOverhead.sample(), this.onRunEnd, c);
  }

  private onRunEnd(c: Container): void {
    const { sim, sink, breakdown, latencies } = this.ctx;
    const job = c.job!;
    const a = job.a;
    const now = sim.now;
    job.runEndAt = now;
    a.end = now;
    breakdown.controller.observe(a, job.publishedAt - a.arrival);
    breakdown.queueing.observe(a, job.assignedAt - job.publishedAt);
    breakdown.containerStart.observe(a, job.readyAt - job.assignedAt);
    breakdown.init.observe(a, job.initSeconds);
    breakdown.run.observe(a, now - a.start);
    if (a.blocking) {
      if (latencies.resultAck.zero) this.ctx.onResult(job);
      else sim.post(latencies.resultAck.sample(), this.ctx.onResult, job);
    } else sink.finished(a); // the 202 went out at publish; the result exists from now
    if (latencies.logCollection.zero) this.onLogsDone(c);
    else sim.post(latencies.logCollection.sample(), this.onLogsDone, c);
  }

  /** Logs collected: the completion ack goes out and the container is free (NeedWork). */
  private onLogsDone(c: Container): void {
    const { sim, latencies } = this.ctx;
    const job = c.job!;
    c.job = null;
    if (latencies.completionAck.zero) this.ctx.onCompletion(job);
    else sim.post(latencies.completionAck.sample(), this.ctx.onCompletion, job);
    this.ctx.gauges.busy.add(-1);
    this.pool.setState(c, State.Ready);
    c.lastUsed = sim.now;
    this.pool.addIdle(c);
    this.ensureTimer(c, sim.now + this.ctx.params.pauseGraceSeconds);
    this.inFlight--;
    this.processBufferAndFeed();
  }

  /** The buffer head first (strict FIFO, may block the rest), then new messages while `maxPeek` allows. */
  processBufferAndFeed(): void {
    const buffer = this.runBuffer;
    while (buffer.length > 0 && this.place(buffer.peek()!)) buffer.shift();
    while (this.inFlight < this.maxPeek && this.topic.length > 0) {
      this.inFlight++;
      this.run(this.topic.shift()!);
    }
  }

  /**
   * Pause grace and idle timeout share one lazy timer per container: a release does not cancel
   * and reschedule; when the timer fires it checks what is due and re-arms if the container was
   * used meanwhile. At most one pending event per container, not one per activation.
   */
  private ensureTimer(c: Container, due: number): void {
    if (c.timerPending) {
      if (c.timerAt <= due) return; // it fires first and re-arms
      this.ctx.sim.cancel(c.timerId); // an idle-timeout timer from before a resume: too late
    }
    c.timerPending = true;
    c.timerAt = due;
    c.timerId = this.ctx.sim.scheduleAt(due, this.onIdleTimer, c);
  }

  private onIdleTimer(c: Container): void {
    c.timerPending = false;
    const now = this.ctx.sim.now;
    const p = this.ctx.params;
    if (c.state === State.Ready) {
      const due = c.lastUsed + p.pauseGraceSeconds;
      if (now < due) this.ensureTimer(c, due);
      else {
        this.pool.setState(c, State.Pausing);
        this.ctx.sim.post(this.ctx.latencies.pause.sample(), this.onPaused, c);
      }
    } else if (c.state === State.Paused) {
      const due = c.pausedAt + p.idleContainerSeconds;
      if (now < due) this.ensureTimer(c, due);
      else {
        this.pool.removeIdle(c);
        this.remove(c);
        this.processBufferAndFeed();
      }
    }
  }

  private onPaused(c: Container): void {
    if (c.state !== State.Pausing) return; // evicted while pausing
    if (c.job !== null) {
      // taken while pausing: resume right away
      this.pool.setState(c, State.Resuming);
      this.ctx.sim.post(this.ctx.latencies.resume.sample(), this.onResumed, c);
      return;
    }
    this.pool.setState(c, State.Paused);
    c.pausedAt = this.ctx.sim.now;
    this.ensureTimer(c, c.pausedAt + this.ctx.params.idleContainerSeconds);
  }

  /** Leaves the books at once (memory free); `docker rm` runs on in state Removing for the time series. */
  private remove(c: Container): void {
    this.pool.drop(c);
    this.pool.setState(c, State.Removing);
    this.ctx.gauges.alive.add(-1);
    this.ctx.gauges.memory.add(-c.memoryMiB * this.memoryShare);
    this.ctx.fullest.set(this.id, this.pool.memoryUsedMiB);
    this.ctx.sim.post(this.ctx.latencies.remove.sample(), this.onRemoved, c);
  }

  private onRemoved(c: Container): void {
    this.pool.forget(c);
  }

  /**
   * The periodic prewarm check (model §3.4): drop stem cells unused longer than their ttl
   * (at most `expirationLimit`), then top each config up to its desired count if memory allows.
   */
  adjustPrewarms(now: number): void {
    const { stemCells, expirationLimit } = this.ctx.params.prewarm;
    let expired = 0;
    stemCells.forEach((cell, i) => {
      const ready = this.pool.prewarmed[i];
      if (cell.reactive !== null) {
        for (let k = 0; k < ready.length && expired < expirationLimit; ) {
          if (now - ready[k].lastUsed > cell.reactive.ttlSeconds) {
            const [c] = ready.splice(k, 1);
            this.remove(c);
            expired++;
          } else k++;
        }
      }
      const cold = this.pool.coldStartsSinceCheck[i];
      const r = cell.reactive;
      const desired = r === null ? cell.initialCount : cold === 0 ? r.minCount : Math.min(r.maxCount, Math.max(r.minCount, Math.floor(cold / r.threshold) * r.increment));
      this.pool.coldStartsSinceCheck[i] = 0;
      this.topUpPrewarms(i, desired);
    });
    if (expired > 0) this.processBufferAndFeed();
  }
}
