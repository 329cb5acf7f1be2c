/**
 * Clemmys' trusted gateway, IN FRONT of the untrusted controller: a client's request passes it
 * before OpenWhisk's throttle and admission see it, and the result the client gets passes it on
 * the way out. Inside a chain, the steps go controller to controller: the gateway sees only the
 * chain's first request and its last response. Both directions queue for the same cores: one
 * QueueStation with `cores` servers and an unbounded FIFO line.
 *
 * It wraps the platform (submit in, sink out), so OpenWhisk's code knows nothing of it.
 */
import type { Random, Simulation } from '../../engine/index.js';
import { makeSampler, type Sampler } from '../../engine/distributions.js';
import type { Activation } from '../../model/activation.js';
import type { ActivationSink } from '../../model/activation-events.js';
import type { Platform, PlatformContext } from '../../model/platform.js';
import type { MeanStat, Recorder, TallyStat } from '../../model/recording.js';
import { QueueStation } from '../../resources/station.js';
import type { ClemmysProtocol } from './settings.js';
import type { SgxMachine } from '../../tee/sgx/hardware.js';
import type { FunctionSpec } from '../../schema/types.js';
import { booksOf, type ActivationBooks } from './books.js';
import { aesGcmSeconds, inputBytesOf } from './costs.js';

export interface TrustedGatewayOptions {
  gateway: ClemmysProtocol['gateway'];
  hardware: SgxMachine;
  functions: readonly FunctionSpec[];
  sim: Simulation;
  /** Its own stream: a Clemmys variant draws nothing from the streams native runs use. */
  random: Random;
  recorder: Recorder;
}

export class TrustedGateway {
  private readonly station: QueueStation<ActivationBooks>;
  private readonly perRequest: Sampler;
  private readonly waitStat: MeanStat;
  private readonly refused: TallyStat;
  private inner: Platform | undefined;
  private outer: ActivationSink | undefined;

  constructor(private readonly o: TrustedGatewayOptions) {
    const { cores } = o.gateway;
    const utilization = o.recorder.gauge('gateway.utilization', null);
    this.perRequest = makeSampler(o.gateway.perRequest);
    this.waitStat = o.recorder.meanStat('gateway.wait.mean');
    this.refused = o.recorder.tally('gateway.rejected');
    this.station = new QueueStation<ActivationBooks>({
      sim: o.sim,
      servers: cores,
      capacity: Infinity,
      // responses of admitted requests first (line 0, always kept), then new requests up to `queue`
      lines: { lineOf: (b) => (b.response ? 0 : 1), capacities: [Infinity, o.gateway.queue] },
      serviceSeconds: (b) => b.passSeconds,
      onStart: (b) => this.waitStat.observe(b.a, o.sim.now - b.enteredAt),
      onDone: this.passed,
      // busy cores over all cores: its time average is the utilization
      busy: { get value() { return utilization.value * cores; }, add: (d) => utilization.add(d / cores), set: (v) => utilization.set(v / cores) },
      queued: o.recorder.gauge('gateway.queue.mean', null),
    });
  }

  /**
   * The platform behind the gateway: `create` gets the run's context with a sink that routes a
   * client's result through the gateway; the returned platform takes requests through it.
   */
  front(ctx: PlatformContext, create: (ctx: PlatformContext) => Platform): Platform {
    const outer = (this.outer = ctx.sink);
    const sink: ActivationSink = {
      started: (a) => outer.started(a),
      accepted: (a) => outer.accepted(a),
      finished: (a) => this.result(a),
      rejected: (a, reason) => outer.rejected(a, reason),
      failed: (a) => outer.failed(a),
    };
    const inner = (this.inner = create({ ...ctx, sink }));
    return {
      submit: (a) => this.submit(a),
      ...(inner.control === undefined ? {} : { control: inner.control }),
      close: () => inner.close?.(),
    };
  }

  /** A chain's first step (or a lone call) passes the gateway: verify the client, decrypt its input, re-encrypt it for the enclave. */
  private submit(a: Activation): void {
    if (a.chainStep > 0) {
      this.inner!.submit(a);
      return;
    }
    const { hardware, functions, gateway } = this.o;
    const crypto = aesGcmSeconds(hardware, inputBytesOf(functions, a), gateway.inputPasses);
    // the per-request cost covers both directions; the response pays its own AES-GCM only
    this.enter(a, false, this.perRequest(this.o.random) + crypto, crypto);
  }

  /**
   * A result reached the controller. The client's answer (a blocking call's last step, answered
   * now and not by an earlier 202) goes out through the gateway: encrypt the output for the client.
   */
  private result(a: Activation): void {
    const answeredNow = a.blocking && a.response === this.o.sim.now;
    const crypto = aesGcmSeconds(this.o.hardware, this.o.functions[a.fn].outputBytes, this.o.gateway.outputPasses);
    // a response that needs no core time (no output pass) does not queue for one
    if (!answeredNow || a.chainStep !== a.chainLength - 1 || crypto === 0) {
      this.outer!.finished(a);
      return;
    }
    this.enter(a, true, crypto, crypto);
  }

  private enter(a: Activation, response: boolean, serviceSeconds: number, cryptoSeconds: number): void {
    const books = booksOf(a); // a pass is the activation's books, which the hook shares
    books.response = response;
    books.enteredAt = this.o.sim.now;
    books.passSeconds = serviceSeconds;
    books.passCryptoSeconds = cryptoSeconds;
    if (this.station.submit(books)) return;
    // a new request beyond the accept queue: refused at the front door, as OpenWhisk refuses (503)
    this.refused.observe(a);
    this.outer!.rejected(a, 'rejected');
  }

  private readonly passed = (books: ActivationBooks): void => {
    const now = this.o.sim.now;
    books.gatewaySeconds += now - books.enteredAt;
    books.cryptoSeconds += books.passCryptoSeconds;
    if (!books.response) {
      this.inner!.submit(books.a);
      return;
    }
    books.a.response = now;
    this.outer!.finished(books.a);
  };
}
