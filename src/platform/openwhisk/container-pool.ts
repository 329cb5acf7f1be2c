import { Ledger, type Demand, type ResourceSpec } from '../../resources/ledger.js';
import { Container, State, STATE_COUNT } from './container.js';

/** Index of memory in an invoker's ledger and in every demand vector. */
export const MEMORY = 0;

/**
 * The books of one invoker's ContainerPool (model §3.2): the resource ledger (memory first, by
 * action limit as OpenWhisk counts it; then whatever the hooks add, such as the EPC), idle warm
 * containers indexed per action (taken most recently released first), every warm container in
 * one list by last assignment (idle ones evicted oldest first), stem cells per (kind, memory)
 * config, and counts by state for the time series. Every operation is O(1) in the number of
 * live containers, except eviction: O(warm containers of the invoker).
 */
export class ContainerPool {
  readonly ledger: Ledger;
  /** What the idle warm containers hold, per resource: what eviction could free. */
  readonly idle: Float64Array;
  readonly stateCounts = new Int32Array(STATE_COUNT);
  /** Stem cells ready, per stem-cell config. */
  readonly prewarmed: Container[][];
  /** Stem cells being created, per stem-cell config. */
  readonly prewarmStarting: Int32Array;
  /** Cold starts per stem-cell config since the last prewarm check (reactive adjustment). */
  readonly coldStartsSinceCheck: Int32Array;
  private lruHead: Container | null = null;
  private lruTail: Container | null = null;
  /** Per action: busy or starting containers that can take one more activation (concurrency > 1). */
  private readonly partial: Container[][];
  private readonly actHead: (Container | null)[];
  private readonly actTail: (Container | null)[];

  constructor(resources: readonly ResourceSpec[], functionCount: number, stemCellCount: number) {
    this.ledger = new Ledger(resources);
    this.idle = new Float64Array(resources.length);
    this.partial = Array.from({ length: functionCount }, () => []);
    this.actHead = new Array(functionCount).fill(null);
    this.actTail = new Array(functionCount).fill(null);
    this.prewarmed = Array.from({ length: stemCellCount }, () => []);
    this.prewarmStarting = new Int32Array(stemCellCount);
    this.coldStartsSinceCheck = new Int32Array(stemCellCount);
  }

  get memoryUsedMiB(): number {
    return this.ledger.resources[MEMORY].used;
  }

  get idleMemoryMiB(): number {
    return this.idle[MEMORY];
  }

  hasRoomFor(demand: Demand): boolean {
    return this.ledger.fits(demand);
  }

  setState(c: Container, state: State): void {
    this.stateCounts[c.state]--;
    this.stateCounts[state]++;
    c.state = state;
  }

  /** A new container enters the books with its demand. */
  admit(c: Container): void {
    this.ledger.charge(c.demand);
    this.stateCounts[c.state]++;
  }

  /** A live container comes to hold `amount` more of resource `r` (released with it). Not while idle. */
  grow(c: Container, r: number, amount: number): void {
    c.grown ??= new Float64Array(this.ledger.resources.length);
    c.grown[r] += amount;
    this.ledger.resources[r].charge(amount);
  }

  /** A container leaves the books (what it holds is free at once: ContainerRemoved precedes docker rm). */
  drop(c: Container): void {
    this.ledger.release(c.demand);
    if (c.grown !== null) this.ledger.release(c.grown);
    if (c.inLru) this.unlinkLru(c);
  }

  /** `docker rm` is done: the container is no longer counted in any state. */
  forget(c: Container): void {
    this.stateCounts[c.state]--;
  }

  /**
   * The container is handed an activation (ContainerPool's `nextRun`): its last-used stamp is now,
   * so it moves to the newest end of the LRU list. The stamp is kept when the run ends: the least
   * recently *assigned* idle container is evicted first, whatever its run time.
   */
  touch(c: Container): void {
    if (c.inLru) {
      if (this.lruTail === c) return;
      this.unlinkLru(c);
    }
    c.inLru = true;
    c.lruPrev = this.lruTail;
    c.lruNext = null;
    if (this.lruTail) this.lruTail.lruNext = c;
    else this.lruHead = c;
    this.lruTail = c;
  }

  private unlinkLru(c: Container): void {
    if (c.lruPrev) c.lruPrev.lruNext = c.lruNext;
    else this.lruHead = c.lruNext;
    if (c.lruNext) c.lruNext.lruPrev = c.lruPrev;
    else this.lruTail = c.lruPrev;
    c.lruPrev = c.lruNext = null;
    c.inLru = false;
  }

  /** A warm container is free: it joins the newest end of its action's idle list. */
  addIdle(c: Container): void {
    this.countIdle(c, 1);
    c.idle = true;
    const tail = this.actTail[c.action];
    c.actPrev = tail;
    c.actNext = null;
    if (tail) tail.actNext = c;
    else this.actHead[c.action] = c;
    this.actTail[c.action] = c;
  }

  removeIdle(c: Container): void {
    this.countIdle(c, -1);
    c.idle = false;
    if (c.actPrev) c.actPrev.actNext = c.actNext;
    else this.actHead[c.action] = c.actNext;
    if (c.actNext) c.actNext.actPrev = c.actPrev;
    else this.actTail[c.action] = c.actPrev;
    c.actPrev = c.actNext = null;
  }

  private countIdle(c: Container, sign: 1 | -1): void {
    const idle = this.idle;
    for (let r = 0; r < idle.length; r++) idle[r] += sign * (c.demand[r] ?? 0);
    if (c.grown !== null) for (let r = 0; r < idle.length; r++) idle[r] += sign * c.grown[r];
  }

  /**
   * The idle warm container of this action used last, or null. OpenWhisk takes the first match
   * of a hash map (no defined order); most recently used keeps unpaused containers in use and
   * lets the others pause and expire.
   */
  takeWarm(fn: number): Container | null {
    const partial = this.partial[fn];
    // concurrency > 1 (ContainerPool.schedule: warm with capacity, then warming ones): a running
    // container with room first, then an idle one, then one still starting
    for (let i = partial.length - 1; i >= 0; i--) if (partial[i].state === State.Running) return partial[i];
    const c = this.actTail[fn];
    if (c !== null) {
      this.removeIdle(c);
      return c;
    }
    return partial.length > 0 ? partial[partial.length - 1] : null;
  }

  /** Keeps a container of a concurrent action in its action's list while it has spare capacity and activations. */
  updatePartial(c: Container): void {
    if (c.maxConcurrent === 1) return;
    const has = c.active > 0 && c.active < c.maxConcurrent && c.state !== State.Removing;
    if (has === c.partialIndex >= 0) return;
    const list = this.partial[c.action];
    if (has) c.partialIndex = list.push(c) - 1;
    else {
      const last = list.pop()!;
      if (last !== c) {
        list[c.partialIndex] = last;
        last.partialIndex = c.partialIndex;
      }
      c.partialIndex = -1;
    }
  }

  /**
   * The stem cell of this config that expires first, as OpenWhisk's takePrewarmContainer sorts by
   * expiry: the oldest (they are kept in the order they became ready, and share the config's ttl;
   * without a ttl OpenWhisk's order is arbitrary, and the oldest is taken too).
   */
  takePrewarm(stemCell: number): Container | null {
    if (stemCell < 0) return null;
    return this.prewarmed[stemCell].shift() ?? null;
  }

  /**
   * OpenWhisk's ContainerPool.remove, per hard resource that cannot hold `demand`: the need is
   * `min(demand, what idle containers hold)`; the oldest idle warm containers (least recently
   * used) are removed until every need is covered; none when nothing idle helps. The pool may
   * then exceed a capacity for a while, as OpenWhisk's does. Stem cells and busy containers are
   * never candidates. The victims leave the idle lists; the caller removes them.
   */
  evict(demand: Demand): Container[] {
    const rs = this.ledger.resources;
    // one resource (memory alone) is the common case: no array for the needs
    let need0 = 0;
    let needs: Float64Array | null = null;
    for (let r = 0; r < rs.length; r++) {
      const d = demand[r] ?? 0;
      const need = rs[r].fits(d) ? 0 : Math.min(d, this.idle[r]);
      if (r === 0) need0 = need;
      else if (need > 0) (needs ??= new Float64Array(rs.length))[r] = need;
    }
    if (needs !== null) needs[0] = need0;
    const unmet = () => {
      if (needs === null) return need0 > 0;
      for (const n of needs) if (n > 0) return true;
      return false;
    };
    if (!unmet()) return [];
    const victims: Container[] = [];
    // busy containers are skipped: O(warm containers of this invoker), bounded by its memory
    for (let c = this.lruHead, next: Container | null; c !== null && unmet(); c = next) {
      next = c.lruNext;
      if (!c.idle) continue;
      this.removeIdle(c);
      victims.push(c);
      if (needs === null) need0 -= c.demand[0] + (c.grown !== null ? c.grown[0] : 0);
      else for (let r = 0; r < rs.length; r++) needs[r] -= (c.demand[r] ?? 0) + (c.grown !== null ? c.grown[r] : 0);
    }
    return victims;
  }
}
