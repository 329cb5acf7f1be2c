import type { Simulation } from '../../engine/index.js';
import type { CoreGroup, CoreJob, SharedCores } from '../../resources/shared-cores.js';
import { QueueStation } from '../../resources/station.js';
import type { Gauge, MeanStat } from '../../model/recording.js';
import type { Container } from './container.js';
import type { Job } from './job.js';

/**
 * A container phase with layers (create, init, run, pause, resume, remove) as a process in
 * simulated time, SimPy-style: a sequence of steps, each entered when the one before it is done.
 * A step is a delay, CPU work on the invoker's cores, a visit to a FIFO station (a host's quoting
 * enclave, a PSP), or a `then` that runs at that instant (to read or change state then, and add
 * the steps that follow). Consecutive delays are one event; a phase of delays alone is one event,
 * as before phases could wait. Native OpenWhisk never builds one: its phases are single events.
 */
export interface PhaseSteps {
  /** The activation the phase serves, or null (a stem cell being created, a pause, a removal). */
  readonly job: Job | null;
  readonly container: Container;
  /** Time that takes no shared resource of the invoker (a device, a remote service, a wait). */
  add(seconds: number, part?: number): void;
  /**
   * `seconds` of work on the invoker's cores (as long alone on `threads` cores, default 1), shared
   * with every container running then, by their cpu-shares; a plain delay while the invoker's cores
   * are not simulated. With `part` it is reported there; the stretch by sharing is `cpuContention`.
   */
  cpu(seconds: number, part?: number, threads?: number): void;
  /** A visit to a station: wait for a server in FIFO order, then `seconds` of service. */
  visit(station: PhaseStation, seconds: number, part?: number): void;
  /** Runs `step` once the steps before it are done; the steps it adds come next. */
  then(step: (s: PhaseSteps) => void): void;
}

/** Where a phase's time goes: the breakdown of its activation (see Hooks). */
export interface PhaseAccounts {
  /** `seconds` spent in the phase under `part` (a global part index, -1: the native part). */
  attribute(run: PhaseRun, part: number, seconds: number): void;
}

/** A step's length: a layer that computes a negative or NaN one has a bug, said where it happens. */
function checkSeconds(seconds: number): void {
  if (!(seconds >= 0)) throw new RangeError(`a phase step takes seconds >= 0, got ${seconds}`);
}

const DELAY = 0;
const CPU = 1;
const VISIT = 2;
const THEN = 3;

/** A FIFO station whose jobs are phases: they resume when served. */
export type PhaseStation = QueueStation<PhaseRun>;

export interface PhaseStationOptions {
  sim: Simulation;
  servers: number;
  /** Busy servers (e.g. a utilization gauge). */
  busy?: Gauge;
  /** The wait of each visit by an activation's phase (a stem cell's has no activation: not observed). */
  wait?: MeanStat;
  /** Visits waiting for a server (a queue-length gauge). */
  queued?: Pick<Gauge, 'add'>;
  /**
   * Its service is CPU work on the host of the phase that visits (a quoting enclave computes the
   * quote on the invoker), at this weight (cpu-shares) among its containers; absent: a plain service
   * time (a device, another machine). Where the host's cores are not simulated it is a plain time too.
   */
  hostCpuWeight?: number;
}

/** A station for phases: a visit's service time is its step's, and the phase goes on when served. */
export function phaseStation(o: PhaseStationOptions): PhaseStation {
  const host: CoreGroup | null = o.hostCpuWeight === undefined ? null : { coreWeight: o.hostCpuWeight, coreJobs: 0 };
  return new QueueStation<PhaseRun>({
    sim: o.sim,
    servers: o.servers,
    capacity: Infinity,
    // NaN: the service ends when its CPU work is done (see PhaseRun.coresDone)
    serviceSeconds: (run) => (host !== null && run.cores !== null ? NaN : run.stepSeconds),
    onStart: (run) => {
      run.waited = o.sim.now - run.stepAt;
      if (o.wait !== undefined && run.job !== null) o.wait.observe(run.job.a, run.waited);
      if (host !== null && run.cores !== null) {
        run.coreGroup = host;
        run.cores.start(run, run.stepSeconds, 1);
      }
    },
    onDone: (run) => run.stepDone(),
    ...(o.busy === undefined ? {} : { busy: o.busy }),
    ...(o.queued === undefined ? {} : { queued: o.queued }),
  });
}

/**
 * One phase in progress. Its steps are parallel arrays (kind, seconds, part, station or step),
 * kept from one use to the next: the runner pools these objects, so a phase allocates nothing
 * once the pool has grown to the phases in flight.
 */
export class PhaseRun implements PhaseSteps, CoreJob {
  job: Job | null = null;
  container!: Container;
  /** The cores of the invoker it runs on, or null when they are not simulated. */
  cores: SharedCores | null = null;
  // its CPU work under way, as the cores see it (see SharedCores)
  coreGroup!: CoreGroup;
  coreWork = 0;
  coreCap = 1;
  coreRate = 0;
  coreStartedAt = 0;
  coreAloneSeconds = 0;
  coreIndex = -1;
  coreShared = false;
  /** The current hook's part indices (local -> global); set by Hooks while the hook adds steps. */
  partIndex: Int32Array = new Int32Array(0);
  /** When the current step was entered, and what it waited (a visit). */
  stepAt = 0;
  waited = 0;
  /** The current step's seconds (a visit's service). */
  stepSeconds = 0;
  /** When the phase started. */
  startedAt = 0;
  /** Seconds of the steps done so far: delays by their length (exact sums), the others by the clock. */
  elapsed = 0;
  /** The native part (index) the phase's time lies in, -1 outside every response time. */
  within = -1;
  /** A delay at the end is an event even when it is 0 (phases that were always one event). */
  endsWithEvent = false;
  private kinds: number[] = [];
  private seconds: number[] = [];
  private parts: number[] = [];
  private refs: (PhaseStation | ((s: PhaseSteps) => void) | null)[] = [];
  /** A CPU step's threads (cores it may use at once). */
  private caps: number[] = [];
  /** A `then` step runs with the part indices of the hook that added it. */
  private partMaps: (Int32Array | null)[] = [];
  private length = 0;
  private next = 0;
  /** Inside a `then`: the steps it adds go to `inserted`, then in front of the rest. */
  private inserting = false;
  private inserted: PhaseRun | null = null;
  private done: ((arg: any) => void) | null = null;
  private doneArg: unknown = null;

  constructor(private readonly runner: PhaseRunner) {}

  add(seconds: number, part?: number): void {
    checkSeconds(seconds);
    const global = part === undefined ? -1 : this.partIndex[part];
    this.runner.accounts.attribute(this, global, seconds); // its length is known now
    this.push(DELAY, seconds, -1, null);
  }

  cpu(seconds: number, part?: number, threads = 1): void {
    if (this.cores === null || seconds === 0) {
      this.add(seconds, part);
      return;
    }
    checkSeconds(seconds);
    // its length alone is its part's now, as a delay's; only the stretch by sharing is known at its end
    this.runner.accounts.attribute(this, part === undefined ? -1 : this.partIndex[part], seconds);
    this.push(CPU, seconds, -1, null, threads);
  }

  visit(station: PhaseStation, seconds: number, part?: number): void {
    checkSeconds(seconds);
    this.push(VISIT, seconds, part === undefined ? -1 : this.partIndex[part], station);
  }

  then(step: (s: PhaseSteps) => void): void {
    this.push(THEN, 0, -1, step);
  }

  private push(kind: number, seconds: number, part: number, ref: PhaseStation | ((s: PhaseSteps) => void) | null, cap = 1): void {
    if (this.inserting) {
      (this.inserted ??= new PhaseRun(this.runner)).push(kind, seconds, part, ref, cap);
      return;
    }
    const n = this.length;
    // consecutive delays are one: one event for them all; so is consecutive CPU work on as many cores
    // (the enclave's crypto, its share of a body, the body): one job on the cores, its parts already told
    if (n > this.next && this.kinds[n - 1] === kind && (kind === DELAY || (kind === CPU && this.caps[n - 1] === cap))) {
      this.seconds[n - 1] += seconds;
      return;
    }
    this.kinds[n] = kind;
    this.seconds[n] = seconds;
    this.parts[n] = part;
    this.refs[n] = ref;
    this.partMaps[n] = kind === THEN ? this.partIndex : null;
    this.caps[n] = cap;
    this.length = n + 1;
  }

  /** Runs the steps from the first; `done(arg)` when the last is over. */
  start(done: (arg: any) => void, arg: unknown): void {
    this.done = done;
    this.doneArg = arg;
    this.startedAt = this.runner.sim.now;
    this.advance();
  }

  /** Enters the next step, or ends the phase. */
  advance(): void {
    const sim = this.runner.sim;
    while (this.next < this.length) {
      const i = this.next++;
      const seconds = this.seconds[i];
      this.stepAt = sim.now;
      switch (this.kinds[i]) {
        case DELAY:
          this.elapsed += seconds;
          if (seconds > 0 || (this.endsWithEvent && this.next === this.length)) {
            sim.post(seconds, this.runner.onStepDone, this);
            return;
          }
          continue;
        case CPU: {
          // `seconds` alone on `threads` cores: that many core-seconds of work
          const threads = this.caps[i];
          this.stepSeconds = seconds;
          this.stepPart = this.parts[i];
          this.coreGroup = this.container;
          this.cores!.start(this, seconds * threads, threads);
          return;
        }
        case VISIT:
          this.stepSeconds = seconds;
          this.stepPart = this.parts[i];
          (this.refs[i] as PhaseStation).submit(this);
          return;
        case THEN:
          this.partIndex = this.partMaps[i]!;
          this.runThen(this.refs[i] as (s: PhaseSteps) => void, i);
          continue;
      }
    }
    const done = this.done!;
    const arg = this.doneArg;
    this.runner.lastPhaseSeconds = this.elapsed;
    this.runner.release(this);
    done(arg);
  }

  /** The part of the step under way (a CPU step or a visit), attributed when it ends. */
  private stepPart = -1;

  /** A visit was served: its wait and service are its part's. */
  stepDone(): void {
    const seconds = this.runner.sim.now - this.stepAt;
    this.elapsed += seconds;
    this.runner.accounts.attribute(this, this.stepPart, seconds);
    this.advance();
  }

  /** The cores finished its work: a CPU step, or the CPU service of a visit (see phaseStation). */
  coresDone(stretchSeconds: number): void {
    const i = this.next - 1;
    if (this.kinds[i] === VISIT) (this.refs[i] as PhaseStation).finish(this);
    else this.cpuDone(stretchSeconds);
  }

  /** A CPU step is done: its work is its part's, the stretch by sharing the contention part's (see Hooks). */
  private cpuDone(stretchSeconds: number): void {
    const accounts = this.runner.accounts;
    this.elapsed += this.runner.sim.now - this.stepAt;
    if (stretchSeconds > 0) accounts.attribute(this, this.runner.contentionPart, stretchSeconds);
    this.advance();
  }

  private runThen(step: (s: PhaseSteps) => void, at: number): void {
    this.inserting = true;
    try {
      step(this);
    } finally {
      this.inserting = false;
    }
    const more = this.inserted;
    if (more === null || more.length === 0) return;
    // the added steps replace the `then` (at index `at`) and come before the rest
    const tail = this.length - (at + 1);
    const shift = more.length - 1;
    for (let k = tail - 1; k >= 0; k--) this.copy(at + 1 + k, at + 1 + k + shift);
    for (let k = 0; k < more.length; k++) {
      this.kinds[at + k] = more.kinds[k];
      this.seconds[at + k] = more.seconds[k];
      this.parts[at + k] = more.parts[k];
      this.refs[at + k] = more.refs[k];
      this.partMaps[at + k] = more.partMaps[k];
      this.caps[at + k] = more.caps[k];
      more.refs[k] = null;
    }
    this.length += shift;
    this.next = at;
    more.length = 0;
  }

  private copy(from: number, to: number): void {
    this.kinds[to] = this.kinds[from];
    this.seconds[to] = this.seconds[from];
    this.parts[to] = this.parts[from];
    this.refs[to] = this.refs[from];
    this.partMaps[to] = this.partMaps[from];
    this.caps[to] = this.caps[from];
  }

  /** Back to the pool: no step, no job. */
  reset(): void {
    for (let i = 0; i < this.length; i++) {
      this.refs[i] = null;
      this.partMaps[i] = null;
    }
    this.length = 0;
    this.endsWithEvent = false;
    this.next = 0;
    this.job = null;
    this.cores = null;
    this.done = null;
    this.doneArg = null;
    this.stepPart = -1;
    this.elapsed = 0;
  }
}

/** Makes and pools the phases of one platform's invokers. */
export class PhaseRunner {
  private readonly free: PhaseRun[] = [];
  /** Global part index of CPU contention (-1: not reported). */
  contentionPart = -1;
  /** The length of the phase that ended last (read by its `done`, e.g. the /init's length). */
  lastPhaseSeconds = 0;

  constructor(
    readonly sim: Pick<Simulation, 'now' | 'post'>,
    readonly accounts: PhaseAccounts,
  ) {}

  /** A fresh phase for `c` serving `job` (or null), on an invoker with `cores` (null: not simulated). */
  take(c: Container, job: Job | null, cores: SharedCores | null): PhaseRun {
    const run = this.free.pop() ?? new PhaseRun(this);
    run.container = c;
    run.job = job;
    run.cores = cores;
    return run;
  }

  release(run: PhaseRun): void {
    run.reset();
    this.free.push(run);
  }

  /** A delay step is over. */
  readonly onStepDone = (run: PhaseRun): void => run.advance();
}
