import type { Simulation } from '../engine/index.js';
import type { Activation } from '../model/activation.js';
import type { Metrics } from '../model/metrics.js';
import { ActivationStats, type MeanSum } from './activation-stats.js';
import { ChainStats } from './chain-stats.js';
import type { Gauge, MeanStat, Recorder } from '../model/recording.js';
import type { ChainCall, ChainListener } from '../workload/chains.js';

export interface RecorderOptions {
  warmupSeconds: number;
  durationSeconds: number;
  functionNames: readonly string[];
  /** The run's chains (absent or empty: no chain metrics). */
  chainNames?: readonly string[];
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

  private readonly total: ActivationStats;
  private readonly perFunction: ActivationStats[];
  private readonly counters = new Map<string, number>();
  private readonly meanStats = new Map<string, GroupsMean>();
  /** Every chain together (reported with the whole run), or null without chains. */
  private readonly chains: ChainStats | null;
  /** Per chain, only with two chains or more (with one, the whole run's figures are its). */
  private readonly perChain: ChainStats[];

  constructor(
    sim: Simulation,
    private readonly options: RecorderOptions,
  ) {
    const stats = () => new ActivationStats(sim, options.warmupSeconds, options.durationSeconds);
    this.total = stats();
    this.perFunction = options.functionNames.length >= 2 ? options.functionNames.map(stats) : [];
    const chainNames = options.chainNames ?? [];
    const chainStats = () => new ChainStats(sim, options.warmupSeconds, options.durationSeconds);
    this.chains = chainNames.length > 0 ? chainStats() : null;
    this.perChain = chainNames.length >= 2 ? chainNames.map(chainStats) : [];
  }

  chainArrived(call: ChainCall): void {
    this.chains?.arrived(call);
    if (this.perChain.length > 0) this.perChain[call.chain].arrived(call);
  }

  chainFinished(call: ChainCall): void {
    this.chains?.finished(call);
    if (this.perChain.length > 0) this.perChain[call.chain].finished(call);
  }

  chainFailed(call: ChainCall): void {
    this.chains?.failedCall(call);
    if (this.perChain.length > 0) this.perChain[call.chain].failedCall(call);
  }

  /** Activations arrived and not yet finished or rejected. */
  get inFlight(): number {
    return this.arrivedTotal - this.finishedTotal - this.rejectedTotal;
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

  rejected(a: Activation, reason: 'rejected' | 'throttled'): void {
    this.rejectedTotal++;
    this.total.rejectedActivation(a, reason);
    if (this.perFunction.length > 0) this.perFunction[a.fn].rejectedActivation(a, reason);
  }

  gauge(name: string, maxName: string | null = `${name}.max`, fn?: number): Gauge {
    if (fn === undefined) return this.total.gauge(name, name, maxName);
    // with one function, its gauge is the run's: per-function metrics are not reported
    if (this.perFunction.length === 0) return new DetachedGauge();
    return this.perFunction[fn].gauge(name, name, maxName);
  }

  peak(maxName: string): Gauge {
    return this.total.gauge(maxName, null, maxName);
  }

  count(name: string, delta = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + (this.total.inWindow() ? delta : 0));
  }

  observeMean(name: string, a: Activation, value: number): void {
    this.meanStat(name).observe(a, value);
  }

  meanStat(name: string): MeanStat {
    let stat = this.meanStats.get(name);
    if (stat === undefined) {
      stat = new GroupsMean(
        this.options.warmupSeconds,
        this.total.meanSum(name),
        this.perFunction.map((stats) => stats.meanSum(name)),
      );
      this.meanStats.set(name, stat);
    }
    return stat;
  }

  /** Whole-run metrics; call once the clock has reached the end of the run. */
  metrics(): Metrics {
    const m = this.total.metrics();
    for (const [name, value] of this.counters) m[name] = value;
    m.arrived = this.arrivedTotal;
    m.finishedTotal = this.finishedTotal;
    m.rejectedTotal = this.rejectedTotal;
    m.inFlight = this.inFlight;
    if (this.chains !== null) Object.assign(m, this.chains.metrics());
    return m;
  }

  /** Chain name -> its metrics; empty with fewer than two chains. */
  chainMetrics(): Record<string, Metrics> {
    const out: Record<string, Metrics> = {};
    this.perChain.forEach((stats, i) => {
      out[(this.options.chainNames ?? [])[i]] = stats.metrics();
    });
    return out;
  }

  /** Function name -> its metrics; empty with a single function. */
  functionMetrics(): Record<string, Metrics> {
    const out: Record<string, Metrics> = {};
    this.perFunction.forEach((stats, i) => {
      out[this.options.functionNames[i]] = stats.metrics();
    });
    return out;
  }
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
