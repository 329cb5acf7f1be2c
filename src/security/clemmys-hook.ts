/**
 * The Clemmys protocol on a secure OpenWhisk, as one lifecycle hook beside the SGX one: the trusted
 * gateway in front of the controller (a chain's first request and last response pass it), payload
 * crypto inside the function's enclave, and chain integrity (the next enclave verifies the chain's
 * tag). No OpenWhisk code knows of it.
 */
import type { Simulation, RandomStreams, Random } from '../engine/index.js';
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Activation } from '../model/activation.js';
import type { ActivationListener } from '../model/activation-events.js';
import type { MeanStat, RatioStat, Recorder } from '../model/recording.js';
import type { Container } from '../platform/openwhisk/container.js';
import type { Hop, InvokerHook, PhaseTime } from '../platform/openwhisk/hooks.js';
import type { Invoker } from '../platform/openwhisk/invoker.js';
import type { Job } from '../platform/openwhisk/job.js';
import type { ClemmysProtocol } from '../spec/clemmys.js';
import type { HardwareProfile } from '../spec/sgx.js';
import type { FunctionSpec } from '../spec/types.js';
import { aesGcmSeconds, payloadOf } from './costs.js';
import { TrustedGateway } from './gateway.js';
import { CLEMMYS_PARTS, type ClemmysPart } from './metrics.js';

const PARTS = (Object.keys(CLEMMYS_PARTS) as ClemmysPart[]).map((name) => ({ name, within: CLEMMYS_PARTS[name].within }));
const PART: Record<ClemmysPart, number> = Object.fromEntries(PARTS.map((p, i) => [p.name, i])) as Record<ClemmysPart, number>;

export interface ClemmysHookOptions {
  protocol: ClemmysProtocol;
  hardware: HardwareProfile;
  functions: readonly FunctionSpec[];
  sim: Simulation;
  random: RandomStreams;
  recorder: Recorder;
}

export class ClemmysHook implements InvokerHook, ActivationListener {
  readonly parts = PARTS;
  private readonly gateway: TrustedGateway;
  private readonly perRequest: Sampler;
  private readonly verify: Sampler;
  /** Its own streams, so that a Clemmys variant draws nothing from the streams native runs use. */
  private readonly gatewayRandom: Random;
  private readonly verifyRandom: Random;
  private readonly waitStat: MeanStat;
  private readonly cryptoShare: RatioStat;
  /** AES-GCM seconds of each activation in flight that paid any (for crypto.time.share). */
  private readonly cryptoOf = new Map<Activation, number>();

  constructor(private readonly o: ClemmysHookOptions) {
    const { protocol, recorder } = o;
    this.gateway = new TrustedGateway(o.sim, protocol.gateway.cores, recorder.gauge('gateway.utilization', null));
    this.perRequest = makeSampler(protocol.gateway.perRequest);
    this.verify = makeSampler(protocol.chain.verify);
    this.gatewayRandom = o.random.stream('clemmys/gateway');
    this.verifyRandom = o.random.stream('clemmys/chain');
    this.waitStat = recorder.meanStat('gateway.wait.mean');
    this.cryptoShare = recorder.ratio('crypto.time.share');
  }

  /**
   * The gateway: a chain's first request on the controller hop (verify the client, decrypt its
   * input, re-encrypt it for the enclave: the per-request cost covers both directions), its last
   * response on the result hop (encrypt the output for the client). Both queue for the same cores.
   */
  hop(hop: Hop, job: Job, t: PhaseTime): void {
    const a = job.a;
    const { gateway } = this.o.protocol;
    let service: number;
    let crypto: number;
    if (hop === 'controller' && a.chainStep === 0) {
      crypto = aesGcmSeconds(this.o.hardware, payloadOf(this.o.functions, a).inputBytes, gateway.inputPasses);
      service = this.perRequest(this.gatewayRandom) + crypto;
    } else if (hop === 'resultAck' && a.chainStep === a.chainLength - 1) {
      crypto = aesGcmSeconds(this.o.hardware, this.o.functions[a.fn].outputBytes, gateway.outputPasses);
      service = crypto;
    } else return;
    const wait = this.gateway.enter(service);
    this.waitStat.observe(a, wait);
    this.addCrypto(a, crypto);
    t.add(wait + service, PART.gateway);
  }

  /** In the enclave, before the body: verify the chain's tag (a later step), decrypt the input; after it: encrypt the output. */
  run(_c: Container, _invoker: Invoker, t: PhaseTime): void {
    if (t.job === null) return;
    const a = t.job.a;
    const { enclaveCrypto } = this.o.protocol;
    const payload = payloadOf(this.o.functions, a);
    const crypto =
      enclaveCrypto.slowdown *
      (aesGcmSeconds(this.o.hardware, payload.inputBytes, enclaveCrypto.inputPasses) + aesGcmSeconds(this.o.hardware, payload.outputBytes, enclaveCrypto.outputPasses));
    this.addCrypto(a, crypto);
    t.add(crypto, PART.crypto);
    if (a.chainStep > 0) t.add(this.verify(this.verifyRandom), PART.chainVerify);
  }

  /** The response is out: its crypto share is known. Non-blocking calls (their response is the 202) are left out. */
  finished(a: Activation): void {
    const crypto = this.cryptoOf.get(a);
    if (crypto === undefined) return;
    this.cryptoOf.delete(a);
    if (a.blocking) this.cryptoShare.observe(a, crypto, a.response - a.arrival);
  }

  rejected(a: Activation): void {
    this.cryptoOf.delete(a);
  }

  private addCrypto(a: Activation, seconds: number): void {
    this.cryptoOf.set(a, (this.cryptoOf.get(a) ?? 0) + seconds);
  }
}
