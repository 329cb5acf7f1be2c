import type { Gauge } from '../../model/recording.js';

/**
 * The largest memory in use on any invoker, kept in a gauge whose maximum is then the peak over
 * invokers and time (the mean gauge's maximum is only the peak of the average). O(1) per change
 * except when the fullest invoker shrinks: O(invokers) then, once per container removal at most.
 */
export class FullestInvoker {
  private readonly used: Float64Array;
  private top = 0;

  constructor(
    invokers: number,
    private readonly gauge: Gauge,
  ) {
    this.used = new Float64Array(invokers);
  }

  set(invoker: number, memoryMiB: number): void {
    const before = this.used[invoker];
    this.used[invoker] = memoryMiB;
    let top = this.top;
    if (memoryMiB >= top) top = memoryMiB;
    else if (before === top) {
      top = 0;
      for (const m of this.used) if (m > top) top = m;
    }
    if (top !== this.top) {
      this.top = top;
      this.gauge.set(top);
    }
  }
}
