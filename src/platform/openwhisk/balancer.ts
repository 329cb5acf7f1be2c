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
  /** Each invoker's user memory: its slots follow it (invokers report their memory in their pings). */
  invokerMemoryMiB: readonly number[];
  /** Functions of the run (concurrent actions keep slots per invoker and action). */
  functionCount: number;
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
  /**
   * NestedSemaphore's per-action semaphores, per invoker: free activation slots in the containers
   * already paid for in memory (concurrency > 1 only; allocated on first use).
   */
  private readonly concurrentSlots: (Int32Array | null)[];
  private readonly functionCount: number;
  private readonly healthyScratch: number[] = [];
  private readonly healthy: Uint8Array;
  private readonly overloadRandom: Random;
  private readonly recorder: Recorder;

  constructor(options: BalancerOptions) {
    this.slots = options.invokerMemoryMiB.map((memoryMiB) => new MemorySemaphore(Math.max(options.minActionMemoryMiB, memoryMiB / options.controllers)));
    this.concurrentSlots = options.invokerMemoryMiB.map(() => null);
    this.functionCount = options.functionCount;
    this.healthy = options.healthy;
    this.overloadRandom = options.overloadRandom;
    this.recorder = options.recorder;
  }

  /**
   * Chooses an invoker and takes `memoryMiB` of its slots (for a concurrent action: a free
   * activation slot of a container already paid for, else a container's memory and its other
   * `maxConcurrent - 1` slots); -1 when no invoker of the pool is healthy (HTTP 503).
   */
  publish(route: Route, memoryMiB: number, fn = 0, maxConcurrent = 1): number {
    const { pool, step } = route;
    const size = pool.length;
    if (size === 0) return -1;
    let idx = route.home;
    for (let tries = 0; ; tries++) {
      const inv = pool[idx];
      if (this.healthy[inv] === 1 && (maxConcurrent === 1 ? this.slots[inv].tryAcquire(memoryMiB) : this.tryAcquireConcurrent(inv, memoryMiB, fn, maxConcurrent, false)))
        return inv;
      if (tries === size + 1) return this.overload(pool, memoryMiB, fn, maxConcurrent);
      idx = (idx + step) % size;
    }
  }

  release(invoker: number, memoryMiB: number, fn = 0, maxConcurrent = 1): void {
    if (maxConcurrent === 1) {
      this.slots[invoker].release(memoryMiB);
      return;
    }
    // ResizableSemaphore: when a whole container's worth of slots is free again, its memory goes back
    const free = this.concurrentOf(invoker);
    free[fn]++;
    if (free[fn] % maxConcurrent === 0) {
      free[fn] -= maxConcurrent;
      this.slots[invoker].release(memoryMiB);
    }
  }

  private concurrentOf(invoker: number): Int32Array {
    return (this.concurrentSlots[invoker] ??= new Int32Array(this.functionCount));
  }

  /** NestedSemaphore.tryOrForceAcquireConcurrent. */
  private tryAcquireConcurrent(invoker: number, memoryMiB: number, fn: number, maxConcurrent: number, force: boolean): boolean {
    const free = this.concurrentOf(invoker);
    if (free[fn] > 0) {
      free[fn]--;
      return true;
    }
    if (force) this.slots[invoker].forceAcquire(memoryMiB);
    else if (!this.slots[invoker].tryAcquire(memoryMiB)) return false;
    free[fn] += maxConcurrent - 1;
    return true;
  }

  private overload(pool: readonly number[], memoryMiB: number, fn: number, maxConcurrent: number): number {
    const healthy = this.healthyScratch;
    healthy.length = 0;
    for (const inv of pool) if (this.healthy[inv] === 1) healthy.push(inv);
    if (healthy.length === 0) return -1;
    const inv = healthy[Math.floor(this.overloadRandom() * healthy.length)];
    if (maxConcurrent === 1) this.slots[inv].forceAcquire(memoryMiB);
    else this.tryAcquireConcurrent(inv, memoryMiB, fn, maxConcurrent, true);
    this.recorder.count(OPENWHISK_METRICS['balancer.overloads'].name);
    return inv;
  }
}
