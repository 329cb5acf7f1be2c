/**
 * The EPC of one invoker: which pages of its enclaves are in it and which are out (docs/sgx.md,
 * "EPC reclaim"). Two models behind one interface, chosen by `platform.security.reclaim`:
 * - `clock`: as both Linux SGX drivers reclaim (calibration.md#paging-reclaim-kernel,
 *   #paging-reclaim-isgx): pages enter a list at its tail; while the EPC holds more than its
 *   capacity, a hand takes the list's head and evicts it unless it was accessed since the hand last
 *   passed, in which case its bit is cleared and it goes to the tail (second chance).
 * - `spread`: the mean-field model of earlier versions: a share (committed - EPC) / committed of
 *   every enclave is out, so a run touching W pages reloads round(W x share) of them.
 * Pages are counted in extents (runs of pages of one enclave and kind that share their place in
 * the list and their accessed bit), so memory is O(extents), not O(pages); test/tee/sgx/epc-oracle.ts
 * simulates every page and the property test holds this one to it exactly.
 */

/**
 * The kinds of an enclave's pages: its code (never touched by a run), the heap its runs touch, the
 * rest of its heap; and, inside a run, the hot pages it has not touched yet.
 */
export const CODE = 0;
export const HOT = 1;
export const HEAP = 2;
export const PENDING = 3;
export type PageKind = typeof CODE | typeof HOT | typeof HEAP | typeof PENDING;
const KINDS = 4;

/** One enclave's pages in the books. */
export interface EnclavePages {
  /** Pages committed (resident or out), by kind. */
  readonly committed: Float64Array;
  /** Pages out (evicted, not reloaded), by kind. */
  readonly out: Float64Array;
}

/** What both models answer; every operation is followed by `reclaim` to bring the EPC back to its capacity. */
export interface EpcBooks {
  readonly capacity: number;
  /** Pages committed by every live enclave (resident + out). */
  readonly committed: number;
  /** Pages out: at every instant pagedOut - pagedIn - dropped. */
  readonly out: number;
  open(): EnclavePages;
  /** `pages` of `kind` enter the EPC (EADD at creation, EAUG), accessed or not. */
  add(e: EnclavePages, kind: PageKind, pages: number, accessed: boolean): void;
  /**
   * A run touches the enclave's hot pages; returns those it reloads (ELDU). It faults in its pages
   * that are out first, then touches those still in: a fault that evicts one of its own pages not
   * touched yet faults that one in too (so a cycle through more than the EPC misses on every page).
   */
  touch(e: EnclavePages): number;
  /** Up to `pages` of the enclave's never-touched heap become hot (a prewarmed enclave taken by a function), lowest addresses first. */
  heat(e: EnclavePages, pages: number): void;
  /** The enclave is removed; returns its pages that were out (dropped, never reloaded). */
  remove(e: EnclavePages): number;
  /** Evicts (EWB) until the EPC holds at most its capacity; returns the pages evicted since the last call (a touch's included). */
  reclaim(): number;
}

const newEnclave = (): EnclavePages => ({ committed: new Float64Array(KINDS), out: new Float64Array(KINDS) });

/** A run of `pages` pages of one enclave and kind, next to each other in the list, with one accessed bit. */
class Extent {
  prev: Extent | null = null;
  next: Extent | null = null;
  constructor(
    readonly enclave: ClockEnclave,
    public kind: PageKind,
    public pages: number,
    public accessed: boolean,
  ) {}
}

interface ClockEnclave extends EnclavePages {
  /** Its extents in the list, in the order they were made (the list's order while none is touched). */
  extents: Extent[];
}

/** Second chance over every page of the invoker's enclaves, in extents. */
export class ClockBooks implements EpcBooks {
  committed = 0;
  out = 0;
  /** Pages in the EPC. */
  private resident = 0;
  /** Evicted by touches since the last reclaim. */
  private evictedByTouches = 0;
  private head: Extent | null = null;
  private tail: Extent | null = null;

  constructor(readonly capacity: number) {}

  /** Extents in the list (for tests and the memory bound). */
  extentCount(): number {
    let n = 0;
    for (let x = this.head; x !== null; x = x.next) n++;
    return n;
  }

  open(): EnclavePages {
    const e = newEnclave() as ClockEnclave;
    e.extents = [];
    return e;
  }

  add(e: EnclavePages, kind: PageKind, pages: number, accessed: boolean): void {
    if (pages <= 0) return;
    e.committed[kind] += pages;
    this.committed += pages;
    this.resident += pages;
    this.append(e as ClockEnclave, kind, pages, accessed);
  }

  touch(e: EnclavePages): number {
    const enclave = e as ClockEnclave;
    if (e.out[HOT] === 0) {
      for (const x of enclave.extents) if (x.kind === HOT) x.accessed = true;
      return 0;
    }
    // every hot page is to be touched: those in the EPC keep their bits until their turn
    for (const x of enclave.extents) if (x.kind === HOT) x.kind = PENDING;
    e.committed[PENDING] = e.committed[HOT];
    e.committed[HOT] = 0;
    e.out[PENDING] = e.out[HOT];
    e.out[HOT] = 0;
    let reloads = 0;
    while (e.out[PENDING] > 0) {
      const k = e.out[PENDING];
      e.out[PENDING] = 0;
      e.committed[PENDING] -= k;
      e.committed[HOT] += k;
      this.out -= k;
      this.resident += k;
      this.append(enclave, HOT, k, true);
      reloads += k;
      this.evictedByTouches += this.evict();
    }
    for (const x of enclave.extents) {
      if (x.kind !== PENDING) continue;
      x.kind = HOT;
      x.accessed = true;
    }
    e.committed[HOT] += e.committed[PENDING];
    e.committed[PENDING] = 0;
    return reloads;
  }

  heat(e: EnclavePages, pages: number): void {
    const enclave = e as ClockEnclave;
    // the lowest heap addresses were added first, so they are the first evicted: out pages first
    const fromOut = Math.min(pages, e.out[HEAP]);
    e.out[HEAP] -= fromOut;
    e.out[HOT] += fromOut;
    let left = Math.min(pages - fromOut, e.committed[HEAP] - fromOut - e.out[HEAP]);
    e.committed[HEAP] -= fromOut + left;
    e.committed[HOT] += fromOut + left;
    for (let i = 0; i < enclave.extents.length && left > 0; i++) {
      const x = enclave.extents[i];
      if (x.kind !== HEAP) continue;
      if (x.pages > left) {
        // the rest of this extent stays cold, just after it
        const rest = new Extent(enclave, HEAP, x.pages - left, x.accessed);
        this.insertAfter(x, rest);
        enclave.extents.splice(i + 1, 0, rest);
        x.pages = left;
      }
      x.kind = HOT;
      left -= x.pages;
    }
  }

  remove(e: EnclavePages): number {
    const enclave = e as ClockEnclave;
    for (const x of enclave.extents) {
      this.unlink(x);
      this.resident -= x.pages;
    }
    enclave.extents.length = 0;
    const dropped = e.out[CODE] + e.out[HOT] + e.out[HEAP];
    this.out -= dropped;
    this.committed -= e.committed[CODE] + e.committed[HOT] + e.committed[HEAP];
    e.committed.fill(0);
    e.out.fill(0);
    return dropped;
  }

  reclaim(): number {
    const evicted = this.evictedByTouches + this.evict();
    this.evictedByTouches = 0;
    return evicted;
  }

  /** The hand: evicts until the EPC holds at most its capacity. */
  private evict(): number {
    let need = this.resident - this.capacity;
    if (need <= 0) return 0;
    const evicted = need;
    while (need > 0) {
      const x = this.head!;
      if (x.accessed) {
        // second chance: its bit cleared, to the tail
        this.unlink(x);
        x.accessed = false;
        this.link(x);
        continue;
      }
      const k = Math.min(need, x.pages);
      x.pages -= k;
      x.enclave.out[x.kind] += k;
      need -= k;
      if (x.pages === 0) this.drop(x);
    }
    this.resident -= evicted;
    this.out += evicted;
    return evicted;
  }

  /** A new extent at the tail, or more pages for the tail's when it is of the same enclave, kind and bit. */
  private append(e: ClockEnclave, kind: PageKind, pages: number, accessed: boolean): void {
    const t = this.tail;
    if (t !== null && t.enclave === e && t.kind === kind && t.accessed === accessed) {
      t.pages += pages;
      return;
    }
    const x = new Extent(e, kind, pages, accessed);
    e.extents.push(x);
    this.link(x);
  }

  /** Links `x` at the tail, merged into the tail's extent when they are alike (it leaves its enclave's list then). */
  private link(x: Extent): void {
    const t = this.tail;
    if (t !== null && t.enclave === x.enclave && t.kind === x.kind && t.accessed === x.accessed) {
      t.pages += x.pages;
      removeFrom(x.enclave.extents, x);
      return;
    }
    x.prev = t;
    x.next = null;
    if (t !== null) t.next = x;
    else this.head = x;
    this.tail = x;
  }

  private insertAfter(x: Extent, y: Extent): void {
    y.prev = x;
    y.next = x.next;
    if (x.next !== null) x.next.prev = y;
    else this.tail = y;
    x.next = y;
  }

  private unlink(x: Extent): void {
    if (x.prev !== null) x.prev.next = x.next;
    else this.head = x.next;
    if (x.next !== null) x.next.prev = x.prev;
    else this.tail = x.prev;
    x.prev = x.next = null;
  }

  /** An extent whose pages are all out leaves the list and its enclave. */
  private drop(x: Extent): void {
    this.unlink(x);
    removeFrom(x.enclave.extents, x);
  }
}

function removeFrom(list: Extent[], x: Extent): void {
  const i = list.indexOf(x);
  if (i >= 0) list.splice(i, 1);
}

/** The mean-field model: the pages out are the over-commit, spread over every enclave alike. */
export class SpreadBooks implements EpcBooks {
  committed = 0;
  /** Evictions made by reloads since the last reclaim (each reload in a full EPC evicts one page). */
  private pending = 0;
  /** The over-commit already counted as evicted. */
  out = 0;

  constructor(readonly capacity: number) {}

  open(): EnclavePages {
    return newEnclave();
  }

  add(e: EnclavePages, kind: PageKind, pages: number, _accessed: boolean): void {
    if (pages <= 0) return;
    e.committed[kind] += pages;
    this.committed += pages;
  }

  touch(e: EnclavePages): number {
    const c = this.committed;
    if (c <= this.capacity) return 0;
    const reloads = Math.round((e.committed[HOT] * (c - this.capacity)) / c);
    this.pending += reloads;
    return reloads;
  }

  heat(e: EnclavePages, pages: number): void {
    const k = Math.min(pages, e.committed[HEAP]);
    e.committed[HEAP] -= k;
    e.committed[HOT] += k;
  }

  remove(e: EnclavePages): number {
    this.committed -= e.committed[CODE] + e.committed[HOT] + e.committed[HEAP];
    e.committed.fill(0);
    const over = Math.max(0, this.committed - this.capacity);
    const dropped = this.out - over;
    this.out = over;
    return Math.max(0, dropped);
  }

  reclaim(): number {
    const over = Math.max(0, this.committed - this.capacity);
    const evicted = this.pending + (over - this.out);
    this.pending = 0;
    this.out = over;
    return evicted;
  }
}

export const RECLAIMS = ['clock', 'spread'] as const;
export type Reclaim = (typeof RECLAIMS)[number];

/** The books of one invoker's EPC (`capacity` pages) under a reclaim model: a Record, so a new model must say its books. */
export const EPC_BOOKS: Record<Reclaim, (capacity: number) => EpcBooks> = {
  clock: (capacity) => new ClockBooks(capacity),
  spread: (capacity) => new SpreadBooks(capacity),
};
