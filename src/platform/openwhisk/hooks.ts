import type { ResourceSpec } from '../../resources/ledger.js';
import type { Container } from './container.js';
import type { Invoker } from './invoker.js';
import type { Job } from './job.js';
import type { LatencyKey } from './params.js';
import { PhaseRunner, type PhaseAccounts, type PhaseRun, type PhaseSteps } from './phase.js';

/**
 * Lifecycle hooks: how a layer on top of OpenWhisk (SGX enclaves, payload crypto) adds its costs
 * to the invoker's phases without special cases in the OpenWhisk code. A hook may add time to a
 * phase (several hooks' times add), charge resources of the invoker's ledger, and record metrics
 * through its own handles. The invoker calls only the hooks that implement a phase: with none,
 * nothing is drawn and nothing is scheduled, so native runs stay byte-identical.
 */

/**
 * The native parts of a response time (`latency.breakdown.<part>`), in the order of the activation
 * path; they add up to a blocking response time.
 */
export const NATIVE_PARTS = ['controller', 'queueing', 'containerStart', 'init', 'run', 'acks'] as const;
export type NativePart = (typeof NATIVE_PARTS)[number];
export const NATIVE_PART_INDEX = Object.fromEntries(NATIVE_PARTS.map((p, i) => [p, i])) as Record<NativePart, number>;

/**
 * A part a hook reports of its own (`latency.breakdown.<name>`, e.g. `enclaveCreate`), carved out
 * of the native part whose interval it lies in (enclave creation lies in `containerStart`): the
 * native part then reports what is left, and all parts still add up to the response time.
 */
export interface HookPart {
  name: string;
  /**
   * The native part it is usually carved out of. Time given in a phase of another native part is
   * carved out of that one (a stem cell's enclave is created during /init, a cold start's during
   * containerStart): all parts still add up. Only `acks` is fixed, as it is observed later.
   */
  within: NativePart;
}

/** The message hops a hook may lengthen: the latency keys that are not container phases. */
export type Hop = Extract<LatencyKey, 'controller' | 'publish' | 'kafka' | 'runOverhead' | 'resultAck' | 'logCollection' | 'completionAck'>;

/**
 * The native part a hop's time lies in, or null when it is outside every response time (after
 * the result: log collection, the completion ack). A Record: a new hop must say where it lies.
 */
export const HOP_PART: Record<Hop, NativePart | null> = {
  controller: 'controller',
  publish: 'controller',
  kafka: 'queueing',
  runOverhead: 'run',
  resultAck: 'acks',
  logCollection: null,
  completionAck: null,
};

/**
 * What becomes of a container when its last activation is done: kept warm for the next (OpenWhisk),
 * reset first (the hooks' `reset` steps, e.g. restoring a clean snapshot, then kept), or removed.
 */
export type Release = 'keep' | 'reset' | 'remove';
const RELEASE_ORDER: Record<Release, number> = { keep: 0, reset: 1, remove: 2 };

/**
 * The time CPU work was stretched by sharing the invoker's cores (beyond its length alone): its
 * own part, carved out of the native part of the phase it happened in (mostly `run`).
 */
export const CPU_CONTENTION: HookPart = { name: 'cpuContention', within: 'run' };

/** Time a hook adds to a message hop: a delay, attributed to one of its own parts or left in the native one. */
export interface PhaseTime {
  /** The activation the hop carries. */
  readonly job: Job | null;
  /** Adds `seconds` to the hop; with `part` (an index into the hook's own `parts`) they are reported there. */
  add(seconds: number, part?: number): void;
}

export interface InvokerHook {
  /** Its breakdown parts, reported for every activation (0 where it added nothing). */
  readonly parts?: readonly HookPart[];
  /** Resources it adds to every invoker's ledger, after memory, e.g. the EPC. */
  resources?(invoker: number): readonly ResourceSpec[];
  /**
   * What a container holds of this hook's resources (in the order of `resources`) from admission
   * to removal: for a function's container (`fn`) or a stem cell (`stemCell`, fn = -1). More may
   * be charged while it lives with `invoker.pool.grow`.
   */
  demand?(of: { fn: number; stemCell: number }): readonly number[];
  /**
   * Memory a container holds beyond its action's (or stem cell's) limit, MiB, from admission to
   * removal (a VM's memory and its host overhead): OpenWhisk's pool counts it in the invoker's
   * memory. Several hooks' add.
   */
  memoryMiB?(of: { fn: number; stemCell: number }): number;
  /** After `docker run` + inspect, before the container is ready (a stem cell, or a cold start with its job). */
  create?(c: Container, invoker: Invoker, s: PhaseSteps): void;
  /** Before OpenWhisk's `/init` of an action. */
  init?(c: Container, invoker: Invoker, s: PhaseSteps): void;
  /** Before the function body (then the body, then the run overhead); `s.job` is the activation. */
  run?(c: Container, invoker: Invoker, s: PhaseSteps): void;
  pause?(c: Container, invoker: Invoker, s: PhaseSteps): void;
  resume?(c: Container, invoker: Invoker, s: PhaseSteps): void;
  /** With `docker rm` (the pool releases the demand and what `grow` added; anything else is the hook's to release). */
  remove?(c: Container, invoker: Invoker, s: PhaseSteps): void;
  /**
   * What becomes of a container when its last activation is done (see Release; native: keep). With
   * several hooks the strongest answer wins: remove, then reset, then keep.
   */
  release?(c: Container, invoker: Invoker): Release;
  /** A reset (a hook's `release` said so): steps outside every response time, before the container takes another activation. */
  reset?(c: Container, invoker: Invoker, s: PhaseSteps): void;
  /**
   * How long a paused container may stay idle before it is removed, judged now: the shortest of the
   * hooks' answers and OpenWhisk's `idleContainer`. Asked when it pauses and whenever its idle timer
   * fires, and with `idleRecheckSeconds` at least that often while it stays paused (the answer may
   * change with the invoker's state, e.g. a short resource).
   */
  idleSeconds?(c: Container, invoker: Invoker): number;
  readonly idleRecheckSeconds?: number;
  /** On a message hop of an activation. */
  hop?(hop: Hop, job: Job, t: PhaseTime): void;
  /** Time-series columns it adds per invoker, after the native ones. */
  readonly columns?: readonly string[];
  /** Writes its columns of one invoker's time-series row. */
  sample?(invoker: Invoker, row: Record<string, number>): void;
}

export type ContainerPhase = 'create' | 'init' | 'run' | 'pause' | 'resume' | 'remove' | 'reset';

/** The native part each container phase lies in when it serves an activation. */
const PHASE_PART: Record<ContainerPhase, NativePart | null> = {
  create: 'containerStart',
  init: 'init',
  run: 'run',
  pause: null,
  resume: 'containerStart',
  remove: null,
  reset: null,
};

/**
 * The hooks of one platform, compiled per phase (only the hooks implementing it), with their parts
 * merged by name into one index. A container phase with hooks is a process of steps (phase.ts):
 * each hook adds its steps, then the phase's native time follows. Per-activation state lives on
 * the job (`job.parts`), allocated only when a hook attributes time to a part.
 */
export class Hooks implements PhaseTime, PhaseAccounts {
  /** The hooks' parts by name, in first-declared order: `latency.breakdown.<name>`. */
  readonly parts: HookPart[] = [];
  readonly columns: string[] = [];
  /** No hook at all: the per-activation paths skip every call (native OpenWhisk costs nothing more). */
  readonly none: boolean;
  readonly runner: PhaseRunner;
  job: Job | null = null;
  private seconds = 0;
  /** Native part index the current hop lies in, -1 outside every response time. */
  private within = -1;
  /** The current hook's part indices into `parts`. */
  private partIndex: Int32Array = new Int32Array(0);
  private readonly partIndices = new Map<InvokerHook, Int32Array>();
  private readonly byPhase: Record<ContainerPhase, InvokerHook[]>;
  private readonly hopHooks: InvokerHook[];
  private readonly samplers: InvokerHook[];
  private readonly releasers: InvokerHook[];
  private readonly idlers: InvokerHook[];
  /** Whether any hook says how long paused containers stay (else OpenWhisk's idleContainer alone, as native). */
  readonly judgesIdle: boolean;
  /** The shortest recheck of the hooks that judge idle containers (Infinity: none asks). */
  readonly idleRecheckSeconds: number;
  /** Every part at 0 (doubles), copied for a job's first charge. */
  private readonly noParts: number[];

  constructor(
    readonly list: readonly InvokerHook[],
    sim: PhaseRunner['sim'],
    /** Invokers' cores are simulated: CPU work stretched by sharing is reported as `cpuContention`. */
    cpuContention = false,
  ) {
    this.none = list.length === 0;
    for (const h of list) {
      const indices = (h.parts ?? []).map((p) => {
        let i = this.parts.findIndex((q) => q.name === p.name);
        if (i < 0) i = this.parts.push({ ...p }) - 1;
        else if (this.parts[i].within !== p.within) throw new Error(`breakdown part ${p.name} is declared within ${this.parts[i].within} and within ${p.within}`);
        if ((NATIVE_PARTS as readonly string[]).includes(p.name)) throw new Error(`breakdown part ${p.name} is a native part`);
        return i;
      });
      this.partIndices.set(h, Int32Array.from(indices));
      for (const col of h.columns ?? []) if (!this.columns.includes(col)) this.columns.push(col);
    }
    const having = (phase: keyof InvokerHook) => list.filter((h) => h[phase] !== undefined);
    this.byPhase = { create: having('create'), init: having('init'), run: having('run'), pause: having('pause'), resume: having('resume'), remove: having('remove'), reset: having('reset') };
    this.hopHooks = having('hop');
    this.samplers = having('sample');
    this.releasers = having('release');
    this.idlers = having('idleSeconds');
    this.judgesIdle = this.idlers.length > 0;
    this.idleRecheckSeconds = Math.min(...this.idlers.map((h) => h.idleRecheckSeconds ?? Infinity));
    this.runner = new PhaseRunner(sim, this);
    if (cpuContention) this.runner.contentionPart = this.parts.push({ ...CPU_CONTENTION }) - 1;
    // filled with a double first, so that its copies hold doubles from the start (no elements-kind transition)
    this.noParts = new Array<number>(NATIVE_PARTS.length + this.parts.length).fill(0.5).fill(0);
  }

  /** Whether any hook implements `phase`: the caller skips the call (and any event) when none does. */
  has(phase: ContainerPhase | 'hop'): boolean {
    return phase === 'hop' ? this.hopHooks.length > 0 : this.byPhase[phase].length > 0;
  }

  /**
   * A container phase as a process: the hooks' steps, then its native time: `cpuSeconds` of CPU
   * work (a body's, on `threads` cores), `nativeSeconds` of plain time (a body's I/O, or the phase's
   * own latency), then `afterSeconds` (the run overhead); `done(arg)` when all are over. With
   * `endsWithEvent` the end is an event even when the time left is 0 (as the native phase always was).
   */
  phase(
    phase: ContainerPhase,
    c: Container,
    invoker: Invoker,
    job: Job | null,
    nativeSeconds: number,
    done: (arg: any) => void,
    arg: unknown,
    endsWithEvent = true,
    afterSeconds = 0,
    cpuSeconds = 0,
    threads = 1,
  ): PhaseRun {
    const run = this.runner.take(c, job, invoker.cores);
    const part = PHASE_PART[phase];
    run.within = part === null ? -1 : NATIVE_PART_INDEX[part];
    for (const h of this.byPhase[phase]) {
      run.partIndex = this.partIndices.get(h)!;
      h[phase]!(c, invoker, run);
    }
    if (cpuSeconds > 0) run.cpu(cpuSeconds, undefined, threads);
    run.add(nativeSeconds);
    if (afterSeconds !== 0) run.add(afterSeconds);
    run.endsWithEvent = endsWithEvent;
    run.start(done, arg);
    return run;
  }

  /** Runs the hooks of a message hop; returns the seconds they add (0 with none). */
  hop(hop: Hop, job: Job): number {
    const hooks = this.hopHooks;
    if (hooks.length === 0) return 0;
    this.job = job;
    this.within = HOP_PART[hop] === null ? -1 : NATIVE_PART_INDEX[HOP_PART[hop]!];
    this.seconds = 0;
    for (const h of hooks) {
      this.partIndex = this.partIndices.get(h)!;
      h.hop!(hop, job, this);
    }
    return this.seconds;
  }

  /** A hop's time (see PhaseTime). */
  add(seconds: number, part?: number): void {
    this.seconds += seconds;
    if (part !== undefined) this.charge(this.job, this.within, this.partIndex[part], seconds);
  }

  /** A phase's time (see PhaseAccounts). */
  attribute(run: PhaseRun, part: number, seconds: number): void {
    if (part >= 0) this.charge(run.job, run.within, part, seconds);
  }

  /** `seconds` of a job's `within` native part go to its global part `part`. */
  private charge(job: Job | null, within: number, part: number, seconds: number): void {
    if (job === null || within < 0) return; // outside every response time: time only
    // a plain array of doubles: cheaper to allocate than a typed array, once per activation a hook charges
    const parts = (job.parts ??= this.noParts.slice());
    const p = this.parts[part];
    if ((p.within === 'acks') !== (within === NATIVE_PART_INDEX.acks)) throw new Error(`breakdown part ${p.name} lies within ${p.within}, but was given time in a phase of ${NATIVE_PARTS[within]}`);
    parts[within] += seconds; // carved out of the native part
    parts[NATIVE_PARTS.length + part] += seconds;
  }

  /** Writes the hooks' columns of one invoker's time-series row. */
  sample(invoker: Invoker, row: Record<string, number | string>): void {
    if (this.samplers.length === 0) return;
    const own: Record<string, number> = {};
    for (const h of this.samplers) h.sample!(invoker, own);
    for (const col of this.columns) row[col] = own[col] ?? 0;
  }

  /** What becomes of a container whose last activation is done: the strongest of the hooks' answers (keep with none). */
  release(c: Container, invoker: Invoker): Release {
    let release: Release = 'keep';
    for (const h of this.releasers) {
      const r = h.release!(c, invoker);
      if (RELEASE_ORDER[r] > RELEASE_ORDER[release]) release = r;
    }
    return release;
  }

  /** How long a paused container may stay idle, judged now: the shortest of the hooks' answers and `idleContainerSeconds`. */
  idleSeconds(c: Container, invoker: Invoker, idleContainerSeconds: number): number {
    let seconds = idleContainerSeconds;
    for (const h of this.idlers) seconds = Math.min(seconds, h.idleSeconds!(c, invoker));
    return seconds;
  }

  /** The demand vector of a container: memory (its limit, and what hooks add to it), then each hook's resources in order. */
  demand(memoryMiB: number, of: { fn: number; stemCell: number }, resourceCounts: readonly number[]): number[] {
    const d = [this.list.reduce((m, h) => m + (h.memoryMiB?.(of) ?? 0), memoryMiB)];
    this.list.forEach((h, i) => {
      const own = h.demand?.(of) ?? [];
      for (let r = 0; r < resourceCounts[i]; r++) d.push(own[r] ?? 0);
    });
    return d;
  }
}
