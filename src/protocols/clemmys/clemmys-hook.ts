/**
 * The Clemmys protocol on a secure OpenWhisk: the trusted gateway in front of the controller
 * (gateway.ts: a chain's first request and last response pass it), and, as one lifecycle hook
 * beside the SGX one, payload crypto inside the function's enclave and chain integrity (the next
 * enclave verifies the chain's tag). No OpenWhisk code knows of either.
 */
import type { RandomStreams, Random } from '../../engine/index.js';
import { makeSampler, type Sampler } from '../../engine/distributions.js';
import type { Activation } from '../../model/activation.js';
import type { ActivationListener } from '../../model/activation-events.js';
import type { MeanStat, RatioStat, Recorder } from '../../model/recording.js';
import type { Container } from '../../platform/openwhisk/container.js';
import type { InvokerHook } from '../../platform/openwhisk/hooks.js';
import type { PhaseSteps } from '../../platform/openwhisk/phase.js';
import type { Invoker } from '../../platform/openwhisk/invoker.js';
import type { ClemmysProtocol } from './settings.js';
import type { SgxMachine } from '../../tee/sgx/hardware.js';
import type { FunctionSpec } from '../../schema/types.js';
import { booksOf, closeBooks } from './books.js';
import { aesGcmSeconds, inputBytesOf } from './costs.js';
import { CLEMMYS_PARTS, type ClemmysPart } from './metrics.js';

const PARTS = (Object.keys(CLEMMYS_PARTS) as ClemmysPart[]).map((name) => ({ name, within: CLEMMYS_PARTS[name].within }));
const PART: Record<ClemmysPart, number> = Object.fromEntries(PARTS.map((p, i) => [p.name, i])) as Record<ClemmysPart, number>;

export interface ClemmysHookOptions {
  protocol: ClemmysProtocol;
  hardware: SgxMachine;
  functions: readonly FunctionSpec[];
  random: RandomStreams;
  recorder: Recorder;
}

export class ClemmysHook implements InvokerHook, ActivationListener {
  readonly parts = PARTS;
  private readonly verify: Sampler;
  /** Its own stream, so that a Clemmys variant draws nothing from the streams native runs use. */
  private readonly verifyRandom: Random;
  private readonly gatewayPart: MeanStat;
  private readonly cryptoShare: RatioStat;

  constructor(private readonly o: ClemmysHookOptions) {
    this.verify = makeSampler(o.protocol.chain.verify);
    this.verifyRandom = o.random.stream('clemmys/chain');
    this.gatewayPart = o.recorder.meanStat('latency.breakdown.gateway');
    this.cryptoShare = o.recorder.ratio('crypto.time.share');
  }

  /** In the enclave, before the body: verify the chain's tag (a later step), decrypt the input; after it: encrypt the output. */
  run(_c: Container, _invoker: Invoker, t: PhaseSteps): void {
    if (t.job === null) return;
    const a = t.job.a;
    const { enclaveCrypto } = this.o.protocol;
    const { hardware, functions } = this.o;
    const crypto =
      enclaveCrypto.slowdown *
      (aesGcmSeconds(hardware, inputBytesOf(functions, a), enclaveCrypto.inputPasses) + aesGcmSeconds(hardware, functions[a.fn].outputBytes, enclaveCrypto.outputPasses));
    booksOf(a).cryptoSeconds += crypto;
    // both run in the enclave, on the invoker's cores
    t.cpu(crypto, PART.crypto);
    if (a.chainStep > 0) t.cpu(this.verify(this.verifyRandom), PART.chainVerify);
  }

  /**
   * The response is out (after the gateway's pass): the gateway part of its breakdown, and its
   * crypto share. Non-blocking calls (their response is the 202) are left out of the share.
   */
  finished(a: Activation): void {
    const books = closeBooks(a);
    this.gatewayPart.observe(a, books === undefined ? 0 : books.gatewaySeconds);
    if (books !== undefined && a.blocking) this.cryptoShare.observe(a, books.cryptoSeconds, a.response - a.arrival);
  }

  rejected(a: Activation): void {
    closeBooks(a);
  }

  /** Lost with a failed invoker: it never answers. */
  failed(a: Activation): void {
    closeBooks(a);
  }
}
