import type { Random, Simulation } from '../engine/index.js';
import type { Sampler } from '../engine/distributions.js';
import { exponential } from '../engine/distributions.js';

/** Where a source sends what it generates: the workload makes the activation and submits it. */
export interface Emitter {
  emit(fn: number, client: number, blocking: boolean, execSeconds: number): void;
}

/** What every open source of one workload entry shares. */
export interface OpenSourceOptions {
  sim: Simulation;
  emitter: Emitter;
  fn: number;
  blocking: boolean;
  durationSeconds: number;
  /** Uniform stream for inter-arrival times (and nothing else: common random numbers). */
  arrivalRandom: Random;
  execRandom: Random;
  exec: Sampler;
}

/** An open arrival process: schedules its own arrivals, strictly before the end of the run. */
export interface ArrivalSource {
  start(): void;
}

/** What the open sources share: an arrival emits one activation, then the next is scheduled. */
abstract class OpenSource implements ArrivalSource {
  constructor(protected readonly o: OpenSourceOptions) {}

  start(): void {
    this.scheduleNext();
  }

  protected readonly fire = (): void => {
    const o = this.o;
    o.emitter.emit(o.fn, -1, o.blocking, o.exec(o.execRandom));
    this.scheduleNext();
  };

  protected abstract scheduleNext(): void;
}

export class PoissonSource extends OpenSource {
  private readonly meanGapSeconds: number;

  constructor(o: OpenSourceOptions, ratePerSecond: number) {
    super(o);
    this.meanGapSeconds = ratePerSecond > 0 ? 1 / ratePerSecond : Infinity;
  }

  protected scheduleNext(): void {
    if (this.meanGapSeconds === Infinity) return;
    const t = this.o.sim.now + exponential(this.o.arrivalRandom, this.meanGapSeconds);
    if (t < this.o.durationSeconds) this.o.sim.postAt(t, this.fire);
  }
}

/** Deterministic spacing: the k-th arrival at exactly k / rate (computed, not accumulated, so it does not drift). */
export class ConstantSource extends OpenSource {
  private k = 0;

  constructor(
    o: OpenSourceOptions,
    private readonly ratePerSecond: number,
  ) {
    super(o);
  }

  protected scheduleNext(): void {
    if (!(this.ratePerSecond > 0)) return;
    const t = ++this.k / this.ratePerSecond;
    if (t < this.o.durationSeconds) this.o.sim.postAt(t, this.fire);
  }
}

export interface MmppRates {
  onRatePerSecond: number;
  offRatePerSecond: number;
  onMeanSeconds: number;
  offMeanSeconds: number;
}

/**
 * Two-state Markov-modulated Poisson process, starting in `on`. Sojourns are exponential and
 * drawn from their own stream; after a switch the next gap is drawn afresh, which is exact
 * because the exponential gap is memoryless.
 */
export class MmppSource extends OpenSource {
  private on = true;
  private switchAt = 0;

  constructor(
    o: OpenSourceOptions,
    private readonly rates: MmppRates,
    private readonly sojournRandom: Random,
  ) {
    super(o);
    if (!(rates.onMeanSeconds > 0 || rates.offMeanSeconds > 0)) throw new RangeError('mmpp: a sojourn mean must be > 0');
  }

  override start(): void {
    this.switchAt = this.o.sim.now + exponential(this.sojournRandom, this.rates.onMeanSeconds);
    this.scheduleNext();
  }

  private readonly fireSwitch = (): void => {
    this.on = !this.on;
    const mean = this.on ? this.rates.onMeanSeconds : this.rates.offMeanSeconds;
    this.switchAt = this.o.sim.now + exponential(this.sojournRandom, mean);
    this.scheduleNext();
  };

  protected scheduleNext(): void {
    const { sim, durationSeconds } = this.o;
    const rate = this.on ? this.rates.onRatePerSecond : this.rates.offRatePerSecond;
    const t = rate > 0 ? sim.now + exponential(this.o.arrivalRandom, 1 / rate) : Infinity;
    if (t < this.switchAt) {
      if (t < durationSeconds) sim.postAt(t, this.fire);
    } else if (this.switchAt < durationSeconds) {
      sim.postAt(this.switchAt, this.fireSwitch);
    }
  }
}
