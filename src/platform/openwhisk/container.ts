import type { Demand } from '../../resources/ledger.js';
import type { CoreGroup } from '../../resources/shared-cores.js';
import type { Job } from './job.js';

/** ContainerProxy states (model §3.3), split where the model needs to tell them apart. */
export enum State {
  /** Stem cell under `docker run` (or waiting for a creation slot). */
  CreatingPrewarm,
  /** Stem cell ready, no action yet. */
  Prewarmed,
  /** Cold start under `docker run` + inspect (or waiting for a creation slot), with its activation. */
  CreatingCold,
  Initializing,
  Resuming,
  /** /run, then log collection. */
  Running,
  /** Warm, unpaused, idle: pause grace running. */
  Ready,
  Pausing,
  Paused,
  Removing,
}

/** The per-invoker time-series columns of container counts, in their CSV order. */
export const STATE_COLUMNS = ['starting', 'prewarm', 'idle', 'paused', 'busy', 'removing'] as const;
export type StateColumn = (typeof STATE_COLUMNS)[number];

/**
 * The column each state is counted in. A `Record` over the enum: a new state that is not given a
 * column does not compile, so it cannot be dropped from the time series silently.
 */
export const STATE_COLUMN: Record<State, StateColumn> = {
  [State.CreatingPrewarm]: 'starting',
  [State.Prewarmed]: 'prewarm',
  [State.CreatingCold]: 'busy',
  [State.Initializing]: 'busy',
  [State.Resuming]: 'busy',
  [State.Running]: 'busy',
  [State.Ready]: 'idle',
  [State.Pausing]: 'paused',
  [State.Paused]: 'paused',
  [State.Removing]: 'removing',
};

export const STATE_COUNT = Object.keys(STATE_COLUMN).length;

/** Column index of each state (into STATE_COLUMNS), for summing counts without a lookup by name. */
export const STATE_COLUMN_INDEX: Int32Array = Int32Array.from({ length: STATE_COUNT }, (_, s) => STATE_COLUMNS.indexOf(STATE_COLUMN[s as State]));

/** One container. Links for the pool's intrusive lists live here, so indexing allocates nothing. */
export class Container implements CoreGroup {
  state: State;
  /** Function index once /init'ed (or being created for one); -1 for a stem cell. */
  action: number;
  /** The activation it is being started (created, /init'ed) or resumed for; null once it runs. */
  job: Job | null = null;
  /** Further activations given to it while it starts, resumes or pauses (concurrency > 1 only). */
  waiting: Job[] | null = null;
  /** Activations given to it and not finished (ContainerData.activeActivationCount). */
  active = 0;
  /** Its action's `limits.concurrency` once it has one. */
  maxConcurrent = 1;
  /** Index in its action's list of containers with spare capacity, -1 when not there. */
  partialIndex = -1;
  /** Last release (entering Ready): the pause grace counts from here. */
  releasedAt = 0;
  /** A stem cell's expiry (ready time + its config's ttl; Infinity without one). */
  expiresAt = Infinity;
  /** Idle warm (Ready, Pausing, Paused and not taken): in its action's idle list, evictable. */
  idle = false;
  /** In the pool's list of warm containers by last assignment. */
  inLru = false;
  pausedAt = 0;
  /** An idle timer event is in the heap, due at `timerAt`. */
  timerPending = false;
  timerAt = 0;
  timerId = 0;
  // warm containers of the invoker by last assignment (LRU first), and idle ones of the action (MRU taken first)
  lruPrev: Container | null = null;
  lruNext: Container | null = null;
  actPrev: Container | null = null;
  actNext: Container | null = null;
  /**
   * What it came to hold beyond `demand` while alive (e.g. EPC pages committed on demand), by
   * resource index; null until something grows (`ContainerPool.grow`). Released with it.
   */
  grown: Float64Array | null = null;
  /** Its cpu-shares (OpenWhisk's, in proportion to its memory), and its work running on the cores now. */
  coreWeight = 0;
  coreJobs = 0;

  constructor(
    readonly id: number,
    /**
     * What it holds of each resource of its invoker's ledger, from admission to removal (memory
     * first, by action limit as OpenWhisk counts it). Shared with its action's or stem cell's spec.
     */
    readonly demand: Demand,
    /** Index of the stem-cell config it was created from, -1 for a cold container. */
    readonly stemCell: number,
    state: State,
    action: number,
  ) {
    this.state = state;
    this.action = action;
  }

  get memoryMiB(): number {
    return this.demand[0];
  }
}
