import type { Random } from '../engine/index.js';
import type { Sampler } from '../engine/distributions.js';
import type { Emitter } from './arrivals.js';

/**
 * One call of a function chain, from its arrival to its last step's result (or a failed step).
 * Every step's demand is drawn at arrival, each from its step's own stream, so the k-th call of
 * a chain carries the same demands in every variant (common random numbers), whatever order the
 * platform finishes its steps in.
 */
export class ChainCall {
  /** The step now in the platform (0-based). */
  step = 0;

  constructor(
    /** Index into the run's chains. */
    readonly chain: number,
    /** Closed-loop client that sent it, or -1 for open arrivals. */
    readonly client: number,
    readonly arrival: number,
    /** Execution time of each step's function body, in step order. */
    readonly execSeconds: readonly number[],
  ) {}
}

/** What the run hears about chains, beside the activation events of their steps. */
export interface ChainListener {
  chainArrived(call: ChainCall): void;
  /** Its last step's result exists (now). */
  chainFinished(call: ChainCall): void;
  /** A step was rejected or throttled (now): the chain stops there. */
  chainFailed(call: ChainCall): void;
}

/**
 * The emitter an arrival source of a chain workload entry fires into: the source draws step 0's
 * demand (its own exec stream), the other steps' come from their streams here.
 */
export class ChainEmitter implements Emitter {
  constructor(
    private readonly chain: number,
    /** Samplers and streams of steps 1..n-1 (step 0's is the source's). */
    private readonly laterSteps: readonly { exec: Sampler; random: Random }[],
    private readonly start: (call: ChainCall) => void,
    private readonly now: () => number,
  ) {}

  emit(_fn: number, client: number, _blocking: boolean, execSeconds: number): void {
    const demands = [execSeconds];
    for (const step of this.laterSteps) demands.push(step.exec(step.random));
    this.start(new ChainCall(this.chain, client, this.now(), demands));
  }
}
