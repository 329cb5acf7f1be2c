import type { StartKind } from '../../model/activation.js';
import { Fifo } from '../../resources/fifo.js';
import { Container, State } from './container.js';
import { MEMORY } from './container-pool.js';
import type { Invoker } from './invoker.js';
import type { Job } from './job.js';
import { cpuShares } from './params.js';

/**
 * Each container's lifecycle on one invoker as events (model §3.3): creation (at most
 * `parallelContainerCreations` at once), /init, /run, log collection, pause after the grace
 * period, removal when idle. Every phase runs the hooks that implement it (their time is added
 * to the phase's own; with none, nothing changes). Handlers are bound once and take the
 * container as their argument: no closure per event.
 */
export class ContainerLifecycle {
  private creating = 0;
  private readonly creationWait = new Fifo<Container>();
  /** Share of one invoker in the mean-over-invokers memory gauge. */
  private readonly memoryShare: number;

  constructor(private readonly invoker: Invoker) {
    this.memoryShare = 1 / invoker.ctx.params.invokers;
    for (const m of ['onCreated', 'onStarted', 'onInitDone', 'onResumed', 'onRunEnd', 'onLogsDone', 'onReset', 'onIdleTimer', 'onPaused', 'onRemoved', 'onRemovedReplacePrewarm', 'onRemovedStemCell'] as const)
      (this as any)[m] = (this as any)[m].bind(this);
  }

  /** The container is handed an activation: OpenWhisk stamps its last use here (the LRU order of eviction). */
  assign(c: Container, job: Job, kind: StartKind): void {
    const { ctx, pool } = this.invoker;
    pool.touch(c);
    job.container = c;
    job.startKind = kind;
    job.assignedAt = ctx.sim.now;
    if (c.active++ === 0) ctx.gauges.busy.add(1);
    pool.updatePartial(c);
  }

  /** A warm, unpaused container (idle, or running others of a concurrent action): the body starts now. */
  startWarm(c: Container, job: Job): void {
    job.readyAt = this.invoker.ctx.sim.now;
    this.startRun(c, job);
  }

  /** The container is starting, resuming or pausing: the activation runs once it is ready. */
  wait(c: Container, job: Job): void {
    if (c.job === null) c.job = job; // pausing and not taken yet: onPaused resumes it for this one
    else (c.waiting ??= []).push(job);
  }

  /** The container is ready (/init done or resumed): its activation runs, and any that joined meanwhile. */
  private ready(c: Container): void {
    const first = c.job!;
    c.job = null;
    this.startRun(c, first);
    const waiting = c.waiting;
    if (waiting === null) return;
    c.waiting = null;
    for (const job of waiting) this.startWarm(c, job);
  }

  coldStart(job: Job): void {
    const action = job.action;
    const c = new Container(this.invoker.ctx.nextContainerId(), action.demand, -1, State.CreatingCold, action.fn);
    c.maxConcurrent = action.maxConcurrent;
    c.coreWeight = action.cpuWeight;
    c.job = job;
    this.admit(c);
    this.assign(c, job, 'cold');
    if (action.stemCell >= 0) this.invoker.pool.coldStartsSinceCheck[action.stemCell]++;
    this.requestCreation(c);
  }

  createStemCell(stemCell: number): void {
    const ctx = this.invoker.ctx;
    const c = new Container(ctx.nextContainerId(), ctx.stemCellDemands[stemCell], stemCell, State.CreatingPrewarm, -1);
    c.coreWeight = cpuShares(ctx.params, c.memoryMiB);
    this.admit(c);
    this.invoker.pool.prewarmStarting[stemCell]++;
    this.requestCreation(c);
  }

  private admit(c: Container): void {
    const { pool, ctx, id } = this.invoker;
    pool.admit(c);
    ctx.gauges.alive.add(1);
    ctx.gauges.memory.add(c.memoryMiB * this.memoryShare);
    ctx.fullest.set(id, pool.memoryUsedMiB);
  }

  /** `docker run` + inspect, at most `parallelContainerCreations` at once per invoker (FIFO wait). */
  private requestCreation(c: Container): void {
    const ctx = this.invoker.ctx;
    if (this.creating < ctx.params.parallelContainerCreations) {
      this.creating++;
      const l = ctx.latencies;
      ctx.sim.post(l.dockerRun.sample() + l.inspect.sample(), this.onCreated, c);
    } else this.creationWait.push(c);
  }

  /** The container runs: the creation slot is free; the hooks' start-up (if any) follows. */
  private onCreated(c: Container): void {
    this.creating--;
    const next = this.creationWait.shift();
    if (next !== undefined) this.requestCreation(next);
    const hooks = this.invoker.ctx.hooks;
    if (hooks.has('create')) hooks.phase('create', c, this.invoker, c.job, 0, this.onStarted, c, false);
    else this.onStarted(c);
  }

  private onStarted(c: Container): void {
    const { pool, ctx } = this.invoker;
    if (c.state === State.CreatingPrewarm) {
      pool.prewarmStarting[c.stemCell]--;
      pool.setState(c, State.Prewarmed);
      const ttl = ctx.params.prewarm.stemCells[c.stemCell].reactive?.ttlSeconds;
      c.expiresAt = ttl === undefined ? Infinity : ctx.sim.now + ttl;
      pool.prewarmed[c.stemCell].push(c);
      return;
    }
    c.job!.readyAt = ctx.sim.now;
    this.startInit(c, c.job!);
  }

  /** OpenWhisk's /init of the action (a cold container, or a stem cell taken for `job`). */
  startInit(c: Container, job: Job): void {
    const ctx = this.invoker.ctx;
    c.job = job;
    this.invoker.pool.setState(c, State.Initializing);
    c.action = job.action.fn;
    if (c.maxConcurrent !== job.action.maxConcurrent) {
      c.maxConcurrent = job.action.maxConcurrent; // a stem cell becomes the action's container
      this.invoker.pool.updatePartial(c);
    }
    const d = ctx.latencies.init.sample();
    if (ctx.hooks.has('init')) {
      job.initSeconds = NaN; // known when the phase ends: its steps may wait
      ctx.hooks.phase('init', c, this.invoker, job, d, this.onInitDone, c);
      return;
    }
    job.initSeconds = d;
    ctx.sim.post(d, this.onInitDone, c);
  }

  private onInitDone(c: Container): void {
    const job = c.job!;
    if (job.initSeconds !== job.initSeconds) job.initSeconds = this.invoker.ctx.hooks.runner.lastPhaseSeconds; // NaN: a phase with steps
    this.ready(c);
  }

  /** A paused container taken by an activation: `docker unpause`. */
  resume(c: Container, job: Job | null = c.job): void {
    const ctx = this.invoker.ctx;
    c.job = job;
    this.invoker.pool.setState(c, State.Resuming);
    const d = ctx.latencies.resume.sample();
    if (ctx.hooks.has('resume')) ctx.hooks.phase('resume', c, this.invoker, job, d, this.onResumed, c);
    else ctx.sim.post(d, this.onResumed, c);
  }

  private onResumed(c: Container): void {
    c.job!.readyAt = this.invoker.ctx.sim.now;
    this.ready(c);
  }

  /**
   * The function body starts now. The /run round trip (`runOverhead`) is charged after the body:
   * where it sits does not change any response time, and the warm path then needs no start event.
   */
  private startRun(c: Container, job: Job): void {
    const ctx = this.invoker.ctx;
    this.invoker.pool.setState(c, State.Running);
    const a = job.a;
    a.start = ctx.sim.now;
    a.startKind = job.startKind;
    ctx.sink.started(a);
    const hooks = ctx.hooks;
    const cores = this.invoker.cores;
    if (cores === null && (hooks.none || !hooks.has('run'))) {
      const extra = hooks.none ? 0 : hooks.hop('runOverhead', job);
      ctx.sim.post(a.execSeconds + extra + ctx.latencies.runOverhead.sample(), this.onRunEnd, job);
      return;
    }
    // the hooks' steps, then the body (its CPU work on the invoker's cores, its I/O), then the /run
    // round trip (and what hooks add to that hop)
    const after = hooks.hop('runOverhead', job) + ctx.latencies.runOverhead.sample();
    if (cores === null) hooks.phase('run', c, this.invoker, job, a.execSeconds, this.onRunEnd, job, true, after);
    else {
      const { cpuShare, threads } = job.action;
      hooks.phase('run', c, this.invoker, job, a.execSeconds * (1 - cpuShare), this.onRunEnd, job, true, after, a.execSeconds * cpuShare, threads);
    }
  }

  private onRunEnd(job: Job): void {
    const { sim, sink, breakdown, latencies, hooks } = this.invoker.ctx;
    const a = job.a;
    const now = sim.now;
    job.runEndAt = now;
    a.end = now;
    breakdown.observeRunEnd(job, now);
    if (a.blocking) {
      const extra = hooks.none ? 0 : hooks.hop('resultAck', job);
      if (latencies.resultAck.zero && extra === 0) this.invoker.ctx.onResult(job);
      else sim.post(latencies.resultAck.sample() + extra, this.invoker.ctx.onResult, job);
    } else sink.finished(a); // the 202 went out at publish; the result exists from now
    const extra = hooks.none ? 0 : hooks.hop('logCollection', job);
    if (latencies.logCollection.zero && extra === 0) this.onLogsDone(job);
    else sim.post(latencies.logCollection.sample() + extra, this.onLogsDone, job);
  }

  /** Logs collected: the completion ack goes out and the container has room again (NeedWork). */
  private onLogsDone(job: Job): void {
    const { sim, latencies, hooks } = this.invoker.ctx;
    const pool = this.invoker.pool;
    const c = job.container!;
    job.container = null;
    const extra = hooks.none ? 0 : hooks.hop('completionAck', job);
    if (latencies.completionAck.zero && extra === 0) this.invoker.ctx.onCompletion(job);
    else sim.post(latencies.completionAck.sample() + extra, this.invoker.ctx.onCompletion, job);
    if (--c.active > 0) {
      // a concurrent action's container still running others: it stays Running, with room
      pool.updatePartial(c);
      this.invoker.finished();
      return;
    }
    pool.updatePartial(c);
    // what becomes of it: kept warm (OpenWhisk), reset first (busy meanwhile), or removed (hooks' release)
    const release = hooks.none ? 'keep' : hooks.release(c, this.invoker);
    if (release === 'reset') hooks.phase('reset', c, this.invoker, null, 0, this.onReset, c, false);
    else if (release === 'remove') {
      this.invoker.ctx.gauges.busy.add(-1);
      pool.setState(c, State.Ready); // an unpaused warm container leaves: ContainerRemoved, as an eviction's
      this.remove(c);
      this.invoker.finished();
    } else this.keepWarm(c);
  }

  /** A reset after the run is done: the container is kept warm. */
  private onReset(c: Container): void {
    this.keepWarm(c);
  }

  /** The container is free and warm (Ready): idle, its pause grace running; the pool has room again (NeedWork). */
  private keepWarm(c: Container): void {
    const { sim, params } = this.invoker.ctx;
    const pool = this.invoker.pool;
    this.invoker.ctx.gauges.busy.add(-1);
    pool.setState(c, State.Ready);
    c.releasedAt = sim.now;
    pool.addIdle(c);
    this.ensureTimer(c, sim.now + params.pauseGraceSeconds);
    this.invoker.finished();
  }

  /**
   * Pause grace and idle timeout share one lazy timer per container: a release does not cancel
   * and reschedule; when the timer fires it checks what is due and re-arms if the container was
   * used meanwhile. At most one pending event per container, not one per activation.
   */
  private ensureTimer(c: Container, due: number): void {
    const sim = this.invoker.ctx.sim;
    if (c.timerPending) {
      if (c.timerAt <= due) return; // it fires first and re-arms
      sim.cancel(c.timerId); // an idle-timeout timer from before a resume: too late
    }
    c.timerPending = true;
    c.timerAt = due;
    c.timerId = sim.scheduleAt(due, this.onIdleTimer, c);
  }

  private onIdleTimer(c: Container): void {
    c.timerPending = false;
    const { sim, params, latencies, hooks } = this.invoker.ctx;
    const now = sim.now;
    if (c.state === State.Ready) {
      const due = c.releasedAt + params.pauseGraceSeconds;
      if (now < due) this.ensureTimer(c, due);
      else {
        this.invoker.pool.setState(c, State.Pausing);
        const d = latencies.pause.sample();
        if (hooks.has('pause')) hooks.phase('pause', c, this.invoker, null, d, this.onPaused, c);
        else sim.post(d, this.onPaused, c);
      }
    } else if (c.state === State.Paused) {
      const due = this.idleDue(c);
      if (now < due) this.ensureTimer(c, Math.min(due, now + hooks.idleRecheckSeconds));
      else {
        this.invoker.pool.removeIdle(c);
        this.remove(c); // a paused container: RescheduleJob, not ContainerRemoved (no feed, no backfill)
      }
    }
  }

  private onPaused(c: Container): void {
    if (c.state !== State.Pausing) return; // evicted while pausing
    if (c.job !== null) {
      this.resume(c); // taken while pausing: resume right away
      return;
    }
    this.invoker.pool.setState(c, State.Paused);
    c.pausedAt = this.invoker.ctx.sim.now;
    this.ensureTimer(c, Math.min(this.idleDue(c), c.pausedAt + this.invoker.ctx.hooks.idleRecheckSeconds));
  }

  /** When a paused container is due for removal: after OpenWhisk's idle timeout, or sooner as hooks judge it now. */
  private idleDue(c: Container): number {
    const { params, hooks } = this.invoker.ctx;
    return c.pausedAt + (hooks.judgesIdle ? hooks.idleSeconds(c, this.invoker, params.idleContainerSeconds) : params.idleContainerSeconds);
  }

  /**
   * Leaves the books at once (its resources free); `docker rm` runs on in state Removing for the
   * time series. As ContainerProxy.destroyContainer, the pool hears ContainerRemoved (as a message:
   * after what it is doing now) from an unpaused warm container (replacePrewarm) or a stem cell;
   * a paused one sends RescheduleJob instead, which neither feeds nor backfills.
   */
  remove(c: Container): void {
    const { pool, ctx, id } = this.invoker;
    if (c.state === State.Ready) ctx.sim.post(0, this.onRemovedReplacePrewarm);
    else if (c.state === State.Prewarmed) ctx.sim.post(0, this.onRemovedStemCell);
    pool.drop(c);
    pool.setState(c, State.Removing);
    ctx.gauges.alive.add(-1);
    ctx.gauges.memory.add(-c.demand[MEMORY] * this.memoryShare);
    ctx.fullest.set(id, pool.memoryUsedMiB);
    const d = ctx.latencies.remove.sample();
    if (ctx.hooks.has('remove')) ctx.hooks.phase('remove', c, this.invoker, null, d, this.onRemoved, c);
    else ctx.sim.post(d, this.onRemoved, c);
  }

  private onRemoved(c: Container): void {
    this.invoker.pool.forget(c);
  }

  private onRemovedReplacePrewarm(): void {
    this.invoker.containerRemoved(true);
  }

  private onRemovedStemCell(): void {
    this.invoker.containerRemoved(false);
  }
}
