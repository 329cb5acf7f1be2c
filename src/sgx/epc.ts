/**
 * The EPC of one invoker: every enclave's committed pages, from creation to removal, against the
 * EPC's size. Above it the EPC is over-committed: the pages past it are out (evicted).
 */
export class EpcAccount {
  private committed = 0;
  private count = 0;
  /** Pages evicted and reloaded since the start, for the metrics. */
  pagedOut = 0;
  pagedIn = 0;

  constructor(readonly epcPages: number) {}

  get committedPages(): number {
    return this.committed;
  }
  get enclaves(): number {
    return this.count;
  }
  /** Pages of the EPC not committed to any enclave. */
  get freePages(): number {
    return Math.max(0, this.epcPages - this.committed);
  }
  /** Committed pages that cannot be in the EPC at once. */
  get overCommitPages(): number {
    return Math.max(0, this.committed - this.epcPages);
  }

  /** Whether `pages` more fit without paging (for `paging: avoid`). */
  fits(pages: number): boolean {
    return this.committed + pages <= this.epcPages;
  }

  /** A new enclave with `pages` committed; returns the pages it evicts to make room. */
  addEnclave(pages: number): number {
    this.count++;
    return this.commit(pages);
  }

  /** More pages for a live enclave (augmentation); returns the pages evicted to make room. */
  commit(pages: number): number {
    const before = this.overCommitPages;
    this.committed += pages;
    const evicted = this.overCommitPages - before;
    this.pagedOut += evicted;
    return evicted;
  }

  /** An execution reloaded `pages`, each evicting another. */
  reloaded(pages: number): void {
    this.pagedIn += pages;
    this.pagedOut += pages;
  }

  /** An enclave removed with all its pages (evicted ones are dropped, not reloaded). */
  removeEnclave(pages: number): void {
    if (this.count <= 0 || pages > this.committed) throw new Error('EPC: removing an enclave that was never added');
    this.count--;
    this.committed -= pages;
  }
}
