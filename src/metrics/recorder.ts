// PLACEHOLDER interface: the metrics work replaces this file with the implementation.
import type { Activation } from '../platform/types.js';

/** A value whose time average (after warm-up) is reported, e.g. alive instances. */
export interface Gauge {
  readonly value: number;
  add(delta: number): void;
  set(value: number): void;
}

export interface Recorder {
  arrived(a: Activation): void;
  started(a: Activation): void;
  accepted(a: Activation): void;
  finished(a: Activation): void;
  rejected(a: Activation, reason: 'rejected' | 'throttled'): void;
  /** A time-weighted gauge, reported as its time average under `name` and its maximum under `name.max`. */
  gauge(name: string): Gauge;
  /** Adds to a counter if the warm-up is over, e.g. 'evictions'. */
  count(name: string, delta?: number): void;
  /** Adds a sample to a mean-only statistic for activations that arrived after warm-up, e.g. 'latency.breakdown.init'. */
  observeMean(name: string, a: Activation, value: number): void;
}
