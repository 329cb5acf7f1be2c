/**
 * The page-exact reference of EPC reclaim (issue 18 item 3): every page of every enclave with its
 * own accessed bit, one list of the pages in the EPC, and a hand that sweeps it, as the Linux SGX
 * drivers do (docs/calibration.md#paging-reclaim-kernel). Nothing else: no extents, no counts kept
 * aside. The production books (src/tee/sgx/epc-books.ts) must agree with it.
 *
 * The same rules as the books: pages enter at the tail (added, or reloaded when a run touches
 * them); while the EPC holds more than its capacity the hand takes the head, gives an accessed
 * page a second chance (bit cleared, to the tail) and evicts the others.
 */
import { CODE, HEAP, HOT, type PageKind } from '../../../src/tee/sgx/epc-books.js';

interface Page {
  enclave: OracleEnclave;
  kind: PageKind;
  resident: boolean;
  accessed: boolean;
  /** Still in the enclave (false once the enclave is removed). */
  live: boolean;
}

export interface OracleEnclave {
  pages: Page[];
}

export class EpcOracle {
  pagedIn = 0;
  pagedOut = 0;
  dropped = 0;
  /** The EPC's pages in list order; removed or evicted pages are skipped when the hand meets them. */
  private list: Page[] = [];
  private head = 0;
  private resident = 0;

  constructor(readonly capacity: number) {}

  open(): OracleEnclave {
    return { pages: [] };
  }

  add(e: OracleEnclave, kind: PageKind, count: number, accessed: boolean): void {
    for (let i = 0; i < count; i++) {
      const page: Page = { enclave: e, kind, resident: true, accessed, live: true };
      e.pages.push(page);
      this.enter(page);
    }
  }

  /**
   * Every hot page touched once: those out first, reloaded in address order and accessed, then the
   * hand makes room; a hot page not touched yet that the hand evicts is out, and reloaded in turn;
   * at the end, those not touched yet are accessed where they are.
   */
  touch(e: OracleEnclave): number {
    const pending = new Set(e.pages.filter((p) => p.kind === HOT));
    let reloads = 0;
    for (;;) {
      const out = e.pages.filter((p) => pending.has(p) && !p.resident);
      if (out.length === 0) break;
      for (const p of out) {
        pending.delete(p);
        p.resident = true;
        p.accessed = true;
        this.enter(p);
        reloads++;
      }
      this.evictedByTouches += this.evict();
    }
    for (const p of pending) p.accessed = true;
    this.pagedIn += reloads;
    return reloads;
  }

  /** The lowest-addressed `count` never-touched heap pages become hot. */
  heat(e: OracleEnclave, count: number): void {
    for (const p of e.pages) {
      if (count === 0) return;
      if (p.kind !== HEAP) continue;
      p.kind = HOT;
      count--;
    }
  }

  remove(e: OracleEnclave): number {
    let dropped = 0;
    for (const p of e.pages) {
      p.live = false;
      if (p.resident) this.resident--;
      else dropped++;
    }
    this.dropped += dropped;
    return dropped;
  }

  private evictedByTouches = 0;

  reclaim(): number {
    const evicted = this.evictedByTouches + this.evict();
    this.evictedByTouches = 0;
    this.pagedOut += evicted;
    return evicted;
  }

  private evict(): number {
    let evicted = 0;
    while (this.resident > this.capacity) {
      const p = this.list[this.head++];
      if (!p.live || !p.resident) continue;
      if (p.accessed) {
        p.accessed = false;
        this.list.push(p);
        continue;
      }
      p.resident = false;
      this.resident--;
      evicted++;
    }
    if (this.head > 4096 && this.head * 2 > this.list.length) {
      this.list = this.list.slice(this.head);
      this.head = 0;
    }
    return evicted;
  }

  /** Pages out, by kind, of one enclave. */
  outOf(e: OracleEnclave): number[] {
    const out = [0, 0, 0, 0];
    for (const p of e.pages) if (p.live && !p.resident) out[p.kind]++;
    return out;
  }

  private enter(p: Page): void {
    this.list.push(p);
    this.resident++;
  }
}

export { CODE, HEAP, HOT };
