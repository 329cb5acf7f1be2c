import type { Simulation } from '../engine/index.js';
import type { Gauge } from '../model/recording.js';

/**
 * The trusted gateway: one FIFO line in front of `cores` identical servers, which requests and
 * responses share. A message's CPU time is known when it enters (its cost is drawn then), so under
 * FIFO its start is exactly the earliest time a core is free after it arrives: the gateway keeps
 * each core's next free time and answers at once how long a message stays (wait + service). That
 * is what a hop of the activation path needs (the time it adds, when it is entered), and it costs
 * no event per message; the busy gauge alone is moved by events, at each start and end.
 */
export class TrustedGateway {
  /** Per core: when it finishes the last message given to it. */
  private readonly freeAt: Float64Array;
  private readonly share: number;

  constructor(
    private readonly sim: Simulation,
    readonly cores: number,
    /** Busy cores over all cores (its time average is the utilization); absent: not tracked. */
    private readonly busy?: Gauge,
  ) {
    if (!(Number.isInteger(cores) && cores >= 1)) throw new RangeError(`a gateway needs a whole number of cores >= 1, got ${cores}`);
    this.freeAt = new Float64Array(cores);
    this.share = 1 / cores;
  }

  /**
   * A message enters now needing `serviceSeconds` of one core: returns how long it waits for a
   * core; it leaves the gateway after that wait plus its service.
   */
  enter(serviceSeconds: number): number {
    const now = this.sim.now;
    const free = this.freeAt;
    let core = 0;
    for (let i = 1; i < free.length; i++) if (free[i] < free[core]) core = i;
    const start = free[core] > now ? free[core] : now;
    const end = start + serviceSeconds;
    free[core] = end;
    if (this.busy !== undefined && serviceSeconds > 0) {
      if (start === now) this.busy.add(this.share);
      else this.sim.postAt(start, this.onStart);
      this.sim.postAt(end, this.onEnd);
    }
    return start - now;
  }

  private readonly onStart = (): void => {
    this.busy!.add(this.share);
  };

  private readonly onEnd = (): void => {
    this.busy!.add(-this.share);
  };
}
