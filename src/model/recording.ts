import type { Activation } from './activation.js';
import type { ActivationEvents } from './activation-events.js';

// What a model records, as platforms see it; metrics/recorder.ts implements it.

/** A value whose time average (after warm-up) is reported, e.g. alive instances. */
export interface Gauge {
  readonly value: number;
  add(delta: number): void;
  set(value: number): void;
}

/** Sees every activation event (first, before the workload and other listeners) and what a model records besides. */
export interface Recorder extends ActivationEvents {
  /**
   * A time-weighted gauge, reported as its time average over [warmup, duration] under `name`
   * and its maximum under `maxName` (default `${name}.max`; null: no maximum reported). With `fn`
   * (a function index) it is that function's gauge, reported in its per-function metrics (with a
   * single function, a gauge nobody reads). Asking twice for one name returns the same gauge.
   */
  gauge(name: string, maxName?: string | null, fn?: number): Gauge;
  /** A whole-run gauge reported only by its maximum over [warmup, duration], under `maxName`. */
  peak(maxName: string): Gauge;
  /** Adds to a counter if the warm-up is over, e.g. 'evictions'. */
  count(name: string, delta?: number): void;
  /** Adds a sample to a mean-only statistic for activations that arrived after warm-up, e.g. 'latency.breakdown.init'. */
  observeMean(name: string, a: Activation, value: number): void;
  /**
   * The same statistic resolved once: `meanStat(name).observe(a, v)` is `observeMean(name, a, v)`
   * without a lookup by name on each sample (for per-activation paths).
   */
  meanStat(name: string): MeanStat;
  /**
   * A count of activations that arrived after warm-up, for the run and (with two functions or
   * more) for each function, reported under `name` (e.g. blocking calls answered by a timeout).
   */
  tally(name: string): TallyStat;
  /**
   * One sum over another, over activations that arrived after warm-up, reported under `name`
   * (e.g. crypto seconds over response seconds: a share of time, not a mean of shares).
   */
  ratio(name: string): RatioStat;
  /**
   * Samples of a whole-run time reported by their mean and p99 (`<name>.mean`, `<name>.p99`), and
   * their maximum (`<name>.max`) when that name is declared,
   * e.g. enclave creation. A sample counts when its activation arrived after warm-up, or, without
   * one (a stem cell's start-up), when it is taken after warm-up.
   */
  distribution(name: string): DistributionStat;
}

/** See `Recorder.distribution`. */
export interface DistributionStat {
  observe(a: Activation | null, value: number): void;
}

/** See `Recorder.tally`. */
export interface TallyStat {
  observe(a: Activation): void;
}

/** See `Recorder.ratio`. */
export interface RatioStat {
  observe(a: Activation, numerator: number, denominator: number): void;
}

/** A mean-only statistic, see `Recorder.meanStat`. */
export interface MeanStat {
  observe(a: Activation, value: number): void;
}
