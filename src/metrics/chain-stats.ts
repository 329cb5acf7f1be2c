import type { Simulation } from '../engine/index.js';
import type { Metrics } from '../model/metrics.js';
import type { ChainCall } from '../workload/chains.js';
import { Distribution } from './activation-stats.js';

/**
 * Metrics of function chains (one group: every chain of the run, or one chain), in O(1) memory.
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
