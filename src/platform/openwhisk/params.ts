import type { DistributionSpec } from '../../schema/types.js';

/** The latency hops of the model, each a distribution of seconds (models/openwhisk.yaml `latencies`). */
export const LATENCY_KEYS = [
  'controller',
  'publish',
  'kafka',
  'dockerRun',
  'inspect',
  'init',
  'runOverhead',
  'pause',
  'resume',
  'remove',
  'logCollection',
  'resultAck',
  'completionAck',
] as const;
export type LatencyKey = (typeof LATENCY_KEYS)[number];

export interface ReactivePrewarm {
  minCount: number;
  maxCount: number;
  ttlSeconds: number;
  threshold: number;
  increment: number;
}

export interface StemCellSpec {
  kind: string;
  memoryMiB: number;
  initialCount: number;
  /** Adjusted by the periodic check when present (runtimes.json `reactive`). */
  reactive: ReactivePrewarm | null;
}

/** One scheduled outage: invoker `invoker` (0-based, as invokers are numbered everywhere) stops at `atSeconds` for `downSeconds`. */
export interface InvokerFault {
  atSeconds: number;
  invoker: number;
  downSeconds: number;
}

/**
 * Fully resolved OpenWhisk parameters: model-file defaults with the scenario's overrides,
 * in base units as the names say. A throttle of 0 means unlimited. A type alias, not an
 * interface, so that it is assignable to `OpenWhiskSpec` (which has an index signature).
 */
export type OpenWhiskParams = {
  kind: 'openwhisk';
  controllers: number;
  invokers: number;
  /** The largest invoker's user memory (every invoker's when they are alike). */
  userMemoryMiB: number;
  /**
   * Invokers in groups of one size, in id order (`invokers` as a list gives them different sizes;
   * a count is one group). Kept as groups so that a huge count costs nothing until a run builds it.
   */
  invokerGroups: { userMemoryMiB: number; count: number; cores: CoresSpec }[];
  managedFraction: number;
  blackboxFraction: number;
  minActionMemoryMiB: number;
  maxActionMemoryMiB: number;
  actionTimeLimitSeconds: number;
  /** The deployment's largest allowed `limits.concurrency` (whisk.concurrency-limit.max). */
  concurrencyLimit: number;
  throttles: { invocationsPerMinute: number; concurrentInvocations: number };
  timeouts: { timeoutFactor: number; timeoutAddonSeconds: number; maxWaitBlockingSeconds: number };
  pauseGraceSeconds: number;
  idleContainerSeconds: number;
  parallelContainerCreations: number;
  concurrentPeekFactor: number;
  prewarm: {
    checkIntervalSeconds: number;
    checkVarianceSeconds: number;
    expirationLimit: number;
    stemCells: StemCellSpec[];
  };
  latencies: Record<LatencyKey, DistributionSpec>;
  /** InvokerSupervision's timing (only used when faults are scheduled). */
  health: { pingIntervalSeconds: number; offlineAfterSeconds: number; testActionIntervalSeconds: number; bufferSize: number; bufferErrorTolerance: number };
  /** Scheduled invoker outages, in the order written (empty: none, and no health events at all). */
  faults: InvokerFault[];
};

/**
 * An invoker's cores: a count (its CPU is simulated: running containers share it), `unlimited`
 * (not simulated: every body runs as if alone), or `hardware`: the hardware profile's cores when
 * the run has one, else unlimited (the loader settles it, see `coresOnMachine`).
 */
export type CoresSpec = number | 'unlimited' | 'hardware';

/** Each invoker's cores, by invoker id: a count, or Infinity when its CPU is not simulated. */
export function invokerCores(p: OpenWhiskParams): number[] {
  return p.invokerGroups.flatMap((g) => new Array<number>(g.count).fill(typeof g.cores === 'number' ? g.cores : Infinity));
}

/**
 * The cpu-shares OpenWhisk gives an action container of `memoryMiB` (ContainerFactory.cpuShare):
 * `max(2, floor(1024 / floor(userMemory / memory)))`, a weight in proportion to its memory.
 */
export function cpuShares(p: Pick<OpenWhiskParams, 'userMemoryMiB'>, memoryMiB: number): number {
  return Math.max(2, Math.floor(1024 / Math.floor(p.userMemoryMiB / memoryMiB)));
}

/**
 * The invokers' cores on the run's machine: `hardware` becomes the profile's cores, or `unlimited`
 * when the run names no machine (the loader calls it once the run's hardware is known).
 */
export function coresOnMachine(p: OpenWhiskParams, hardware: { cores: number } | undefined): OpenWhiskParams {
  if (!p.invokerGroups.some((g) => g.cores === 'hardware')) return p;
  const cores: CoresSpec = hardware === undefined ? 'unlimited' : hardware.cores;
  return { ...p, invokerGroups: p.invokerGroups.map((g) => (g.cores === 'hardware' ? { ...g, cores } : g)) };
}

/** Whether any invoker's CPU is simulated (a platform block resolved, or as written with a count). */
export function hasCores(platform: { kind: string }): boolean {
  const groups = (platform as { invokerGroups?: { cores: CoresSpec }[] }).invokerGroups;
  return platform.kind === 'openwhisk' && Array.isArray(groups) && groups.some((g) => typeof g.cores === 'number');
}

/** The runtime kind OpenWhisk gives docker-image actions: they go to the blackbox invokers. */
export const BLACKBOX_KIND = 'blackbox';

/** The stem-cell config a function's containers can start from: exactly its (kind, memory), or -1 (model §3.4). */
export function stemCellIndex(stemCells: readonly StemCellSpec[], f: { kind: string; memoryMiB: number }): number {
  return stemCells.findIndex((s) => s.kind === f.kind && s.memoryMiB === f.memoryMiB);
}

/** Each invoker's user memory, by invoker id. */
export function invokerMemoriesMiB(p: OpenWhiskParams): number[] {
  return p.invokerGroups.flatMap((g) => new Array<number>(g.count).fill(g.userMemoryMiB));
}

/** Whether a platform block (resolved, or as written) schedules invoker faults. */
export function hasFaults(platform: { kind: string }): boolean {
  const faults = (platform as { faults?: unknown }).faults;
  return platform.kind === 'openwhisk' && Array.isArray(faults) && faults.length > 0;
}
