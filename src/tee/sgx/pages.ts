/** EPC pages: SGX commits, loads, evicts and augments memory in 4 KiB pages (Intel SDM vol. 3D). */
export const PAGE_KIB = 4;
export const PAGES_PER_MIB = 1024 / PAGE_KIB;

/** Pages that hold `miB` (a partly used page is a whole page). */
export function pagesOfMiB(miB: number): number {
  return Math.ceil(miB * PAGES_PER_MIB - 1e-9);
}

export function miBOfPages(pages: number): number {
  return pages / PAGES_PER_MIB;
}
