import type { Simulation } from '../engine/index.js';
import type { Gauge } from '../model/recording.js';

/**
 * A piecewise-constant value integrated over the window [warmup, end]. Each change adds the
 * area since the previous change, clipped to the window, so memory is O(1) however often it moves.
 */
export class TimeAverage implements Gauge {
  value = 0;
  private lastTime = 0;
  private area = 0;
  private maxValue = -Infinity;

  constructor(
    private readonly sim: Simulation,
    private readonly warmupSeconds: number,
    private readonly endSeconds: number,
  ) {}

  add(delta: number): void {
    this.set(this.value + delta);
  }

  set(value: number): void {
    this.advance(this.sim.now);
    this.value = value;
  }

  /** Time average over the window; call once the clock has reached the end. */
  mean(): number {
    this.advance(this.endSeconds);
    const span = this.endSeconds - this.warmupSeconds;
    return span > 0 ? this.area / span : NaN;
  }

  /** Largest value held for a positive time inside the window. */
  max(): number {
    this.advance(this.endSeconds);
    return this.maxValue === -Infinity ? NaN : this.maxValue;
  }

  private advance(now: number): void {
    const t = now < this.endSeconds ? now : this.endSeconds;
    if (t >= this.warmupSeconds) {
      const from = this.lastTime > this.warmupSeconds ? this.lastTime : this.warmupSeconds;
      // only values held for a while count: an arrival rejected at once is no peak
      if (t > from) {
        this.area += this.value * (t - from);
        if (this.value > this.maxValue) this.maxValue = this.value;
      }
    }
    if (t > this.lastTime) this.lastTime = t;
  }
}
