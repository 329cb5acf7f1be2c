import type { RandomStreams, Simulation } from '../engine/index.js';
import { Activation } from '../model/activation.js';
import type { ActivationListener } from '../model/activation-events.js';
import type { RunSpec } from '../schema/types.js';
import type { ArrivalSource, Emitter, OpenSourceOptions } from './arrivals.js';
import { ConstantSource, MmppSource, PoissonSource } from './arrivals.js';
import { ClosedLoopClient } from './closed-loop.js';
import { ChainCall, ChainEmitter, type ChainListener } from './chains.js';
import { TraceSource } from './trace-source.js';
import { makeSampler, meanOf } from '../engine/distributions.js';

/**
 * All request sources of one run. Stream names (common random numbers across variants), where
 * <fn> is the function called, or the chain's name for an entry that calls a chain:
 *   arrivals/<fn>/<w>     gaps of open workload entry w (a trace's: instants within each minute)
 *   mmpp/<fn>/<w>         on/off sojourns of an mmpp entry
 *   exec/<fn>/<w>         exec times of open workload entry w, in arrival order
 *   exec/<fn>/<w>/<i>     exec times of closed-loop client i of entry w
 *   think/<fn>/<w>/<i>    think times of that client
 * A chain's step k > 0 draws from the same name as its step 0 with `/step<k>` appended.
 */
export class Workload implements Emitter, ActivationListener {
  /** Closed-loop clients by run-wide id (the activation's `client`). */
  readonly clients: ClosedLoopClient[] = [];
  private readonly sources: ArrivalSource[] = [];
  private nextId = 0;
  /** The chain call each step in the platform belongs to: live calls only. */
  private readonly callOf = new Map<Activation, ChainCall>();

  constructor(
    private readonly spec: RunSpec,
    private readonly sim: Simulation,
    random: RandomStreams,
    /** Receives each new activation: the run records it and hands it to the platform. */
    private readonly submit: (a: Activation) => void,
    /** Hears chain arrivals, completions and failures (the run's recorder). */
    private readonly chainListener?: ChainListener,
  ) {
    const execSamplers = spec.functions.map((f) => makeSampler(f.exec));
    spec.workload.forEach((entry, w) => {
      const fn = entry.functionIndex;
      const chain = entry.chainIndex === undefined ? undefined : spec.chains?.[entry.chainIndex];
      const name = chain?.name ?? spec.functions[fn].name;
      const arrivals = entry.arrivals;
      // A chain entry's sources fire into its own emitter, which draws the later steps' demands.
      const emitterFor = (execStream: string): Emitter => {
        if (chain === undefined) return this;
        const laterSteps = chain.steps.slice(1).map((step, k) => ({ exec: execSamplers[step], random: random.stream(`${execStream}/step${k + 1}`) }));
        return new ChainEmitter(entry.chainIndex as number, laterSteps, this.startChain, () => sim.now);
      };
      if (arrivals.kind === 'closedLoop') {
        // a zero think time and an instant answer (202, rejection) would send forever at one instant
        if (!(meanOf(arrivals.think) > 0)) throw new RangeError(`workload ${w}: closed-loop think time must have a mean > 0`);
        const think = makeSampler(arrivals.think);
        for (let i = 0; i < arrivals.clients; i++) {
          const client = new ClosedLoopClient({
            sim,
            emitter: emitterFor(`exec/${name}/${w}/${i}`),
            id: this.clients.length,
            fn,
            blocking: entry.blocking,
            durationSeconds: spec.durationSeconds,
            think,
            thinkRandom: random.stream(`think/${name}/${w}/${i}`),
            exec: execSamplers[fn],
            execRandom: random.stream(`exec/${name}/${w}/${i}`),
          });
          this.clients.push(client);
        }
        return;
      }
      const o: OpenSourceOptions = {
        sim,
        emitter: emitterFor(`exec/${name}/${w}`),
        fn,
        blocking: entry.blocking,
        durationSeconds: spec.durationSeconds,
        arrivalRandom: random.stream(`arrivals/${name}/${w}`),
        // one stream per entry, not per function: changing one entry's rate must not shift another's demands
        execRandom: random.stream(`exec/${name}/${w}`),
        exec: execSamplers[fn],
      };
      switch (arrivals.kind) {
        case 'poisson':
          this.sources.push(new PoissonSource(o, arrivals.ratePerSecond));
          break;
        case 'constant':
          this.sources.push(new ConstantSource(o, arrivals.ratePerSecond));
          break;
        case 'mmpp':
          this.sources.push(new MmppSource(o, arrivals, random.stream(`mmpp/${name}/${w}`)));
          break;
        case 'trace':
          this.sources.push(new TraceSource(o, arrivals));
          break;
      }
    });
  }

  /** Schedules the first arrival of every source. */
  start(): void {
    for (const source of this.sources) source.start();
    for (const client of this.clients) client.start();
  }

  emit(fn: number, client: number, blocking: boolean, execSeconds: number): void {
    this.submit(new Activation(this.nextId++, fn, client, blocking, this.sim.now, execSeconds));
  }

  /** The chain (index into the run's chains) whose step `a` is, while it is in the platform; -1 for a lone activation. */
  chainOf(a: Activation): number {
    return this.callOf.get(a)?.chain ?? -1;
  }

  /** A non-blocking call got its 202 (`a.response` set). */
  accepted(a: Activation): void {
    if (a.client >= 0 && !a.blocking) this.clients[a.client].answered();
  }

  /** An activation's result exists: a blocking caller has it, or a chain goes on to its next step. */
  finished(a: Activation): void {
    // most runs have no chains: skip the map lookup on the hot path
    const call = this.callOf.size === 0 ? undefined : this.callOf.get(a);
    if (call === undefined) {
      if (a.client >= 0 && a.blocking) this.clients[a.client].answered();
      return;
    }
    this.callOf.delete(a);
    const steps = this.spec.chains![call.chain].steps;
    if (call.step + 1 < steps.length) {
      call.step++;
      this.submitStep(call, steps);
      return;
    }
    this.chainListener?.chainFinished(call);
    if (call.client >= 0) this.clients[call.client].answered();
  }

  /** Turned away: its caller is answered; a chain fails at this step. */
  rejected(a: Activation): void {
    this.endedWithoutResult(a);
  }

  /**
   * Lost inside the platform: a chain fails at this step; a blocking closed-loop caller stops
   * waiting now (it would otherwise wait forever for a result that will not come); a non-blocking
   * one already had its 202.
   */
  failed(a: Activation): void {
    if (a.blocking) this.endedWithoutResult(a);
  }

  private endedWithoutResult(a: Activation): void {
    const call = this.callOf.size === 0 ? undefined : this.callOf.get(a);
    if (call === undefined) {
      if (a.client >= 0) this.clients[a.client].answered();
      return;
    }
    this.callOf.delete(a);
    this.chainListener?.chainFailed(call);
    if (call.client >= 0) this.clients[call.client].answered();
  }

  private readonly startChain = (call: ChainCall): void => {
    this.chainListener?.chainArrived(call);
    this.submitStep(call, this.spec.chains![call.chain].steps);
  };

  /**
   * A chain's step goes to the platform as a blocking activation of its own (the chain's caller,
   * not the step, is the client): OpenWhisk runs a sequence's components one after the other,
   * each on the previous one's result.
   */
  private submitStep(call: ChainCall, steps: readonly number[]): void {
    const k = call.step;
    const a = new Activation(this.nextId++, steps[k], -1, true, this.sim.now, call.execSeconds[k]);
    a.chainStep = k;
    a.chainLength = steps.length;
    a.inputFrom = k > 0 ? steps[k - 1] : -1;
    this.callOf.set(a, call);
    this.submit(a);
  }
}
