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
  // Fields, not `this.o.x`: one load instead of two on every answer and send (the hot path).
  private readonly sim: ClosedLoopOptions['sim'];
  private readonly emitter: ClosedLoopOptions['emitter'];
  private readonly fn: number;
  private readonly blocking: boolean;
  private readonly durationSeconds: number;
  private readonly think: Sampler;
  private readonly thinkRandom: Random;
  private readonly exec: Sampler;
  private readonly execRandom: Random;

  constructor(o: ClosedLoopOptions) {
    this.id = o.id;
    this.sim = o.sim;
    this.emitter = o.emitter;
    this.fn = o.fn;
    this.blocking = o.blocking;
    this.durationSeconds = o.durationSeconds;
    this.think = o.think;
    this.thinkRandom = o.thinkRandom;
    this.exec = o.exec;
    this.execRandom = o.execRandom;
  }

  /** The first request goes out at time 0. */
  start(): void {
    this.sim.postAt(0, this.send);
  }

  /** Its outstanding request was answered: think, then send again unless the run is over. */
  answered(): void {
    const t = this.sim.now + this.think(this.thinkRandom);
    if (t < this.durationSeconds) this.sim.postAt(t, this.send);
  }

  private readonly send = (): void => {
    this.emitter.emit(this.fn, this.id, this.blocking, this.exec(this.execRandom));
  };
}
