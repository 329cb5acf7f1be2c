import { LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';
import type { Simulation } from '../engine/index.js';
import type { Activation } from '../model/activation.js';
import type { RejectReason } from '../model/activation-events.js';
import type { Metrics } from '../model/metrics.js';
import { TimeAverage } from './time-average.js';

/**
 * DDSketch relative accuracy: quantiles are within 0.1 % of the true value. At 1 % the
 * replications of a run often landed in the same bucket, so a quantile's confidence interval
 * collapsed to a point; 0.1 % keeps the bucket well inside the replications' own spread,
 * for at most ~64 KB a sketch (BIN_LIMIT). Claims widen a quantile's interval by this much (claims/evaluate.ts).
 */
export const QUANTILE_RELATIVE_ACCURACY = 0.001;
const RELATIVE_ACCURACY = QUANTILE_RELATIVE_ACCURACY;
/**
 * Bins per sketch, so its memory is bounded (~64 KB) whatever the values: at 0.1 % this spans
 * seven decades below the largest value (60 s down to ~6 us). Smaller values collapse into the
 * lowest bin, which moves only quantiles far below the p50 that is reported.
 */
const BIN_LIMIT = 8192;

/**
 * Below this many observations a quantile is exact, the nearest-rank value of the observations
 * themselves (kept until then): a sketch's p99 of two start-ups (43.5 and 82.5 ms) read 43.5 ms,
 * the smaller one, as its rank q x (n - 1) rounds down. From here on the sketch's (within 0.1 %).
 */
export const EXACT_QUANTILES_BELOW = 100;

/** How a quantile metric is computed, in the words of the metrics table. */
export const QUANTILE_RULE = `nearest rank below ${EXACT_QUANTILES_BELOW} observations, else DDSketch within 0.1 %`;

/**
 * Exact count, sum and maximum beside a sketch: the mean must not carry the sketch's error. Its
 * first observations are kept too, so that the quantiles of a small sample are exact.
 */
export class Distribution {
  readonly sketch = new LogCollapsingLowestDenseDDSketch({ relativeAccuracy: RELATIVE_ACCURACY, binLimit: BIN_LIMIT });
  count = 0;
  sum = 0;
  private largest = -Infinity;
  /** The observations while there are fewer than EXACT_QUANTILES_BELOW, then null. */
  private few: number[] | null = [];
  private fewSorted = true;

  add(value: number): void {
    this.sketch.accept(value);
    this.count++;
    this.sum += value;
    if (value > this.largest) this.largest = value;
    if (this.few !== null) {
      if (this.count < EXACT_QUANTILES_BELOW) {
        this.few.push(value);
        this.fewSorted = false;
      } else this.few = null;
    }
  }

  mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  max(): number {
    return this.count > 0 ? this.largest : NaN;
  }

  /**
   * The q-quantile: with fewer than EXACT_QUANTILES_BELOW observations the nearest-rank value,
   * the ceil(q x n)-th smallest (the p99 of two is the larger, the p50 of two the smaller);
   * else the sketch's.
   */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const few = this.few;
    if (few === null) return this.sketch.getValueAtQuantile(q);
    if (!this.fewSorted) {
      few.sort((a, b) => a - b);
      this.fewSorted = true;
    }
    // less a hair, so that q x n = 7.000000000000001 (0.07 x 100) is rank 7, as written
    const rank = Math.ceil(q * few.length - 1e-9);
    return few[Math.min(few.length, Math.max(1, rank)) - 1];
  }

  /** Quantiles at 0, 1/steps, ..., 1; empty without observations. */
  grid(steps = QUANTILE_GRID_STEPS): number[] {
    if (this.count === 0) return [];
    return Array.from({ length: steps + 1 }, (_, i) => this.quantile(i / steps));
  }
}

/** Steps of a quantile grid: 101 quantiles (0, 0.01, ..., 1) draw an ECDF to a percentile. */
export const QUANTILE_GRID_STEPS = 100;

/**
 * Distribution name (`latency`, `completion`, `wait`) -> its quantiles at 0, 0.01, ..., 1 (empty
 * without observations): enough to draw an ECDF without keeping every activation.
 */
export type QuantileGrids = Record<string, number[]>;

/**
 * The sum and count behind one mean-only statistic of one group. It joins its group's report
 * (`order`) on its first sample, so metrics keep the order in which they were first observed.
 */
export class MeanSum {
  sum = 0;
  count = 0;

  constructor(
    private readonly order: Map<string, MeanSum>,
    readonly name: string,
  ) {}

  add(value: number): void {
    if (this.count === 0) {
      this.sum = value; // not 0 + value: keeps a -0 as it was
      this.order.set(this.name, this);
    } else this.sum += value;
    this.count++;
  }
}

/**
 * The per-activation statistics of one group (the whole run, or one function), in O(1) memory.
 * Per-activation figures (latency, wait, start kinds) count activations that arrived in the
 * window [warmup, end); completions count by the time they happen, as a throughput does.
 */
export class ActivationStats {
  arrivals = 0;
  completed = 0;
  rejected = 0;
  throttled = 0;
  failed = 0;
  started = 0;
  waited = 0;
  cold = 0;
  prewarm = 0;
  warm = 0;
  resumed = 0;
  readonly latency = new Distribution();
  /** Arrival to the result's existence: for non-blocking calls, later than their response (the 202). */
  readonly completion = new Distribution();
  readonly wait = new Distribution();
  readonly inSystem: TimeAverage;
  /** Mean-only statistics observed so far, in the order of their first sample. */
  readonly means = new Map<string, MeanSum>();
  /** Every mean-only statistic asked for, observed or not. */
  private readonly meanSums = new Map<string, MeanSum>();
  /** Counts of activations a platform tallies for this group (Recorder.tally), by name. */
  readonly tallies = new Map<string, { count: number }>();
  /**
   * Gauges a platform keeps for this group, by the name they are asked for, with the names their
   * time average and maximum are reported under (null: not reported).
   */
  readonly gauges = new Map<string, { gauge: TimeAverage; meanName: string | null; maxName: string | null }>();

  constructor(
    private readonly sim: Simulation,
    private readonly warmupSeconds: number,
    private readonly endSeconds: number,
    /** Whether the run reports `failed` and `failedRatio` (it schedules faults). */
    private readonly reportsFailures = false,
  ) {
    this.inSystem = new TimeAverage(sim, warmupSeconds, endSeconds);
  }

  arrived(a: Activation): void {
    this.inSystem.add(1);
    if (a.arrival >= this.warmupSeconds) this.arrivals++;
  }

  startedActivation(a: Activation): void {
    if (a.arrival < this.warmupSeconds) return;
    this.started++;
    const wait = a.start - a.arrival;
    if (wait > 0) this.waited++;
    this.wait.add(wait);
    switch (a.startKind) {
      case 'cold':
        this.cold++;
        break;
      case 'prewarm':
        this.prewarm++;
        break;
      case 'warm':
        this.warm++;
        break;
      case 'resumed':
        this.resumed++;
        break;
    }
  }

  finished(a: Activation): void {
    this.inSystem.add(-1);
    if (this.inWindow()) this.completed++;
    if (a.arrival >= this.warmupSeconds) {
      this.latency.add(a.response - a.arrival);
      this.completion.add(a.end - a.arrival);
    }
  }

  rejectedActivation(a: Activation, reason: RejectReason): void {
    this.inSystem.add(-1);
    if (a.arrival < this.warmupSeconds) return;
    if (reason === 'rejected') this.rejected++;
    else this.throttled++;
  }

  /** Lost inside the platform: counted by arrival, as a rejection is, so that failedRatio is a share of arrivals. */
  failedActivation(a: Activation): void {
    this.inSystem.add(-1);
    if (a.arrival >= this.warmupSeconds) this.failed++;
  }


  /** The accumulator of a mean-only statistic: hot paths hold it instead of looking it up by name. */
  meanSum(name: string): MeanSum {
    let sum = this.meanSums.get(name);
    if (sum === undefined) {
      sum = new MeanSum(this.means, name);
      this.meanSums.set(name, sum);
    }
    return sum;
  }

  /** The counter of a tally: hot paths hold it instead of looking it up by name. */
  tally(name: string): { count: number } {
    let tally = this.tallies.get(name);
    if (tally === undefined) this.tallies.set(name, (tally = { count: 0 }));
    return tally;
  }

  /** The gauge under `key`, created on first use to report its mean as `meanName` and its maximum as `maxName`. */
  gauge(key: string, meanName: string | null, maxName: string | null): TimeAverage {
    let entry = this.gauges.get(key);
    if (entry === undefined) {
      entry = { gauge: new TimeAverage(this.sim, this.warmupSeconds, this.endSeconds), meanName, maxName };
      this.gauges.set(key, entry);
    }
    return entry.gauge;
  }

  /** The group's metrics; call once the clock has reached the end. */
  metrics(): Metrics {
    const span = this.endSeconds - this.warmupSeconds;
    const ratio = (num: number, den: number) => (den > 0 ? num / den : NaN);
    const m: Metrics = {
      offered: ratio(this.arrivals, span),
      throughput: ratio(this.completed, span),
      arrivals: this.arrivals,
      completed: this.completed,
      rejected: this.rejected,
      throttled: this.throttled,
      rejectedRatio: ratio(this.rejected, this.arrivals),
      throttledRatio: ratio(this.throttled, this.arrivals),
      'latency.mean': this.latency.mean(),
      'latency.p50': this.latency.quantile(0.5),
      'latency.p90': this.latency.quantile(0.9),
      'latency.p99': this.latency.quantile(0.99),
      'latency.p999': this.latency.quantile(0.999),
      'completion.mean': this.completion.mean(),
      'completion.p50': this.completion.quantile(0.5),
      'completion.p90': this.completion.quantile(0.9),
      'completion.p99': this.completion.quantile(0.99),
      'completion.p999': this.completion.quantile(0.999),
      'wait.mean': this.wait.mean(),
      'wait.p50': this.wait.quantile(0.5),
      'wait.p99': this.wait.quantile(0.99),
      waitProbability: ratio(this.waited, this.started),
      started: this.started,
      coldStarts: this.cold,
      coldStartRatio: ratio(this.cold, this.started),
      'starts.cold': this.cold,
      'starts.prewarm': this.prewarm,
      'starts.warm': this.warm,
      'starts.resumed': this.resumed,
      'inSystem.mean': this.inSystem.mean(),
      'inSystem.max': this.inSystem.max(),
    };
    if (this.reportsFailures) {
      m.failed = this.failed;
      m.failedRatio = ratio(this.failed, this.arrivals);
    }
    for (const [name, { sum, count }] of this.means) m[name] = ratio(sum, count);
    for (const [name, { count }] of this.tallies) m[name] = count;
    for (const { gauge, meanName, maxName } of this.gauges.values()) {
      if (meanName !== null) m[meanName] = gauge.mean();
      if (maxName !== null) m[maxName] = gauge.max();
    }
    const instances = this.gauges.get('instances.mean');
    const busy = this.gauges.get('instances.busy');
    if (instances !== undefined && busy !== undefined) m.utilization = ratio(m['instances.busy'], m['instances.mean']);
    return m;
  }

  /** The quantile grid of each distribution; call once the clock has reached the end. */
  quantileGrids(): QuantileGrids {
    return { latency: this.latency.grid(), completion: this.completion.grid(), wait: this.wait.grid() };
  }

  /** Whether now lies in the measured window [warmup, end]. */
  inWindow(): boolean {
    const now = this.sim.now;
    return now >= this.warmupSeconds && now <= this.endSeconds;
  }
}
