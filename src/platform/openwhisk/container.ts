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
export const STATE_COUNT = 10;

/** One container. Links for the pool's intrusive lists live here, so indexing allocates nothing. */
export class Container {
  state: State;
  /** Function index once /init'ed (or being created for one); -1 for a stem cell. */
  action: number;
  job: Job | null = null;
  /** Last release (Ready) or, for a stem cell, when it became ready. */
  lastUsed = 0;
  pausedAt = 0;
  /** An idle timer event is in the heap, due at `timerAt`. */
  timerPending = false;
  timerAt = 0;
  timerId = 0;
  // idle list of the invoker (LRU order) and of the action (MRU taken first)
  lruPrev: Container | null = null;
  lruNext: Container | null = null;
  actPrev: Container | null = null;
  actNext: Container | null = null;

  constructor(
    readonly id: number,
    readonly memoryMiB: number,
    /** Index of the stem-cell config it was created from, -1 for a cold container. */
    readonly stemCell: number,
    state: State,
    action: number,
  ) {
    this.state = state;
    this.action = action;
  }
}
