import type { Simulation } from '../engine/index.js';
import type { Metrics } from '../model/metrics.js';
import type { ChainCall } from '../workload/chains.js';
import { Distribution, QUANTILE_RULE } from './activation-stats.js';
import { ALL_PLATFORMS, defineMetrics } from '../model/metric-registry.js';

const perChain = { chain: ALL_PLATFORMS } as const;

/** Reported on each chain's rows (a `chain` column), on every platform, when the run has chains. */
export const CHAIN_METRICS = defineMetrics([
  { name: 'chain.latency.mean', quantity: 'time', statistic: 'mean', scopes: perChain, meaning: "mean arrival of a chain call to its last step's result, for calls that arrived after warm-up" },
  { name: 'chain.latency.p50', quantity: 'time', statistic: 'quantile', scopes: perChain, meaning: `50th percentile of chain.latency (${QUANTILE_RULE})` },
  { name: 'chain.latency.p99', quantity: 'time', statistic: 'quantile', scopes: perChain, meaning: `99th percentile of chain.latency (${QUANTILE_RULE})` },
  { name: 'chain.completed', quantity: 'count', statistic: 'count', scopes: perChain, meaning: 'chain calls whose last step finished in the window' },
  { name: 'chain.offered', quantity: 'rate', statistic: 'ratioOfSums', scopes: perChain, meaning: 'chain.arrivals per second of the window' },
  { name: 'chain.throughput', quantity: 'rate', statistic: 'ratioOfSums', scopes: perChain, meaning: 'chain.completed per second of the window' },
  { name: 'chain.failed', quantity: 'count', statistic: 'count', scopes: perChain, meaning: 'chain calls arrived in the window that a rejected, throttled or lost (invoker fault) step failed' },
  { name: 'chain.arrivals', quantity: 'count', statistic: 'count', scopes: perChain, meaning: 'chain calls arrived in the window' },
  { name: 'chain.arrived', quantity: 'count', statistic: 'count', scopes: perChain, meaning: 'whole-run chain calls: chain.arrived = chain.completedTotal + chain.failedTotal + chain.inFlight, always' },
  { name: 'chain.completedTotal', quantity: 'count', statistic: 'count', scopes: perChain, meaning: 'whole-run chain calls completed' },
  { name: 'chain.failedTotal', quantity: 'count', statistic: 'count', scopes: perChain, meaning: 'whole-run chain calls failed' },
  { name: 'chain.inFlight', quantity: 'count', statistic: 'count', scopes: perChain, meaning: 'chain calls arrived, neither completed nor failed by the end of the run' },
]);

/**
 * Metrics of one function chain, in O(1) memory.
 * As for activations: latency and failures count calls that arrived in the window [warmup, end),
 * completions count by the time they happen (a throughput); whole-run counts keep the
 * conservation arrived = completed + failed + in flight checkable from the outputs.
 */
export class ChainStats {
  private arrivals = 0;
  private completed = 0;
  private failed = 0;
  private arrivedTotal = 0;
  private completedTotal = 0;
  private failedTotal = 0;
  private readonly latency = new Distribution();

  constructor(
    private readonly sim: Simulation,
    private readonly warmupSeconds: number,
    private readonly endSeconds: number,
  ) {}

  arrived(call: ChainCall): void {
    this.arrivedTotal++;
    if (call.arrival >= this.warmupSeconds) this.arrivals++;
  }

  finished(call: ChainCall): void {
    this.completedTotal++;
    const now = this.sim.now;
    if (now >= this.warmupSeconds && now <= this.endSeconds) this.completed++;
    if (call.arrival >= this.warmupSeconds) this.latency.add(now - call.arrival);
  }

  failedCall(call: ChainCall): void {
    this.failedTotal++;
    if (call.arrival >= this.warmupSeconds) this.failed++;
  }

  metrics(): Metrics {
    const span = this.endSeconds - this.warmupSeconds;
    return {
      'chain.arrivals': this.arrivals,
      'chain.offered': this.arrivals / span,
      'chain.completed': this.completed,
      'chain.throughput': this.completed / span,
      'chain.failed': this.failed,
      'chain.latency.mean': this.latency.mean(),
      'chain.latency.p50': this.latency.quantile(0.5),
      'chain.latency.p99': this.latency.quantile(0.99),
      'chain.arrived': this.arrivedTotal,
      'chain.completedTotal': this.completedTotal,
      'chain.failedTotal': this.failedTotal,
      'chain.inFlight': this.arrivedTotal - this.completedTotal - this.failedTotal,
    };
  }
}
