/**
 * SGX on OpenWhisk invokers, as one lifecycle hook (docs/sgx.md): each invoker's EPC is kept page
 * by page by its reclaim model (epc-books.ts: pages taken when added, evicted by second chance or
 * spread, dropped at removal), and is a resource of its ledger (soft: over-commit pages; hard with
 * `paging: avoid`: reserved at admission, the pool evicts idle enclaves or buffers). A secure
 * container's start-up runs enclave creation, the runtime's start and attestation (a quote queue
 * per invoker); its executions pay augmentation, paging, the runtime factor and the enclave's
 * transitions, all CPU work of the invoker. No OpenWhisk code knows of SGX.
 */
import type { RandomStreams } from '../../engine/index.js';
import { makeSampler, type Sampler } from '../../engine/distributions.js';
import type { Random } from '../../engine/index.js';
import type { DistributionStat, Gauge, MeanStat, Recorder } from '../../model/recording.js';
import type { Container } from '../../platform/openwhisk/container.js';
import type { InvokerHook } from '../../platform/openwhisk/hooks.js';
import { phaseStation, type PhaseStation, type PhaseSteps } from '../../platform/openwhisk/phase.js';
import type { Simulation } from '../../engine/index.js';
import type { Invoker } from '../../platform/openwhisk/invoker.js';
import { stemCellIndex, type OpenWhiskParams } from '../../platform/openwhisk/params.js';
import type { FunctionSpec } from '../../schema/types.js';
import type { SgxMachine } from './hardware.js';
import { augmentation, creationSeconds, heapPagesAtCreation, pagesWhenWarm, pagingSeconds } from './costs.js';
import { CODE, EPC_BOOKS, HEAP, HOT, type EnclavePages, type EpcBooks } from './epc-books.js';
import { miBOfPages, PAGES_PER_MIB, pagesOfMiB } from './pages.js';
import { resolveEnclave, type EnclaveSpec, type SgxSecurity } from './settings.js';
import { SGX_PARTS, type SgxPart } from './metrics.js';

/** The EPC's name in an invoker's ledger, in pages. */
export const EPC_RESOURCE = 'epcPages';

/** The hook's own parts of a response time (`latency.breakdown.<part>`), by index into PARTS. */
const PARTS = (Object.keys(SGX_PARTS) as SgxPart[]).map((name) => ({ name, within: SGX_PARTS[name].within }));
const PART: Record<SgxPart, number> = Object.fromEntries(PARTS.map((p, i) => [p.name, i])) as Record<SgxPart, number>;
const { enclaveCreate: ENCLAVE_CREATE, runtimeStart: RUNTIME_START, attestation: ATTESTATION, augment: AUGMENT, paging: PAGING } = PART;

/**
 * The quoting enclave is a process of the host, not a container: the kernel gives it the default
 * weight of 1024 cpu-shares among the invoker's containers while it computes a quote.
 */
const QUOTING_ENCLAVE_CPU_SHARES = 1024;

/** Time-series columns per invoker. */
export const SGX_COLUMNS = ['epcUsedMiB', 'enclaves', 'pagedOutPerSecond'] as const;

/** One live enclave. */
interface Enclave {
  /** Its function's enclave; a stem cell's runtime's while no function has taken it. */
  spec: EnclaveSpec;
  /** Heap pages committed so far (v1: the whole heap at creation). */
  heapPages: number;
  /** Its pages in the invoker's EPC books. */
  pages: EnclavePages;
  /** Its function, -1 for a stem cell's while no function has taken it. */
  fn: number;
}

/** Per invoker: its EPC books, its quoting enclave (a FIFO station of one server) and its paging count (for the time series' rate). */
class InvokerEnclaves {
  enclaves = 0;
  pagedOut = 0;
  lastSampledPagedOut = 0;
  lastSampleSeconds = 0;
  constructor(
    readonly quoting: PhaseStation,
    readonly books: EpcBooks,
  ) {}
}

export interface SgxHookOptions {
  sim: Simulation;
  security: SgxSecurity;
  hardware: SgxMachine;
  functions: readonly FunctionSpec[];
  params: OpenWhiskParams;
  random: RandomStreams;
  recorder: Recorder;
}

export class SgxHook implements InvokerHook {
  readonly parts = PARTS;
  readonly columns = SGX_COLUMNS;
  private readonly enclaves = new Map<Container, Enclave>();
  private readonly perInvoker: InvokerEnclaves[];
  /** Each function's enclave, and its runtime start. */
  private readonly specs: EnclaveSpec[];
  private readonly starts: Sampler[];
  /** Each stem-cell config's prewarmed enclave (its kind's runtime), and its runtime start. */
  private readonly stemSpecs: EnclaveSpec[];
  private readonly stemStarts: Sampler[];
  private readonly verification: Sampler;
  private readonly random: Random;
  private readonly waitStat: MeanStat;
  private readonly createStat: DistributionStat;
  private readonly startupStat: DistributionStat;
  private readonly attestationStat: DistributionStat;
  private readonly invokers: number;
  private readonly epcMean: Gauge;
  private readonly epcPeak: Gauge;
  private readonly epcUsedMiB: Float64Array;
  private epcTop = 0;
  private readonly recorder: Recorder;
  private readonly avoid: boolean;

  constructor(private readonly o: SgxHookOptions) {
    const { security, hardware } = o;
    this.avoid = security.paging === 'avoid';
    const startOf = (spec: EnclaveSpec) => makeSampler(security.runtimeStart ?? spec.runtimeStart);
    this.specs = o.functions.map((f) => resolveEnclave(f.enclave, f.kind, f.memoryMiB));
    this.starts = this.specs.map(startOf);
    this.stemSpecs = o.params.prewarm.stemCells.map((s) => resolveEnclave(undefined, s.kind, s.memoryMiB));
    this.stemStarts = this.stemSpecs.map(startOf);
    this.invokers = o.params.invokers;
    this.waitStat = o.recorder.meanStat('attestation.wait.mean');
    const quoting = o.recorder.gauge('attestation.utilization', null);
    const busy = { get value() { return quoting.value * o.params.invokers; }, add: (d: number) => quoting.add(d / o.params.invokers), set: () => { throw new Error('a share of a gauge is only added to'); } };
    const waiting = o.recorder.gauge('attestation.queue.mean', null);
    const queued = { add: (d: number) => waiting.add(d / o.params.invokers) };
    const epcPages = hardware.epcMiB * PAGES_PER_MIB;
    this.perInvoker = Array.from(
      { length: this.invokers },
      () => new InvokerEnclaves(phaseStation({ sim: o.sim, servers: 1, busy, wait: this.waitStat, queued, hostCpuWeight: QUOTING_ENCLAVE_CPU_SHARES }), EPC_BOOKS[security.reclaim](epcPages)),
    );
    this.verification = verificationSampler(security);
    this.random = o.random.stream('sgx/startup');
    this.recorder = o.recorder;
    this.createStat = this.recorder.distribution('enclave.create');
    this.startupStat = this.recorder.distribution('enclave.startup');
    this.attestationStat = this.recorder.distribution('attestation');
    this.epcMean = this.recorder.gauge('epc.used.mean', null);
    this.epcPeak = this.recorder.peak('epc.used.max');
    this.epcUsedMiB = new Float64Array(this.invokers);
    for (const name of ['enclave.starts', 'epc.pagedOut', 'epc.pagedIn', 'epc.dropped', 'augment.faults', 'augment.pages', 'augment.wastedPages']) this.recorder.count(name, 0);
  }

  resources() {
    return [{ name: EPC_RESOURCE, capacity: this.o.hardware.epcMiB * PAGES_PER_MIB, mode: this.avoid ? ('hard' as const) : ('soft' as const) }];
  }

  /**
   * EPC a container holds from admission: nothing with `paging: allow` (its pages are taken when
   * added); with `paging: avoid`, all its enclave will hold once warm (a hard resource is reserved,
   * never over-committed). A stem cell reserves the largest enclave it may come to hold.
   */
  demand(of: { fn: number; stemCell: number }): number[] {
    if (!this.avoid) return [0];
    if (of.fn >= 0) return [this.warmPages(this.specs[of.fn])];
    let pages = this.o.security.prewarmEnclaves ? this.warmPages(this.stemSpecs[of.stemCell]) : 0;
    this.o.functions.forEach((f, fn) => {
      if (stemCellIndex(this.o.params.prewarm.stemCells, f) === of.stemCell) pages = Math.max(pages, this.warmPages(this.specs[fn]));
    });
    return [pages];
  }

  /** After docker run: a cold start's enclave, or a stem cell's with `prewarmEnclaves` (its kind's runtime). */
  create(c: Container, invoker: Invoker, t: PhaseSteps): void {
    if (c.job !== null) this.startEnclave(c, invoker, t, c.job.action.fn, this.specs[c.job.action.fn], this.starts[c.job.action.fn]);
    else if (this.o.security.prewarmEnclaves) this.startEnclave(c, invoker, t, -1, this.stemSpecs[c.stemCell], this.stemStarts[c.stemCell]);
  }

  /**
   * A stem cell taken by a function, before OpenWhisk's /init: its prewarmed enclave becomes the
   * function's when it can (docs/sgx.md, "Stem cells"); otherwise (none, another runtime or code,
   * or under SGXv1 a heap too small) the function's enclave is started now, in the /init.
   */
  init(c: Container, invoker: Invoker, t: PhaseSteps): void {
    const fn = c.job!.action.fn;
    const spec = this.specs[fn];
    const prewarmed = this.enclaves.get(c);
    if (prewarmed?.fn === fn) return; // a cold start's own, made after docker run
    if (prewarmed !== undefined) {
      if (this.canTake(prewarmed, spec)) {
        prewarmed.spec = spec;
        prewarmed.fn = fn;
        this.books(invoker).heat(prewarmed.pages, Math.min(pagesOfMiB(spec.workingSetMiB), prewarmed.heapPages));
        return;
      }
      this.destroy(c, invoker, prewarmed, false);
    }
    this.startEnclave(c, invoker, t, fn, spec, this.starts[fn]);
  }

  /**
   * Whether a prewarmed enclave can be a function's: the same runtime image (code, measured the
   * same way: its measurement is sealed at EINIT), and a heap range large enough (SGXv2 then
   * augments the function's working set by EAUG as any enclave's; SGXv1 cannot grow).
   */
  private canTake(e: Enclave, spec: EnclaveSpec): boolean {
    const was = e.spec;
    return was.runtime === spec.runtime && was.codeMiB === spec.codeMiB && was.measured === spec.measured && spec.heapMiB <= was.heapMiB;
  }

  /**
   * An enclave's start-up as steps: creation (its pages added now, evicting past the EPC), the
   * runtime's start, both CPU work of the invoker; then the quote, waiting in line at the host's
   * quoting enclave from the time the start-up reaches it, and verification with key provisioning.
   */
  private startEnclave(c: Container, invoker: Invoker, t: PhaseSteps, fn: number, spec: EnclaveSpec, start: Sampler): void {
    const { security, hardware } = this.o;
    const state = this.perInvoker[invoker.id];
    const books = state.books;
    const codePages = pagesOfMiB(spec.codeMiB);
    const heapPages = heapPagesAtCreation(security.sgx, spec.heapMiB, security.initialHeapMiB);
    // a stem cell's enclave has run nothing: no page of its heap is known to be touched (init heats the function's)
    const hot = fn < 0 ? 0 : Math.min(pagesOfMiB(spec.workingSetMiB), heapPages);
    const pages = books.open();
    books.add(pages, CODE, codePages, false);
    books.add(pages, HOT, hot, false);
    books.add(pages, HEAP, heapPages - hot, false);
    const evicted = books.reclaim();
    if (!this.avoid) invoker.pool.grow(c, this.epcIndex(invoker), codePages + heapPages);
    const seconds = creationSeconds(hardware, codePages, heapPages, spec.measured, evicted);
    const runtime = start(this.random);
    const a = t.job === null ? null : t.job.a;
    const startedAt = invoker.ctx.sim.now;
    t.cpu(seconds, ENCLAVE_CREATE);
    t.cpu(runtime, RUNTIME_START);
    if (security.attestation !== 'none') {
      const verification = this.verification(this.random);
      let quoteAt = 0;
      t.then(() => (quoteAt = invoker.ctx.sim.now));
      t.visit(state.quoting, hardware.quoteSeconds, ATTESTATION);
      t.add(verification, ATTESTATION);
      t.then(() => this.attestationStat.observe(a, invoker.ctx.sim.now - quoteAt));
    }
    t.then(() => this.startupStat.observe(a, invoker.ctx.sim.now - startedAt));
    this.enclaves.set(c, { spec, heapPages, pages, fn });
    state.enclaves++;
    this.pagedOut(state, evicted);
    this.recorder.count('enclave.starts');
    this.createStat.observe(a, seconds);
    this.epcChanged(invoker);
  }

  /**
   * The body inside the enclave, after: augmentation of its first touches (SGXv2), the reload of
   * its working set's pages that are out and the evictions that make their room, the runtime
   * factor's share of the body and the transitions, each CPU work of the invoker.
   */
  run(c: Container, invoker: Invoker, t: PhaseSteps): void {
    const { security, hardware } = this.o;
    const enclave = this.enclaves.get(c)!;
    const spec = enclave.spec;
    const touched = pagesOfMiB(spec.workingSetMiB);
    const state = this.perInvoker[invoker.id];
    const books = state.books;
    if (touched > enclave.heapPages) {
      // SGXv2 only: v1 committed the whole heap at creation.
      const aug = augmentation(hardware, security.augmentBatchPages, touched - enclave.heapPages, pagesOfMiB(spec.heapMiB) - enclave.heapPages);
      books.add(enclave.pages, HOT, touched - enclave.heapPages, true);
      books.add(enclave.pages, HEAP, aug.wastedPages, false);
      enclave.heapPages += aug.pages;
      const evicted = books.reclaim();
      if (!this.avoid) invoker.pool.grow(c, this.epcIndex(invoker), aug.pages);
      this.pagedOut(state, evicted);
      this.epcChanged(invoker);
      t.cpu(aug.seconds, AUGMENT);
      if (evicted > 0) t.cpu(evicted * hardware.pageEvictSeconds, PAGING);
      this.recorder.count('augment.faults', aug.faults);
      this.recorder.count('augment.pages', aug.pages);
      this.recorder.count('augment.wastedPages', aug.wastedPages);
    }
    const reloads = books.touch(enclave.pages);
    if (reloads > 0) {
      const evicted = books.reclaim();
      t.cpu(pagingSeconds(hardware, reloads, evicted), PAGING);
      this.pagedOut(state, evicted);
      this.recorder.count('epc.pagedIn', reloads);
    }
    const body = t.job!.a.execSeconds; // the activation being run (with concurrency, c.job is not it)
    const extra = body * (security.runtimeFactor - 1) + security.transitionsPerRequest * hardware.transitionSeconds;
    if (extra !== 0) t.cpu(extra);
  }

  /** The pool releases the container's EPC; the enclave's pages leave the books, those out dropped. */
  remove(c: Container, invoker: Invoker): void {
    const enclave = this.enclaves.get(c);
    if (enclave !== undefined) this.destroy(c, invoker, enclave, true);
  }

  sample(invoker: Invoker, row: Record<string, number>): void {
    const state = this.perInvoker[invoker.id];
    const now = invoker.ctx.sim.now;
    row.epcUsedMiB = miBOfPages(this.epcOf(invoker).used);
    row.enclaves = state.enclaves;
    const elapsed = now - state.lastSampleSeconds;
    row.pagedOutPerSecond = elapsed > 0 ? (state.pagedOut - state.lastSampledPagedOut) / elapsed : 0;
    state.lastSampledPagedOut = state.pagedOut;
    state.lastSampleSeconds = now;
  }

  /** The invoker's EPC books (for tests: committed, out). */
  books(invoker: Invoker): EpcBooks {
    return this.perInvoker[invoker.id].books;
  }

  /**
   * An enclave leaves: its pages leave the books (those out are dropped). A removed container's
   * ledger is released by the pool (`released`); a prewarmed enclave replaced at /init gives its
   * pages back here.
   */
  private destroy(c: Container, invoker: Invoker, enclave: Enclave, released: boolean): void {
    const state = this.perInvoker[invoker.id];
    const committed = enclave.pages.committed[CODE] + enclave.pages.committed[HOT] + enclave.pages.committed[HEAP];
    const dropped = state.books.remove(enclave.pages);
    if (!released && !this.avoid) invoker.pool.grow(c, this.epcIndex(invoker), -committed);
    this.enclaves.delete(c);
    state.enclaves--;
    if (dropped > 0) this.recorder.count('epc.dropped', dropped);
    this.epcChanged(invoker);
  }

  private warmPages(spec: EnclaveSpec): number {
    const { security } = this.o;
    return pagesWhenWarm(security.sgx, spec, security.initialHeapMiB, security.augmentBatchPages);
  }

  private epcIndex(invoker: Invoker): number {
    return invoker.pool.ledger.indexOf(EPC_RESOURCE);
  }

  private epcOf(invoker: Invoker) {
    return invoker.pool.ledger.resources[this.epcIndex(invoker)];
  }

  private pagedOut(state: InvokerEnclaves, pages: number): void {
    if (pages <= 0) return;
    state.pagedOut += pages;
    this.recorder.count('epc.pagedOut', pages);
  }

  /** EPC gauges: mean over invokers (MiB) and the fullest invoker's peak. */
  private epcChanged(invoker: Invoker): void {
    const usedMiB = miBOfPages(this.epcOf(invoker).used);
    const before = this.epcUsedMiB[invoker.id];
    this.epcUsedMiB[invoker.id] = usedMiB;
    this.epcMean.add((usedMiB - before) / this.invokers);
    let top = this.epcTop;
    if (usedMiB >= top) top = usedMiB;
    else if (before === top) top = Math.max(...this.epcUsedMiB);
    if (top !== this.epcTop) this.epcPeak.set((this.epcTop = top));
  }
}

/** Verification and key provisioning after the quote, per attestation kind. */
function verificationSampler(security: SgxSecurity): Sampler {
  if (security.attestation === 'ias') return makeSampler(security.ias.verification);
  const verify = makeSampler(security.dcap.verification);
  const keys = makeSampler(security.dcap.keyService);
  return (random) => verify(random) + keys(random);
}
