import { Container, State, STATE_COUNT } from './container.js';

/**
 * The books of one invoker's ContainerPool (model §3.2): memory in use, idle warm containers
 * indexed per action (taken most recently used first) and in one LRU list (evicted oldest
 * first), stem cells per (kind, memory) config, and counts by state for the time series.
 * Every operation is O(1) in the number of live containers (eviction is O(victims)).
 */
export class ContainerPool {
  /** Memory of every live container, by action limit (not actual use), as OpenWhisk counts it. */
  memoryUsedMiB = 0;
  /** Memory of the idle warm containers: what eviction could free. */
  idleMemoryMiB = 0;
  readonly stateCounts = new Int32Array(STATE_COUNT);
  /** Stem cells ready, per stem-cell config. */
  readonly prewarmed: Container[][];
  /** Stem cells being created, per stem-cell config. */
  readonly prewarmStarting: Int32Array;
  /** Cold starts per stem-cell config since the last prewarm check (reactive adjustment). */
  readonly coldStartsSinceCheck: Int32Array;
  private lruHead: Container | null = null;
  private lruTail: Container | null = null;
  private readonly actHead: (Container | null)[];
  private readonly actTail: (Container | null)[];

  constructor(
    readonly userMemoryMiB: number,
    functionCount: number,
    stemCellCount: number,
  ) {
    this.actHead = new Array(functionCount).fill(null);
    this.actTail = new Array(functionCount).fill(null);
    this.prewarmed = Array.from({ length: stemCellCount }, () => []);
    this.prewarmStarting = new Int32Array(stemCellCount);
    this.coldStartsSinceCheck = new Int32Array(stemCellCount);
  }

  hasRoomFor(memoryMiB: number): boolean {
    return this.memoryUsedMiB + memoryMiB <= this.userMemoryMiB;
  }

  setState(c: Container, state: State): void {
    this.stateCounts[c.state]--;
    this.stateCounts[state]++;
    c.state = state;
  }

  /** A new container enters the books with its memory. */
  admit(c: Container): void {
    this.memoryUsedMiB += c.memoryMiB;
    this.stateCounts[c.state]++;
  }

  /** A container leaves the books (its memory is free at once: ContainerRemoved precedes docker rm). */
  drop(c: Container): void {
    this.memoryUsedMiB -= c.memoryMiB;
  }

  /** `docker rm` is done: the container is no longer counted in any state. */
  forget(c: Container): void {
    this.stateCounts[c.state]--;
  }

  /** An idle warm container joins the newest end of the LRU list and its action's list. */
  addIdle(c: Container): void {
    this.idleMemoryMiB += c.memoryMiB;
    c.lruPrev = this.lruTail;
    c.lruNext = null;
    if (this.lruTail) this.lruTail.lruNext = c;
    else this.lruHead = c;
    this.lruTail = c;
    const tail = this.actTail[c.action];
    c.actPrev = tail;
    c.actNext = null;
    if (tail) tail.actNext = c;
    else this.actHead[c.action] = c;
    this.actTail[c.action] = c;
  }

  removeIdle(c: Container): void {
    this.idleMemoryMiB -= c.memoryMiB;
    if (c.lruPrev) c.lruPrev.lruNext = c.lruNext;
    else this.lruHead = c.lruNext;
    if (c.lruNext) c.lruNext.lruPrev = c.lruPrev;
    else this.lruTail = c.lruPrev;
    if (c.actPrev) c.actPrev.actNext = c.actNext;
    else this.actHead[c.action] = c.actNext;
    if (c.actNext) c.actNext.actPrev = c.actPrev;
    else this.actTail[c.action] = c.actPrev;
    c.lruPrev = c.lruNext = c.actPrev = c.actNext = null;
  }

  /**
   * The idle warm container of this action used last, or null. OpenWhisk takes the first match
   * of a hash map (no defined order); most recently used keeps unpaused containers in use and
   * lets the others pause and expire.
   */
  takeWarm(fn: number): Container | null {
    const c = this.actTail[fn];
    if (c !== null) this.removeIdle(c);
    return c;
  }

  takePrewarm(stemCell: number): Container | null {
    if (stemCell < 0) return null;
    return this.prewarmed[stemCell].pop() ?? null;
  }

  /**
   * OpenWhisk's ContainerPool.remove: if the idle warm containers hold at least `needMiB`, the
   * oldest ones (least recently used) until `needMiB` is covered; else none. Stem cells and busy
   * containers are never candidates. The victims leave the idle lists; the caller removes them.
   */
  evict(needMiB: number): Container[] {
    if (needMiB <= 0 || this.idleMemoryMiB < needMiB) return [];
    const victims: Container[] = [];
    while (needMiB > 0 && this.lruHead !== null) {
      const c = this.lruHead;
      this.removeIdle(c);
      victims.push(c);
      needMiB -= c.memoryMiB;
    }
    return victims;
  }
}
