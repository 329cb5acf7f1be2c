import type { Simulation } from '../engine/index.js';
import type { Activation } from '../model/activation.js';
import type { RejectReason } from '../model/activation-events.js';
import type { Metrics } from '../model/metrics.js';
import { ActivationStats, Distribution, type MeanSum, type QuantileGrids } from './activation-stats.js';
import { ChainStats } from './chain-stats.js';
import type { DistributionStat, Gauge, MeanStat, RatioStat, Recorder, TallyStat } from '../model/recording.js';
import type { ChainCall, ChainListener } from '../workload/chains.js';
import { declaredMetric, type Scope } from '../model/metric-registry.js';
import { metricNames } from './names.js';

export interface RecorderOptions {
  /** The platform kind of the run: it decides which declared metrics the run reports. */
  platform: string;
  warmupSeconds: number;
  durationSeconds: number;
  functionNames: readonly string[];
  /** The run's chains (absent or empty: no chain metrics). */
  chainNames?: readonly string[];
  /**
   * Hears the samples of the mean statistics it takes (returns a listener for a name, or undefined):
   * every one, before the warm-up too, as the model records it. A per-activation trace takes the
   * `latency.breakdown.*` parts from here. Absent: only the statistics see them.
   */
  meanSamples?: (name: string) => ((a: Activation, value: number) => void) | undefined;
}

/**
 * Streaming metrics of one replication: counters, exact sums for means, DDSketches for
 * quantiles and time integrals for gauges, so memory does not grow with the number of requests.
 * Per-function statistics are kept only when there are two functions or more.
 */
export class MetricsRecorder implements Recorder, ChainListener {
  /** Every arrival of the run, window or not: for the conservation check. */
  arrivedTotal = 0;
  finishedTotal = 0;
  rejectedTotal = 0;
  /** Lost inside the platform (invoker faults). */
  failedTotal = 0;

  private readonly total: ActivationStats;
  private readonly perFunction: ActivationStats[];
  private readonly counters = new Map<string, number>();
  private readonly meanStats = new Map<string, MeanStat>();
  private readonly ratios = new Map<string, SumsRatio>();
  private readonly tallies = new Map<string, GroupsTally>();
  /** Per chain of the run (empty without chains): each reported on its own rows. */
  private readonly perChain: ChainStats[];
  private readonly distributions = new Map<string, WindowDistribution>();
  /** The run's metric kind reports failures (`+faults`). */
  private readonly reportsFailures: boolean;

  constructor(
    sim: Simulation,
    private readonly options: RecorderOptions,
  ) {
    this.reportsFailures = metricNames(options.platform, 'run')?.includes('failedTotal') ?? false;
    const stats = () => new ActivationStats(sim, options.warmupSeconds, options.durationSeconds, this.reportsFailures);
    this.total = stats();
    this.perFunction = options.functionNames.length >= 2 ? options.functionNames.map(stats) : [];
    this.perChain = (options.chainNames ?? []).map(() => new ChainStats(sim, options.warmupSeconds, options.durationSeconds));
  }

  chainArrived(call: ChainCall): void {
    this.perChain[call.chain].arrived(call);
  }

  chainFinished(call: ChainCall): void {
    this.perChain[call.chain].finished(call);
  }

  chainFailed(call: ChainCall): void {
    this.perChain[call.chain].failedCall(call);
  }

  /** Activations arrived and not yet finished, rejected or failed. */
  get inFlight(): number {
    return this.arrivedTotal - this.finishedTotal - this.rejectedTotal - this.failedTotal;
  }

  arrived(a: Activation): void {
    this.arrivedTotal++;
    this.total.arrived(a);
    if (this.perFunction.length > 0) this.perFunction[a.fn].arrived(a);
  }

  started(a: Activation): void {
    this.total.startedActivation(a);
    if (this.perFunction.length > 0) this.perFunction[a.fn].startedActivation(a);
  }

  accepted(_a: Activation): void {
    // the latency of a non-blocking call is read from a.response when it finishes
  }

  finished(a: Activation): void {
    this.finishedTotal++;
    this.total.finished(a);
    if (this.perFunction.length > 0) this.perFunction[a.fn].finished(a);
  }

  rejected(a: Activation, reason: RejectReason): void {
    this.rejectedTotal++;
    this.total.rejectedActivation(a, reason);
    if (this.perFunction.length > 0) this.perFunction[a.fn].rejectedActivation(a, reason);
  }

  failed(a: Activation): void {
    this.failedTotal++;
    this.total.failedActivation(a);
    if (this.perFunction.length > 0) this.perFunction[a.fn].failedActivation(a);
  }

  gauge(name: string, maxName: string | null = `${name}.max`, fn?: number): Gauge {
    if (!this.total.gauges.has(name)) {
      mustBeDeclared(name);
      if (maxName !== null) mustBeDeclared(maxName);
    }
    if (fn === undefined) return this.total.gauge(name, name, maxName);
    // with one function, its gauge is the run's: per-function metrics are not reported
    if (this.perFunction.length === 0) return new DetachedGauge();
    return this.perFunction[fn].gauge(name, name, maxName);
  }

  peak(maxName: string): Gauge {
    mustBeDeclared(maxName);
    return this.total.gauge(maxName, null, maxName);
  }

  count(name: string, delta = 1): void {
    const sum = this.counters.get(name) ?? mustBeDeclared(name) ?? 0;
    this.counters.set(name, sum + (this.total.inWindow() ? delta : 0));
  }

  observeMean(name: string, a: Activation, value: number): void {
    this.meanStat(name).observe(a, value);
  }

  meanStat(name: string): MeanStat {
    let stat = this.meanStats.get(name);
    if (stat === undefined) {
      mustBeDeclared(name);
      stat = new GroupsMean(
        this.options.warmupSeconds,
        this.total.meanSum(name),
        this.perFunction.map((stats) => stats.meanSum(name)),
      );
      const listener = this.options.meanSamples?.(name);
      if (listener !== undefined) stat = new HeardMean(stat, listener);
      this.meanStats.set(name, stat);
    }
    return stat;
  }

  tally(name: string): TallyStat {
    let stat = this.tallies.get(name);
    if (stat === undefined) {
      mustBeDeclared(name);
      stat = new GroupsTally(this.options.warmupSeconds, this.total.tally(name), this.perFunction.map((stats) => stats.tally(name)));
      this.tallies.set(name, stat);
    }
    return stat;
  }

  distribution(name: string): DistributionStat {
    let stat = this.distributions.get(name);
    if (stat === undefined) {
      // reported as <name>.mean and <name>.p99: both must be declared, as any other metric
      mustBeDeclared(`${name}.mean`);
      mustBeDeclared(`${name}.p99`);
      this.distributions.set(name, (stat = new WindowDistribution(this.options.warmupSeconds, this.total)));
    }
    return stat;
  }

  ratio(name: string): RatioStat {
    let stat = this.ratios.get(name);
    if (stat === undefined) {
      mustBeDeclared(name);
      this.ratios.set(name, (stat = new SumsRatio(this.options.warmupSeconds)));
    }
    return stat;
  }

  /** Whole-run metrics; call once the clock has reached the end of the run. */
  metrics(): Metrics {
    const m = this.total.metrics();
    for (const [name, value] of this.counters) m[name] = value;
    for (const [name, r] of this.ratios) m[name] = r.denominator > 0 ? r.numerator / r.denominator : NaN;
    for (const [name, d] of this.distributions) {
      m[`${name}.mean`] = d.samples.mean();
      m[`${name}.p99`] = d.samples.quantile(0.99);
      // where its layer declares it (enclave.startup.max): the longest one, exactly
      if (declaredMetric(`${name}.max`) !== undefined) m[`${name}.max`] = d.samples.max();
    }
    m.arrived = this.arrivedTotal;
    m.finishedTotal = this.finishedTotal;
    m.rejectedTotal = this.rejectedTotal;
    if (this.reportsFailures) m.failedTotal = this.failedTotal;
    m.inFlight = this.inFlight;
    return this.complete(m, 'run');
  }

  /**
   * Exactly the metrics the platform reports at this scope: one it declares but never observed is
   * there, empty (NaN), or 0 for a count, so its column and its claims exist whatever happened.
   */
  private complete(m: Metrics, scope: Scope): Metrics {
    const names = new Set(metricNames(this.options.platform, scope));
    for (const name of names) if (!(name in m)) m[name] = declaredMetric(name)!.statistic === 'count' ? 0 : NaN;
    for (const name of Object.keys(m)) {
      if (!names.has(name)) throw new Error(`metric ${JSON.stringify(name)} is recorded on platform ${this.options.platform} but not declared for it at scope ${scope}`);
    }
    return m;
  }

  /** Chain name -> its metrics; empty without chains. */
  chainMetrics(): Record<string, Metrics> {
    const out: Record<string, Metrics> = {};
    this.perChain.forEach((stats, i) => {
      out[(this.options.chainNames ?? [])[i]] = this.complete(stats.metrics(), 'chain');
    });
    return out;
  }

  /** Whole-run quantile grids of the latency distributions (ECDFs). */
  quantileGrids(): QuantileGrids {
    return this.total.quantileGrids();
  }

  /** Function name -> its quantile grids; empty with a single function. */
  functionQuantileGrids(): Record<string, QuantileGrids> {
    const out: Record<string, QuantileGrids> = {};
    this.perFunction.forEach((stats, i) => {
      out[this.options.functionNames[i]] = stats.quantileGrids();
    });
    return out;
  }

  /** Function name -> its metrics; empty with a single function. */
  functionMetrics(): Record<string, Metrics> {
    const out: Record<string, Metrics> = {};
    this.perFunction.forEach((stats, i) => {
      out[this.options.functionNames[i]] = this.complete(stats.metrics(), 'function');
    });
    return out;
  }
}

/** A metric is recorded only if some code declared it (declareMetrics, beside the code that records it). */
function mustBeDeclared(name: string): undefined {
  if (declaredMetric(name) === undefined) throw new Error(`metric ${JSON.stringify(name)} is recorded but not declared: declare it with declareMetrics beside the code that records it`);
  return undefined;
}

/** One mean-only statistic in the run's group and, with two functions or more, in each function's. */
class GroupsMean implements MeanStat {
  constructor(
    private readonly warmupSeconds: number,
    private readonly total: MeanSum,
    /** Empty with a single function. */
    private readonly perFunction: MeanSum[],
  ) {}

  observe(a: Activation, value: number): void {
    if (a.arrival < this.warmupSeconds) return;
    this.total.add(value);
    if (this.perFunction.length > 0) this.perFunction[a.fn].add(value);
  }
}

/** A mean statistic whose samples someone else hears too (RecorderOptions.meanSamples). */
class HeardMean implements MeanStat {
  constructor(
    private readonly stat: MeanStat,
    private readonly listener: (a: Activation, value: number) => void,
  ) {}

  observe(a: Activation, value: number): void {
    this.stat.observe(a, value);
    this.listener(a, value);
  }
}

/** One tally in the run's group and, with two functions or more, in each function's. */
class GroupsTally implements TallyStat {
  constructor(
    private readonly warmupSeconds: number,
    private readonly total: { count: number },
    /** Empty with a single function. */
    private readonly perFunction: { count: number }[],
  ) {}

  observe(a: Activation): void {
    if (a.arrival < this.warmupSeconds) return;
    this.total.count++;
    if (this.perFunction.length > 0) this.perFunction[a.fn].count++;
  }
}

/** Samples in the measured window: by their activation's arrival, or by the clock without one. */
class WindowDistribution implements DistributionStat {
  readonly samples = new Distribution();
  constructor(
    private readonly warmupSeconds: number,
    private readonly clock: { inWindow(): boolean },
  ) {}

  observe(a: Activation | null, value: number): void {
    if (a === null ? this.clock.inWindow() : a.arrival >= this.warmupSeconds) this.samples.add(value);
  }
}

/** See `Recorder.ratio`. */
class SumsRatio implements RatioStat {
  numerator = 0;
  denominator = 0;
  constructor(private readonly warmupSeconds: number) {}

  observe(a: Activation, numerator: number, denominator: number): void {
    if (a.arrival < this.warmupSeconds) return;
    this.numerator += numerator;
    this.denominator += denominator;
  }
}

/** A gauge nobody reads: what a per-function gauge is when per-function metrics are off. */
class DetachedGauge implements Gauge {
  value = 0;
  add(delta: number): void {
    this.value += delta;
  }
  set(value: number): void {
    this.value = value;
  }
}
