/**
 * Replays one function of a trace as an open arrival process. 2021 traces give each invocation's
 * instant: replayed as they are. 2019 traces give counts per minute: each minute gets exactly its
 * count, placed either as a Poisson process conditioned on that count (`within: poisson`: the
 * count's instants are independent and uniform over the minute) or evenly (`within: even`: at
 * (j + 1/2) x 60 s / count). Either way the per-minute counts are the trace's, exactly (at scale 1).
 * Memory: the trace's per-minute counts, or its instants for one function (8 bytes each).
 */
import type { TraceReplaySpec } from '../schema/types.js';
import type { ArrivalSource, OpenSourceOptions } from './arrivals.js';
import { scaledCounts, traceArrivals } from './trace.js';

const MINUTE_SECONDS = 60;

export class TraceSource implements ArrivalSource {
  private readonly next: () => number;

  constructor(
    private readonly o: OpenSourceOptions,
    spec: TraceReplaySpec,
  ) {
    const trace = traceArrivals(spec.file, { function: spec.function, app: spec.app });
    this.next =
      trace.format === 'azure2019'
        ? minuteInstants(scaledCounts(trace.perMinute, spec.scale), spec.within, o.arrivalRandom)
        : scaledInstants(trace.arrivalSeconds, spec.scale);
  }

  start(): void {
    this.schedule();
  }

  private schedule(): void {
    const t = this.next();
    if (t < this.o.durationSeconds) this.o.sim.postAt(t, this.fire);
  }

  private readonly fire = (): void => {
    const o = this.o;
    o.emitter.emit(o.fn, -1, o.blocking, o.exec(o.execRandom));
    this.schedule();
  };
}

/** Instants of the 2021 trace, each repeated round(scale x k) - round(scale x (k-1)) times (scale 1: each once); Infinity when done. Instants before 0 are left out. */
function scaledInstants(instants: Float64Array, scale: number): () => number {
  let k = 0;
  let copies = 0;
  let before = 0;
  return () => {
    while (copies === 0) {
      if (k >= instants.length) return Infinity;
      const now = Math.round(scale * ++k);
      copies = instants[k - 1] >= 0 ? now - before : 0;
      before = now;
    }
    copies--;
    return instants[k - 1];
  };
}

/**
 * Instants with exactly `counts[m]` in minute m, ascending; Infinity when done. `poisson` draws the
 * order statistics of the count's uniform instants one at a time: with k instants left after t in
 * [t, end), the next is t + (end - t)(1 - V^(1/k)) for V uniform on (0, 1] (the minimum of k uniforms).
 */
function minuteInstants(counts: readonly number[], within: 'poisson' | 'even', random: () => number): () => number {
  let minute = -1;
  let left = 0;
  let j = 0;
  let t = 0;
  return () => {
    while (left === 0) {
      if (++minute >= counts.length) return Infinity;
      left = counts[minute];
      j = 0;
      t = minute * MINUTE_SECONDS;
    }
    const start = minute * MINUTE_SECONDS;
    const end = start + MINUTE_SECONDS;
    if (within === 'even') t = start + ((j + 0.5) * MINUTE_SECONDS) / counts[minute];
    else {
      const next = t + (end - t) * (1 - Math.pow(1 - random(), 1 / left));
      // rounding must not carry an instant into the next minute
      if (next < end) t = next;
    }
    j++;
    left--;
    return t;
  };
}
