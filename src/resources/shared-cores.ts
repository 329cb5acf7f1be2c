import type { EventId, Simulation } from '../engine/index.js';
import type { Gauge } from '../model/recording.js';

/**
 * Work on a host's cores, as the kernel's fair scheduler (CFS) shares them among cgroups:
 * weighted processor sharing. Each job belongs to a group (a container: its cgroup) with a weight
 * (its cpu-shares); a group's weight is split evenly among its running jobs, and a job uses at most
 * `cap` cores (its threads). Rates are recomputed when a job starts or ends (an event per change,
 * not per tick): the cores are filled by weight, a job held at its cap gives the rest to the others
 * (water-filling), so no core idles while a job could use it.
 */
export interface CoreGroup {
  /** cpu-shares of the group (a container's). */
  coreWeight: number;
  /** Its jobs running now (kept by the cores). */
  coreJobs: number;
}

export interface CoreJob {
  /** The group it runs in. */
  coreGroup: CoreGroup;
  /** Core-seconds left. */
  coreWork: number;
  /** Cores it may use at most (its threads). */
  coreCap: number;
  /** Cores it gets now. */
  coreRate: number;
  /** When it started, and how long it would take alone (work / cap). */
  coreStartedAt: number;
  coreAloneSeconds: number;
  /** Its place in the cores' list while it runs. */
  coreIndex: number;
  /** It got fewer cores than its cap at some moment: only then was it stretched (else exactly 0, not a rounding residue). */
  coreShared: boolean;
  /** It is done: `stretchSeconds` is how much longer than alone it took (0 without contention). */
  coresDone(stretchSeconds: number): void;
}

/** Work left below this is done (rounding of rates x times). */
const DONE_EPSILON = 1e-12;

export class SharedCores {
  private readonly jobs: CoreJob[] = [];
  private updatedAt = 0;
  private nextId: EventId = -1;
  /** Cores in use now (sum of the rates). */
  busy = 0;
  private readonly order: CoreJob[] = [];

  constructor(
    private readonly sim: Pick<Simulation, 'now' | 'schedule' | 'cancel'>,
    readonly cores: number,
    /** Busy cores over cores, kept as it changes (e.g. a utilization gauge's share). */
    private readonly utilization?: Pick<Gauge, 'add'>,
    /** The jobs sharing the cores, kept as they change (the processor-sharing queue's length). */
    private readonly sharing?: Pick<Gauge, 'add'>,
  ) {
    if (!(cores > 0) || !Number.isFinite(cores)) throw new RangeError(`cores must be a finite number > 0, got ${cores}`);
  }

  /** Jobs running now. */
  get running(): number {
    return this.jobs.length;
  }

  /** The host is gone (an invoker fault): its work never ends, and its cores count as idle. */
  halt(): void {
    if (this.nextId >= 0) this.sim.cancel(this.nextId);
    this.nextId = -1;
    this.sharing?.add(-this.jobs.length);
    this.jobs.length = 0;
    this.setBusy(0);
  }

  /** Starts `workSeconds` of core-seconds of `job`, at most `cap` cores at once. */
  start(job: CoreJob, workSeconds: number, cap: number): void {
    this.advance();
    job.coreWork = workSeconds;
    job.coreCap = cap;
    job.coreRate = 0;
    job.coreStartedAt = this.sim.now;
    job.coreAloneSeconds = workSeconds / cap;
    job.coreShared = false;
    job.coreIndex = this.jobs.push(job) - 1;
    job.coreGroup.coreJobs++;
    this.sharing?.add(1);
    this.reshare();
  }

  /** Each job's work done since the last change, at its rate. */
  private advance(): void {
    const now = this.sim.now;
    const elapsed = now - this.updatedAt;
    this.updatedAt = now;
    if (elapsed <= 0) return;
    const jobs = this.jobs;
    for (let i = 0; i < jobs.length; i++) jobs[i].coreWork -= jobs[i].coreRate * elapsed;
  }

  /** New rates by weight (water-filling under the caps), and the event of the next completion. */
  private reshare(): void {
    const jobs = this.jobs;
    const n = jobs.length;
    let capSum = 0;
    for (let i = 0; i < n; i++) capSum += jobs[i].coreCap;
    if (capSum <= this.cores) {
      // room for every job at its cap: no sharing
      for (let i = 0; i < n; i++) jobs[i].coreRate = jobs[i].coreCap;
      this.setBusy(capSum);
    } else {
      // Fill by weight: jobs whose fair share exceeds their cap take their cap (fewest cores per
      // unit of weight first), the others share what is left by weight.
      let weightSum = 0;
      for (let i = 0; i < n; i++) weightSum += shareOf(jobs[i]);
      let capped = false;
      for (let i = 0; i < n && !capped; i++) capped = jobs[i].coreCap * weightSum < shareOf(jobs[i]) * this.cores;
      if (!capped) {
        // the common case: no job's fair share reaches its cap, so weights alone decide
        for (let i = 0; i < n; i++) {
          jobs[i].coreRate = (shareOf(jobs[i]) * this.cores) / weightSum;
          jobs[i].coreShared = true;
        }
        this.setBusy(this.cores);
        this.schedule();
        return;
      }
      const order = this.order;
      order.length = 0;
      for (let i = 0; i < n; i++) order.push(jobs[i]);
      order.sort(byCapPerWeight);
      let left = this.cores;
      let k = 0;
      for (; k < n; k++) {
        const job = order[k];
        const w = shareOf(job);
        if (job.coreCap * weightSum > w * left) break; // its fair share is below its cap: so are the rest's
        job.coreRate = job.coreCap;
        left -= job.coreCap;
        weightSum -= w;
      }
      for (let j = k; j < n; j++) {
        order[j].coreRate = (shareOf(order[j]) * left) / weightSum;
        order[j].coreShared = true;
      }
      this.setBusy(this.cores);
    }
    this.schedule();
  }

  private setBusy(busy: number): void {
    if (this.utilization !== undefined && busy !== this.busy) this.utilization.add((busy - this.busy) / this.cores);
    this.busy = busy;
  }

  /** The next completion: one event for all jobs, moved at every change. */
  private schedule(): void {
    if (this.nextId >= 0) this.sim.cancel(this.nextId);
    this.nextId = -1;
    const jobs = this.jobs;
    let soonest = Infinity;
    for (let i = 0; i < jobs.length; i++) {
      const t = jobs[i].coreWork / jobs[i].coreRate;
      if (t < soonest) soonest = t;
    }
    if (soonest < Infinity) this.nextId = this.sim.schedule(Math.max(0, soonest), this.onCompletion);
  }

  private readonly onCompletion = (): void => {
    this.nextId = -1;
    this.advance();
    const jobs = this.jobs;
    const done: CoreJob[] = [];
    for (let i = jobs.length - 1; i >= 0; i--) {
      const job = jobs[i];
      if (job.coreWork > DONE_EPSILON * Math.max(1, job.coreCap)) continue;
      const last = jobs.pop()!;
      if (last !== job) {
        jobs[i] = last;
        last.coreIndex = i;
      }
      job.coreIndex = -1;
      job.coreGroup.coreJobs--;
      this.sharing?.add(-1);
      done.push(job);
    }
    this.reshare();
    // after the new shares: a job's continuation may start the next work at once
    const now = this.sim.now;
    for (let i = done.length - 1; i >= 0; i--) {
      const job = done[i];
      job.coresDone(job.coreShared ? Math.max(0, now - job.coreStartedAt - job.coreAloneSeconds) : 0);
    }
  };
}

/** A job's weight: its group's, split evenly among the group's running jobs. */
function shareOf(job: CoreJob): number {
  return job.coreGroup.coreWeight / job.coreGroup.coreJobs;
}

function byCapPerWeight(a: CoreJob, b: CoreJob): number {
  return a.coreCap / shareOf(a) - b.coreCap / shareOf(b);
}
