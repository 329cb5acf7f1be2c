/**
 * SGX on OpenWhisk invokers, as one lifecycle hook (docs/sgx.md): the EPC is a resource of every
 * invoker's ledger (soft: over-commit pages; hard with `paging: avoid`: the pool evicts idle
 * enclaves or buffers), a secure container's start-up runs enclave creation, the runtime's start
 * and attestation (a quote queue per invoker), and its executions pay augmentation, paging
 * reloads, the runtime factor and the enclave transitions. No OpenWhisk code knows of SGX.
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
import { augmentation, creation, executionSeconds, expectedReloads, pagesAtCreation, pagesWhenWarm, reloadSeconds } from './costs.js';
import { miBOfPages, PAGES_PER_MIB, pagesOfMiB } from './pages.js';
import { defaultEnclave, type EnclaveSpec, type SgxSecurity } from './settings.js';
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
  spec: EnclaveSpec;
  /** Heap pages committed so far (v1: the whole heap at creation). */
  heapPages: number;
  /** Pages this enclave holds in the EPC books beyond its container's demand (grown). */
  grownPages: number;
}

/**
 * Per invoker: its quoting enclave, a FIFO station of one server (one quote at a time, in the
 * order start-ups reach attestation), and its paging counts (for the time series' rate).
 */
class InvokerEnclaves {
  enclaves = 0;
  pagedOut = 0;
  lastSampledPagedOut = 0;
  lastSampleSeconds = 0;
  constructor(readonly quoting: PhaseStation) {}
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
  private readonly specs: EnclaveSpec[];
  private readonly epcPages: number;
  private readonly runtimeStart: Sampler;
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

  constructor(private readonly o: SgxHookOptions) {
    const { security, hardware } = o;
    this.specs = o.functions.map((f) => f.enclave ?? defaultEnclave());
    this.epcPages = hardware.epcMiB * PAGES_PER_MIB;
    this.invokers = o.params.invokers;
    this.waitStat = o.recorder.meanStat('attestation.wait.mean');
    const quoting = o.recorder.gauge('attestation.utilization', null);
    const busy = { get value() { return quoting.value * o.params.invokers; }, add: (d: number) => quoting.add(d / o.params.invokers), set: () => { throw new Error('a share of a gauge is only added to'); } };
    this.perInvoker = Array.from({ length: this.invokers }, () => new InvokerEnclaves(phaseStation({ sim: o.sim, servers: 1, busy, wait: this.waitStat, hostCpuWeight: QUOTING_ENCLAVE_CPU_SHARES })));
    this.runtimeStart = makeSampler(security.runtimeStart);
    this.verification = verificationSampler(security);
    this.random = o.random.stream('sgx/startup');
    this.recorder = o.recorder;
    this.createStat = this.recorder.distribution('enclave.create');
    this.startupStat = this.recorder.distribution('enclave.startup');
    this.attestationStat = this.recorder.distribution('attestation');
    this.epcMean = this.recorder.gauge('epc.used.mean', null);
    this.epcPeak = this.recorder.peak('epc.used.max');
    this.epcUsedMiB = new Float64Array(this.invokers);
    for (const name of ['enclave.starts', 'epc.pagedOut', 'epc.pagedIn', 'augment.faults', 'augment.pages', 'augment.wastedPages']) this.recorder.count(name, 0);
  }

  resources() {
    return [{ name: EPC_RESOURCE, capacity: this.epcPages, mode: this.o.security.paging === 'avoid' ? ('hard' as const) : ('soft' as const) }];
  }

  /**
   * EPC a container holds from admission: a function's enclave at creation (with `paging: avoid`,
   * all it will hold once warm: a hard resource is reserved, never over-committed). A stem cell
   * holds a prewarmed enclave of the default size, or with `paging: avoid` a reservation for the
   * largest enclave it may host (its enclave is created at /init).
   */
  demand(of: { fn: number; stemCell: number }): number[] {
    const { security } = this.o;
    const avoid = security.paging === 'avoid';
    const pagesOf = (spec: EnclaveSpec) => (avoid ? this.warmPages(spec) : pagesAtCreation(security.sgx, spec, security.initialHeapMiB));
    if (of.fn >= 0) return [pagesOf(this.specs[of.fn])];
    let pages = security.prewarmEnclaves ? pagesOf(defaultEnclave()) : 0;
    if (avoid) {
      this.o.functions.forEach((f, fn) => {
        if (stemCellIndex(this.o.params.prewarm.stemCells, f) === of.stemCell) pages = Math.max(pages, this.warmPages(this.specs[fn]));
      });
    }
    return [pages];
  }

  /** After docker run: a cold start's enclave, or a stem cell's with `prewarmEnclaves`. */
  create(c: Container, invoker: Invoker, t: PhaseSteps): void {
    if (c.job === null && !this.o.security.prewarmEnclaves) return;
    const spec = c.job === null ? defaultEnclave() : this.specs[c.job.action.fn];
    this.startEnclave(c, invoker, t, spec, 0);
  }

  /** A stem cell without an enclave gets its function's at /init, before OpenWhisk's /init. */
  init(c: Container, invoker: Invoker, t: PhaseSteps): void {
    if (this.enclaves.has(c)) return;
    const spec = this.specs[c.job!.action.fn];
    const { security } = this.o;
    // With `paging: avoid` the stem cell's demand reserved it; otherwise the pages are charged now.
    const grown = security.paging === 'avoid' ? 0 : pagesAtCreation(security.sgx, spec, security.initialHeapMiB);
    this.startEnclave(c, invoker, t, spec, grown);
  }

  /**
   * An enclave's start-up as steps: creation (its pages loaded, evictions past the free EPC), the
   * runtime's start, both on the container's CPU; then the quote, waiting in line at the host's
   * quoting enclave from the time the start-up reaches it, and verification with key provisioning.
   */
  private startEnclave(c: Container, invoker: Invoker, t: PhaseSteps, spec: EnclaveSpec, grownPages: number): void {
    const { security, hardware } = this.o;
    const epc = this.epcOf(invoker);
    const own = grownPages > 0 ? 0 : c.demand[this.epcIndex(invoker)];
    if (grownPages > 0) invoker.pool.grow(c, this.epcIndex(invoker), grownPages);
    // Free EPC before this enclave's own pages: past it, each page it loads evicts one.
    const made = creation(hardware, security.sgx, spec, security.initialHeapMiB, epc.capacity - (epc.used - own - grownPages));
    const runtime = this.runtimeStart(this.random);
    const a = t.job === null ? null : t.job.a;
    const state = this.perInvoker[invoker.id];
    const startedAt = invoker.ctx.sim.now;
    t.cpu(made.seconds, ENCLAVE_CREATE);
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
    this.enclaves.set(c, { spec, heapPages: made.loadedPages - pagesOfMiB(spec.codeMiB), grownPages });
    state.enclaves++;
    this.pagedOut(state, made.evictedPages);
    this.recorder.count('enclave.starts');
    this.createStat.observe(a, made.seconds);
    this.epcChanged(invoker);
  }

  /** The body inside the enclave: augmentation of the first touches, reloads of paged-out pages, runtime factor, transitions. */
  run(c: Container, invoker: Invoker, t: PhaseSteps): void {
    const { security, hardware } = this.o;
    const enclave = this.enclaves.get(c)!;
    const spec = enclave.spec;
    const heapPages = pagesOfMiB(spec.heapMiB);
    const touched = pagesOfMiB(spec.workingSetMiB);
    const epc = this.epcOf(invoker);
    const state = this.perInvoker[invoker.id];
    if (touched > enclave.heapPages) {
      // SGXv2 only: v1 committed the whole heap at creation.
      const aug = augmentation(hardware, security.augmentBatchPages, touched - enclave.heapPages, heapPages - enclave.heapPages);
      enclave.heapPages += aug.pages;
      let evicted = 0;
      if (security.paging !== 'avoid') {
        const before = epc.overcommitted;
        invoker.pool.grow(c, this.epcIndex(invoker), aug.pages);
        enclave.grownPages += aug.pages;
        evicted = epc.overcommitted - before;
        this.pagedOut(state, evicted);
        this.epcChanged(invoker);
      }
      t.add(aug.seconds, AUGMENT);
      t.add(evicted * hardware.pageEvictSeconds, PAGING);
      this.recorder.count('augment.faults', aug.faults);
      this.recorder.count('augment.pages', aug.pages);
      this.recorder.count('augment.wastedPages', aug.wastedPages);
    }
    const reloads = expectedReloads(touched, epc.used, epc.capacity);
    if (reloads > 0) {
      t.add(reloadSeconds(hardware, reloads), PAGING);
      this.pagedOut(state, reloads);
      this.recorder.count('epc.pagedIn', reloads);
    }
    const body = t.job!.a.execSeconds; // the activation being run (with concurrency, c.job is not it)
    t.add(executionSeconds(hardware, body, security.runtimeFactor, security.transitionsPerRequest) - body);
  }

  /** The pool releases the EPC with the container's demand and what it grew. */
  remove(c: Container, invoker: Invoker): void {
    if (!this.enclaves.delete(c)) return;
    this.perInvoker[invoker.id].enclaves--;
    this.epcChanged(invoker);
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
