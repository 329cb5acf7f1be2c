/**
 * The Clemmys protocol on a secure OpenWhisk: the trusted gateway in front of the controller
 * (gateway.ts: a chain's first request and last response pass it), and, as one lifecycle hook
 * beside the SGX one, payload crypto inside the function's enclave and chain integrity (the next
 * enclave verifies the chain's tag). No OpenWhisk code knows of either.
 */
import type { RandomStreams, Random } from '../engine/index.js';
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Activation } from '../model/activation.js';
import type { ActivationListener } from '../model/activation-events.js';
import type { MeanStat, RatioStat, Recorder } from '../model/recording.js';
import type { Container } from '../platform/openwhisk/container.js';
import type { InvokerHook, PhaseTime } from '../platform/openwhisk/hooks.js';
import type { Invoker } from '../platform/openwhisk/invoker.js';
import type { ClemmysProtocol } from '../spec/clemmys.js';
import type { HardwareProfile } from '../spec/sgx.js';
import type { FunctionSpec } from '../spec/types.js';
import { aesGcmSeconds, payloadOf } from './costs.js';
import type { GatewayCharges } from './gateway.js';
import { CLEMMYS_PARTS, type ClemmysPart } from './metrics.js';

const PARTS = (Object.keys(CLEMMYS_PARTS) as ClemmysPart[]).map((name) => ({ name, within: CLEMMYS_PARTS[name].within }));
const PART: Record<ClemmysPart, number> = Object.fromEntries(PARTS.map((p, i) => [p.name, i])) as Record<ClemmysPart, number>;

export interface ClemmysHookOptions {
  protocol: ClemmysProtocol;
  hardware: HardwareProfile;
  functions: readonly FunctionSpec[];
  random: RandomStreams;
  recorder: Recorder;
}

/** What one activation in flight has spent so far in the gateway and in AES-GCM (gateway and enclave). */
interface Spent {
  gatewaySeconds: number;
  cryptoSeconds: number;
}

export class ClemmysHook implements InvokerHook, ActivationListener, GatewayCharges {
  readonly parts = PARTS;
  private readonly verify: Sampler;
  /** Its own stream, so that a Clemmys variant draws nothing from the streams native runs use. */
  private readonly verifyRandom: Random;
  private readonly gatewayPart: MeanStat;
  private readonly cryptoShare: RatioStat;
  /** Activations in flight that spent anything: O(live activations). */
  private readonly spentOf = new Map<Activation, Spent>();

  constructor(private readonly o: ClemmysHookOptions) {
    this.verify = makeSampler(o.protocol.chain.verify);
    this.verifyRandom = o.random.stream('clemmys/chain');
    this.gatewayPart = o.recorder.meanStat('latency.breakdown.gateway');
    this.cryptoShare = o.recorder.ratio('crypto.time.share');
  }

  chargeGateway(a: Activation, seconds: number, cryptoSeconds: number): void {
    const spent = this.spent(a);
    spent.gatewaySeconds += seconds;
    spent.cryptoSeconds += cryptoSeconds;
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
    this.spent(a).cryptoSeconds += crypto;
    t.add(crypto, PART.crypto);
    if (a.chainStep > 0) t.add(this.verify(this.verifyRandom), PART.chainVerify);
  }

  /**
   * The response is out (after the gateway's pass): the gateway part of its breakdown, and its
   * crypto share. Non-blocking calls (their response is the 202) are left out of the share.
   */
  finished(a: Activation): void {
    const spent = this.spentOf.get(a);
    this.gatewayPart.observe(a, spent === undefined ? 0 : spent.gatewaySeconds);
    if (spent === undefined) return;
    this.spentOf.delete(a);
    if (a.blocking) this.cryptoShare.observe(a, spent.cryptoSeconds, a.response - a.arrival);
  }

  rejected(a: Activation): void {
    this.spentOf.delete(a);
  }

  /** Lost with a failed invoker: it never answers. */
  failed(a: Activation): void {
    this.spentOf.delete(a);
  }

  private spent(a: Activation): Spent {
    let spent = this.spentOf.get(a);
    if (spent === undefined) this.spentOf.set(a, (spent = { gatewaySeconds: 0, cryptoSeconds: 0 }));
    return spent;
  }
}
