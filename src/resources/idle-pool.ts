import type { Random } from '../engine/index.js';

/** What an idle pool needs of an instance: a slot for its position and a priority key. */
export interface Pooled {
  /** Position in the pool; -1 when not in it. */
  poolIndex: number;
  /** Smaller keys are taken first (heap pools). */
  poolKey: number;
}

/** The idle instances of one function, and the reuse policy that picks one. */
export interface IdlePool<T extends Pooled> {
  add(item: T): void;
  /** Removes and returns the instance the policy picks; undefined when empty. */
  take(): T | undefined;
  /** Removes a given instance (keep-alive expiry). */
  remove(item: T): void;
}

/**
 * A binary min-heap on `poolKey` that tracks each item's position, so both taking the best
 * and removing an arbitrary item are O(log n). With key = -creation order it picks the newest,
 * creation order the oldest, -(order of becoming idle) the most recently used.
 */
export class HeapPool<T extends Pooled> implements IdlePool<T> {
  private readonly items: T[] = [];

  add(item: T): void {
    this.items.push(item);
    this.up(this.items.length - 1, item);
  }

  take(): T | undefined {
    if (this.items.length === 0) return undefined;
    const top = this.items[0];
    this.removeAt(0);
    return top;
  }

  remove(item: T): void {
    if (item.poolIndex >= 0) this.removeAt(item.poolIndex);
  }

  private removeAt(i: number): void {
    const items = this.items;
    const gone = items[i];
    gone.poolIndex = -1;
    const last = items.pop()!;
    if (i === items.length) return;
    // the last item fills the hole and moves up or down from there
    if (i > 0 && last.poolKey < items[(i - 1) >> 1].poolKey) this.up(i, last);
    else this.down(i, last);
  }

  private up(i: number, item: T): void {
    const items = this.items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent];
      if (p.poolKey <= item.poolKey) break;
      items[i] = p;
      p.poolIndex = i;
      i = parent;
    }
    items[i] = item;
    item.poolIndex = i;
  }

  private down(i: number, item: T): void {
    const items = this.items;
    const n = items.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && items[child + 1].poolKey < items[child].poolKey) child++;
      const c = items[child];
      if (item.poolKey <= c.poolKey) break;
      items[i] = c;
      c.poolIndex = i;
      i = child;
    }
    items[i] = item;
    item.poolIndex = i;
  }
}

/** Picks a uniformly random idle instance: an array with swap-remove, O(1) for everything. */
export class RandomPool<T extends Pooled> implements IdlePool<T> {
  private readonly items: T[] = [];

  constructor(private readonly random: Random) {}

  add(item: T): void {
    item.poolIndex = this.items.length;
    this.items.push(item);
  }

  take(): T | undefined {
    if (this.items.length === 0) return undefined;
    const item = this.items[Math.floor(this.random() * this.items.length)];
    this.remove(item);
    return item;
  }

  remove(item: T): void {
    const i = item.poolIndex;
    if (i < 0) return;
    const last = this.items.pop()!;
    if (last !== item) {
      this.items[i] = last;
      last.poolIndex = i;
    }
    item.poolIndex = -1;
  }
}
