import type { Random } from '../engine/index.js';
import type { OpenSourceOptions } from './arrivals.js';
import type { Sampler } from '../engine/distributions.js';

/** What an open source has, less its arrival stream: a client sends when answered, not by a clock. */
export interface ClosedLoopOptions extends Omit<OpenSourceOptions, 'arrivalRandom'> {
  /** Run-wide client number, carried by its activations. */
  id: number;
  think: Sampler;
  /** Uniform stream for its think times (its own: common random numbers). */
  thinkRandom: Random;
}

/**
 * One closed-loop client: sends a request, waits for its answer (the result when blocking, the
 * 202 when not, or a rejection), thinks, sends the next. A blocking call answered with a 202
 * (OpenWhisk's maxWaitBlocking) still waits for its result. It has its own think and exec streams, so its k-th request carries
 * the same demand and is followed by the same think time in every variant.
 */
export class ClosedLoopClient {
  /** Run-wide client number, carried by its activations. */
  readonly id: number;

  constructor(private readonly o: ClosedLoopOptions) {
    this.id = o.id;
  }

  /** The first request goes out at time 0. */
  start(): void {
    this.o.sim.postAt(0, this.send);
  }

  /** Its outstanding request was answered: think, then send again unless the run is over. */
  answered(): void {
    const o = this.o;
    const t = o.sim.now + o.think(o.thinkRandom);
    if (t < o.durationSeconds) o.sim.postAt(t, this.send);
  }

  private readonly send = (): void => {
    const o = this.o;
    o.emitter.emit(o.fn, this.id, o.blocking, o.exec(o.execRandom));
  };
}
