import type { Random } from '../../engine/index.js';
import type { Recorder } from '../../model/recording.js';
import { OPENWHISK_METRICS } from './metrics.js';
import { MemorySemaphore } from './semaphore.js';

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Greedy list of k in 1..n coprime with n and with every earlier pick (model §2.1): 10 -> [1, 3, 7]. */
export function stepSizes(n: number): number[] {
  const picks: number[] = [];
  for (let k = 1; k <= n; k++) if (gcd(k, n) === 1 && picks.every((p) => gcd(p, k) === 1)) picks.push(k);
  return picks;
}

/**
 * Managed invokers are the first max(1, ceil(N * managed)), blackbox the last
 * max(1, floor(N * max(1 - managed, blackbox))); the two may overlap for small N (model §2.1).
 */
export function invokerPools(n: number, managedFraction: number, blackboxFraction: number): { managed: number[]; blackbox: number[] } {
  const managedCount = Math.min(n, Math.max(1, Math.ceil(n * managedFraction)));
  const blackboxCount = Math.min(n, Math.max(1, Math.floor(n * Math.max(1 - managedFraction, blackboxFraction))));
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  return { managed: range(0, managedCount), blackbox: range(n - blackboxCount, blackboxCount) };
}

/** Where an action's probes start and how they move, fixed per action: computed once, not per activation. */
export interface Route {
  /** Invoker ids of the pool (managed or blackbox). */
  pool: readonly number[];
  home: number;
  step: number;
}

export function routeFor(hash: number, pool: readonly number[]): Route {
  const steps = stepSizes(pool.length);
  return { pool, home: hash % pool.length, step: steps[hash % steps.length] };
}

export interface BalancerOptions {
  invokers: number;
  userMemoryMiB: number;
  /** Controllers in the cluster: each balancer holds its share of every invoker's memory. */
  controllers: number;
  minActionMemoryMiB: number;
  /** 1 when the invoker is Healthy (shared with the health system). */
  healthy: Uint8Array;
  overloadRandom: Random;
  /** Counts `balancer.overloads`. */
  recorder: Recorder;
}

/**
 * One controller's ShardingContainerPoolBalancer: a memory-slot semaphore per invoker holding
 * max(minActionMemory, userMemory / controllers) permits (controllers share nothing), probed from
 * the action's home invoker by its step; after |pool| + 2 failed probes the activation goes to a
 * uniformly random healthy invoker of the pool with a forced acquire (model §2.2).
 */
export class ShardingBalancer {
  readonly slots: MemorySemaphore[];
  private readonly healthyScratch: number[] = [];
  private readonly healthy: Uint8Array;
  private readonly overloadRandom: Random;
  private readonly recorder: Recorder;

  constructor(options: BalancerOptions) {
    const permits = Math.max(options.minActionMemoryMiB, options.userMemoryMiB / options.controllers);
    this.slots = Array.from({ length: options.invokers }, () => new MemorySemaphore(permits));
    this.healthy = options.healthy;
    this.overloadRandom = options.overloadRandom;
    this.recorder = options.recorder;
  }

  /** Chooses an invoker and takes `memoryMiB` of its slots; -1 when no invoker of the pool is healthy (HTTP 503). */
  publish(route: Route, memoryMiB: number): number {
    const { pool, step } = route;
    const size = pool.length;
    if (size === 0) return -1;
    let idx = route.home;
    for (let tries = 0; ; tries++) {
      const inv = pool[idx];
      if (this.healthy[inv] === 1 && this.slots[inv].tryAcquire(memoryMiB)) return inv;
      if (tries === size + 1) return this.overload(pool, memoryMiB);
      idx = (idx + step) % size;
    }
  }

  release(invoker: number, memoryMiB: number): void {
    this.slots[invoker].release(memoryMiB);
  }

  private overload(pool: readonly number[], memoryMiB: number): number {
    const healthy = this.healthyScratch;
    healthy.length = 0;
    for (const inv of pool) if (this.healthy[inv] === 1) healthy.push(inv);
    if (healthy.length === 0) return -1;
    const inv = healthy[Math.floor(this.overloadRandom() * healthy.length)];
    this.slots[inv].forceAcquire(memoryMiB);
    this.recorder.count(OPENWHISK_METRICS['balancer.overloads'].name);
    return inv;
  }
}
