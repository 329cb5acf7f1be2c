import type { RatioStat } from '../../model/recording.js';
import { State } from './container.js';
import type { Invoker } from './invoker.js';
import type { Job } from './job.js';
import { OPENWHISK_METRICS } from './metrics.js';

/**
 * The ContainerPool's placement of one activation (model §3.2): warm > stem cell > cold if the
 * ledger has room > evict LRU idle containers and create > nothing (the caller buffers it).
 */
export class Placement {
  /** Cold starts over placements in the second half of the window: a run that tips shows it here. */
  private readonly secondHalfCold: RatioStat;

  constructor(private readonly invoker: Invoker) {
    this.secondHalfCold = invoker.ctx.recorder.ratio(OPENWHISK_METRICS['coldStartRatio.secondHalf'].name);
  }

  /** True when the activation got a container (it may still have to start); false: buffer it. */
  place(job: Job): boolean {
    if (!this.assign(job)) return false;
    if (this.invoker.ctx.sim.now >= this.invoker.ctx.secondHalfFromSeconds) this.secondHalfCold.observe(job.a, job.startKind === 'cold' ? 1 : 0, 1);
    return true;
  }

  private assign(job: Job): boolean {
    const { pool, lifecycle, prewarms } = this.invoker;
    const action = job.action;
    let c = pool.takeWarm(action.fn);
    if (c !== null) {
      const state = c.state;
      if (state === State.Ready || state === State.Running) {
        lifecycle.assign(c, job, 'warm');
        lifecycle.startWarm(c, job);
      } else if (state === State.Paused || state === State.Pausing || state === State.Resuming) {
        lifecycle.assign(c, job, 'resumed');
        if (state === State.Paused) lifecycle.resume(c, job);
        else lifecycle.wait(c, job); // Pausing: onPaused resumes it; Resuming: it runs once resumed
      } else {
        // still starting for this action (concurrency > 1): it runs once the container is ready
        lifecycle.assign(c, job, c.job!.startKind);
        lifecycle.wait(c, job);
      }
      return true;
    }
    c = pool.takePrewarm(action.stemCell);
    if (c !== null) {
      lifecycle.assign(c, job, 'prewarm');
      job.readyAt = this.invoker.ctx.sim.now;
      lifecycle.startInit(c, job);
      prewarms.replace(c.stemCell);
      return true;
    }
    if (pool.hasRoomFor(action.demand)) {
      lifecycle.coldStart(job);
      return true;
    }
    // As OpenWhisk: free min(need, idle) of what is short; if that removed anything, create even
    // if it is still short (the pool may then exceed userMemory for a while).
    const victims = pool.evict(action.demand);
    if (victims.length === 0) return false;
    for (const v of victims) lifecycle.remove(v);
    this.invoker.ctx.recorder.count('evictions', victims.length);
    lifecycle.coldStart(job);
    return true;
  }
}
