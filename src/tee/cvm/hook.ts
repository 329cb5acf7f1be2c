/**
 * Confidential VMs on OpenWhisk invokers, as one lifecycle hook (docs/cvm.md): every container is
 * a confidential VM (Kata's confidential containers, or a microVM) that holds a key ID (TDX) or
 * ASID (SEV-SNP), a hard resource of the invoker's ledger, and its whole memory beside the
 * function's. A VM boots when its container is created (VMM set-up, launch measurement through
 * the host's PSP on SEV-SNP, firmware, eager memory acceptance, kernel); before OpenWhisk's /init
 * the guest attests (SEV-SNP report at the PSP, TDX quote at the host's QGS), the cluster's key
 * broker releases its secrets and the guest pulls its image; runs pay the encryption factor, their
 * I/Os through bounce buffers and the first touches of memory not accepted yet.
 */
import { makeSampler, type Sampler } from '../../engine/distributions.js';
import type { Random, RandomStreams, Simulation } from '../../engine/index.js';
import type { DistributionStat, Gauge, Recorder } from '../../model/recording.js';
import type { Container } from '../../platform/openwhisk/container.js';
import type { InvokerHook } from '../../platform/openwhisk/hooks.js';
import type { Invoker } from '../../platform/openwhisk/invoker.js';
import type { OpenWhiskParams } from '../../platform/openwhisk/params.js';
import { phaseStation, type PhaseStation, type PhaseSteps } from '../../platform/openwhisk/phase.js';
import type { FunctionSpec } from '../../schema/types.js';
import { acceptSeconds, measureSeconds, runSeconds } from './costs.js';
import type { SnpHardware, TdxHardware, Tee } from './hardware.js';
import { CVM_PARTS, type CvmPart } from './metrics.js';
import { defaultGuest, type CvmSecurity, type GuestSpec, type VmmBoot } from './settings.js';

/** Live confidential VMs' key IDs (TDX) or ASIDs (SEV-SNP) in an invoker's ledger. */
export const KEY_IDS = 'keyIds';

/** Time-series columns per invoker: live confidential VMs, and start-ups waiting in the host's PSP or QGS queue. */
export const CVM_COLUMNS = ['cvms', 'cvmQueue'] as const;

const PARTS = (Object.keys(CVM_PARTS) as CvmPart[]).map((name) => ({ name, within: CVM_PARTS[name].within }));
const PART = Object.fromEntries(PARTS.map((p, i) => [p.name, i])) as Record<CvmPart, number>;

/** One live confidential VM. */
interface Guest {
  /** Its memory: the function's (or stem cell's) and the VM's. */
  memoryMiB: number;
  /** Memory accepted after boot, on first touch. */
  lazyMiB: number;
  /** How long its boot took (part of the start-up, observed when the guest has its image). */
  bootSeconds: number;
}

/** Per invoker (host): its TEE queue (the PSP on SEV-SNP, the QGS on TDX) and its live VMs. */
class Host {
  live = 0;
  constructor(readonly queue: PhaseStation) {}
}

export interface CvmHookOptions {
  sim: Simulation;
  security: CvmSecurity;
  /** The machine's costs of the TEE chosen. */
  tee: TdxHardware | SnpHardware;
  functions: readonly FunctionSpec[];
  params: OpenWhiskParams;
  random: RandomStreams;
  recorder: Recorder;
}

/** A gauge that adds `1 / n` of each change to `gauge`: one host's share of a mean over hosts, or one server's of a utilization. */
function shareOf(gauge: Gauge, n: number): Gauge {
  return {
    get value() {
      return gauge.value * n;
    },
    add: (d: number) => gauge.add(d / n),
    set: () => {
      throw new Error('a share of a gauge is only added to');
    },
  };
}

export class CvmHook implements InvokerHook {
  readonly parts = PARTS;
  readonly columns = CVM_COLUMNS;
  private readonly guests = new Map<Container, Guest>();
  private readonly hosts: Host[];
  private readonly keyBroker: PhaseStation;
  private readonly boot: VmmBoot;
  private readonly tee: Tee;
  private readonly specs: GuestSpec[];
  private readonly setup: Sampler;
  private readonly launch: Sampler;
  private readonly firmware: Sampler;
  private readonly kernel: Sampler;
  private readonly keyRelease: Sampler;
  private readonly imagePulls: Sampler[];
  private readonly bootRandom: Random;
  private readonly attestRandom: Random;
  private readonly pullRandom: Random;
  private readonly bootStat: DistributionStat;
  private readonly startupStat: DistributionStat;
  private readonly attestationStat: DistributionStat;
  private readonly liveMean: Gauge;
  private readonly livePeak: Gauge;
  private liveTop = 0;

  constructor(private readonly o: CvmHookOptions) {
    const { security, recorder, sim, params } = o;
    this.tee = security.tee;
    this.boot = security.vmms[security.vmm];
    this.specs = o.functions.map((f) => f.guest ?? defaultGuest());
    const queueBusy = shareOf(recorder.gauge('cvm.queue.utilization', null), params.invokers);
    const queueWait = recorder.meanStat('cvm.queue.wait.mean');
    this.hosts = Array.from({ length: params.invokers }, () => new Host(phaseStation({ sim, servers: 1, busy: queueBusy, wait: queueWait })));
    const { servers } = security.keyBroker;
    this.keyBroker = phaseStation({ sim, servers, busy: shareOf(recorder.gauge('keyBroker.utilization', null), servers), wait: recorder.meanStat('keyBroker.wait.mean') });
    this.setup = makeSampler(this.boot.setup);
    this.launch = makeSampler(this.boot.launch);
    this.firmware = makeSampler(this.boot.firmware);
    this.kernel = makeSampler(this.boot.kernel);
    this.keyRelease = makeSampler(security.keyBroker.release);
    this.imagePulls = this.specs.map((g) => makeSampler(g.imagePull));
    this.bootRandom = o.random.stream('cvm/boot');
    this.attestRandom = o.random.stream('cvm/attestation');
    this.pullRandom = o.random.stream('cvm/image-pull');
    this.bootStat = recorder.distribution('cvm.boot');
    this.startupStat = recorder.distribution('cvm.startup');
    this.attestationStat = recorder.distribution('cvm.attestation');
    this.liveMean = shareOf(recorder.gauge('cvm.live.mean', null), params.invokers);
    this.livePeak = recorder.peak('cvm.live.max');
    recorder.count('cvm.starts', 0);
  }

  /** A key ID (TDX) or ASID (SEV-SNP) per live VM: the host admits at most as many VMs. */
  resources() {
    return [{ name: KEY_IDS, capacity: this.o.tee.keyIds, mode: 'hard' as const }];
  }

  /** Every container is a confidential VM, a stem cell too. */
  demand(): number[] {
    return [1];
  }

  /** The VM's memory beside the function's: held whole (no sharing, no ballooning, no hotplug). */
  memoryMiB(): number {
    return this.boot.memoryMiB;
  }

  /** The VM boots with its container (a cold start's, or a stem cell's). */
  create(c: Container, invoker: Invoker, s: PhaseSteps): void {
    const { security, tee } = this.o;
    const host = this.hosts[invoker.id];
    const random = this.bootRandom;
    const a = s.job === null ? null : s.job.a;
    const guest: Guest = { memoryMiB: c.memoryMiB, lazyMiB: 0, bootSeconds: 0 };
    const startedAt = invoker.ctx.sim.now;
    s.add(this.setup(random), PART.vmLaunch);
    // the launch measurement: SEV-SNP's PSP serves one command at a time for every guest of the host
    if (this.tee === 'sev-snp') s.visit(host.queue, measureSeconds(tee as SnpHardware, this.boot.measuredMiB), PART.vmLaunch);
    else s.cpu((tee as TdxHardware).launchSeconds, PART.vmLaunch);
    s.add(this.launch(random), PART.vmLaunch);
    s.add(this.firmware(random), PART.firmware);
    s.cpu(acceptSeconds(tee, Math.min(this.boot.acceptEagerMiB, guest.memoryMiB), security.vcpus), PART.memoryAccept);
    s.add(this.kernel(random), PART.guestKernel);
    s.then(() => {
      guest.bootSeconds = invoker.ctx.sim.now - startedAt;
      this.bootStat.observe(a, guest.bootSeconds);
    });
    this.guests.set(c, guest);
    host.live++;
    this.o.recorder.count('cvm.starts');
    this.liveChanged(invoker.id, 1);
  }

  /**
   * Before OpenWhisk's /init: the guest attests (its evidence from the host's queue, verified),
   * the key broker releases its secrets, and it pulls its image.
   */
  init(c: Container, invoker: Invoker, s: PhaseSteps): void {
    const { security, tee } = this.o;
    const guest = this.guests.get(c)!;
    const host = this.hosts[invoker.id];
    const a = s.job!.a;
    const fn = s.job!.action.fn;
    const startedAt = invoker.ctx.sim.now;
    if (this.tee === 'sev-snp') s.visit(host.queue, (tee as SnpHardware).reportSeconds, PART.evidence);
    else {
      s.visit(host.queue, (tee as TdxHardware).quoteSeconds, PART.evidence);
      s.add(security.quotePollingSeconds, PART.evidence);
    }
    s.add(security.verifySeconds, PART.evidence);
    s.visit(this.keyBroker, this.keyRelease(this.attestRandom), PART.keyRelease);
    s.then(() => this.attestationStat.observe(a, invoker.ctx.sim.now - startedAt));
    s.add(this.imagePulls[fn](this.pullRandom), PART.imagePull);
    s.then(() => this.startupStat.observe(a, guest.bootSeconds + invoker.ctx.sim.now - startedAt));
  }

  /** A request in the guest: first touches of memory not accepted yet, the encryption factor on its body's CPU work, its I/Os. */
  run(c: Container, _invoker: Invoker, s: PhaseSteps): void {
    const { security, tee } = this.o;
    const guest = this.guests.get(c)!;
    const job = s.job!;
    const spec = this.specs[job.action.fn];
    // the working set lies past the eager part (firmware, kernel and agent hold that)
    const lazyRoom = Math.max(0, guest.memoryMiB - this.boot.acceptEagerMiB);
    const touched = Math.min(spec.workingSetMiB, lazyRoom);
    if (touched > guest.lazyMiB) {
      s.cpu(acceptSeconds(tee, touched - guest.lazyMiB, security.vcpus), PART.lazyAccept);
      guest.lazyMiB = touched;
    }
    const extra = runSeconds(tee, job.a.execSeconds * job.action.cpuShare, spec.io); // the factor is on CPU work alone
    if (extra.encryption > 0) s.cpu(extra.encryption, PART.memoryEncryption);
    if (extra.bounce > 0) s.cpu(extra.bounce, PART.bounceBuffers);
  }

  /** The pool releases the key ID and the memory with the container's demand. */
  remove(c: Container, invoker: Invoker): void {
    if (!this.guests.delete(c)) return;
    this.hosts[invoker.id].live--;
    this.liveChanged(invoker.id, -1);
  }

  sample(invoker: Invoker, row: Record<string, number>): void {
    const host = this.hosts[invoker.id];
    row.cvms = host.live;
    row.cvmQueue = host.queue.queued;
  }

  /** Live VMs: the mean over invokers, and the fullest invoker's peak. */
  private liveChanged(invoker: number, delta: 1 | -1): void {
    this.liveMean.add(delta);
    const live = this.hosts[invoker].live;
    if (delta > 0 && live > this.liveTop) this.livePeak.set((this.liveTop = live));
    else if (delta < 0 && live + 1 === this.liveTop) {
      const top = Math.max(...this.hosts.map((h) => h.live));
      if (top !== this.liveTop) this.livePeak.set((this.liveTop = top));
    }
  }
}
