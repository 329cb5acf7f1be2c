import type { Activation, StartKind } from '../../model/activation.js';
import type { Demand } from '../../resources/ledger.js';
import type { Route } from './balancer.js';
import type { Container } from './container.js';

/** What the model knows of a function, resolved once per run (not per activation). */
export interface ActionInfo {
  fn: number;
  memoryMiB: number;
  /** Index of the namespace, for the controllers' throttles. */
  namespace: number;
  route: Route;
  /** Index of the stem-cell config with exactly this (kind, memory), or -1. */
  stemCell: number;
  /** What its container holds of each resource of an invoker's ledger (memory first). */
  demand: Demand;
  /** Activations one container runs at once (`limits.concurrency`, 1 by default). */
  maxConcurrent: number;
  /** Share of a body that is CPU work (the rest waits on I/O), and the cores it may use at once. */
  cpuShare: number;
  threads: number;
  /** Its containers' cpu-shares (OpenWhisk's, in proportion to memory). */
  cpuWeight: number;
}

/** The model's record of one activation between the controller and the completion ack. */
export class Job {
  /** When the controller handed it to Kafka (after its own processing and the produce). */
  publishedAt = NaN;
  /** When the invoker's pool gave it a container. */
  assignedAt = NaN;
  /** When its container was ready for /init or /run. */
  readyAt = NaN;
  initSeconds = 0;
  runEndAt = NaN;
  startKind: StartKind = 'none';
  /** The completion ack was processed (or the forced timeout fired): its slots are free. */
  completed = false;
  /** Slots were freed by the forced completion timeout, before any ack. */
  forced = false;
  /** Lost with its invoker (a fault): reported failed, its slots wait for the forced completion. */
  lost = false;
  /** A blocking caller already has its answer (the result, or a 202 after the blocking wait). */
  answered = false;
  /**
   * Seconds hooks added, per breakdown part: the native parts' carved-out time, then the hooks'
   * own parts (see Hooks). Null while no hook attributed time, so native runs allocate nothing.
   */
  parts: number[] | null = null;
  /** The container it was given, until its logs are collected. */
  container: Container | null = null;

  constructor(
    readonly a: Activation,
    readonly action: ActionInfo,
    readonly controller: number,
    readonly invoker: number,
    /** Controller arrival time: deadlines count from here so that each controller's deadline queue stays sorted. */
    readonly submittedAt: number,
  ) {}
}
