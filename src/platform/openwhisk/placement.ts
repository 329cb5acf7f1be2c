import { State } from './container.js';
import type { Invoker } from './invoker.js';
import type { Job } from './job.js';

/**
 * The ContainerPool's placement of one activation (model §3.2): warm > stem cell > cold if the
 * ledger has room > evict LRU idle containers and create > nothing (the caller buffers it).
 */
export class Placement {
  constructor(private readonly invoker: Invoker) {}

  /** True when the activation got a container (it may still have to start); false: buffer it. */
  place(job: Job): boolean {
    const { pool, lifecycle, prewarms } = this.invoker;
    const action = job.action;
    let c = pool.takeWarm(action.fn);
    if (c !== null) {
      lifecycle.assign(c, job, c.state === State.Ready ? 'warm' : 'resumed');
      if (c.state === State.Ready) lifecycle.startWarm(c);
      else if (c.state === State.Paused) lifecycle.resume(c); // Pausing: onPaused resumes it
      return true;
    }
    c = pool.takePrewarm(action.stemCell);
    if (c !== null) {
      lifecycle.assign(c, job, 'prewarm');
      job.readyAt = this.invoker.ctx.sim.now;
      lifecycle.startInit(c);
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
