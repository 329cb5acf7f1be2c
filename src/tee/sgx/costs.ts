/**
 * Pure cost models of SGX start-up and execution (docs/sgx.md). Every cost is a hardware
 * profile's per-page, per-fault or per-transition figure times a count; the counts are exact.
 */
import type { SgxMachine, SgxVersion } from './hardware.js';
import type { EnclaveSpec } from './settings.js';
import { pagesOfMiB } from './pages.js';
import type { Measured } from './runtimes.js';

export interface Creation {
  seconds: number;
  /** Pages EADDed (and EEXTENDed) at creation: committed from now on. */
  loadedPages: number;
  /** Pages evicted to make room: those loaded past the free EPC. */
  evictedPages: number;
}

/** Heap pages committed at creation: v1 the whole heap; v2 the initial heap (at most the heap). */
export function heapPagesAtCreation(version: SgxVersion, heapMiB: number, initialHeapMiB: number): number {
  return pagesOfMiB(version === 'v1' ? heapMiB : Math.min(initialHeapMiB, heapMiB));
}

/** Pages committed at creation: v1 the code and the whole heap; v2 the code and the initial heap (at most the heap). */
export function pagesAtCreation(version: SgxVersion, enclave: Pick<EnclaveSpec, 'codeMiB' | 'heapMiB'>, initialHeapMiB: number): number {
  return pagesOfMiB(enclave.codeMiB) + heapPagesAtCreation(version, enclave.heapMiB, initialHeapMiB);
}

/**
 * Seconds of a creation that adds `codePages` (always measured: EADD + EEXTEND) and `heapPages`
 * (measured too, or with `measured: code` only added: EADD), evicting `evictedPages` (EWB) to
 * make room past the free EPC.
 */
export function creationSeconds(profile: SgxMachine, codePages: number, heapPages: number, measured: Measured, evictedPages: number): number {
  const heapPage = measured === 'all' ? profile.pageLoadSeconds : profile.pageAddSeconds;
  return profile.createFixedSeconds + codePages * profile.pageLoadSeconds + heapPages * heapPage + evictedPages * profile.pageEvictSeconds;
}

/**
 * Enclave creation alone on an EPC with `freeEpcPages` free: the fixed cost, every committed page
 * added, and past the free EPC each further page evicts one (the knee of the measured curve).
 * `measured` defaults to every page (the SGX SDK's enclaves, which the measurements are of).
 */
export function creation(profile: SgxMachine, version: SgxVersion, enclave: Pick<EnclaveSpec, 'codeMiB' | 'heapMiB'> & { measured?: Measured }, initialHeapMiB: number, freeEpcPages: number): Creation {
  const codePages = pagesOfMiB(enclave.codeMiB);
  const heapPages = heapPagesAtCreation(version, enclave.heapMiB, initialHeapMiB);
  const loadedPages = codePages + heapPages;
  const evictedPages = Math.max(0, loadedPages - Math.max(0, freeEpcPages));
  return { seconds: creationSeconds(profile, codePages, heapPages, enclave.measured ?? 'all', evictedPages), loadedPages, evictedPages };
}

export interface Augmentation {
  faults: number;
  /** Pages committed by the faults (a batch may commit pages never touched). */
  pages: number;
  /** Committed but not touched: they hold EPC all the same. */
  wastedPages: number;
  seconds: number;
}

/**
 * SGXv2 augmentation of `touchedPages` heap pages not yet committed, in faults of `batchPages`;
 * a batch never goes past the heap (`roomPages` uncommitted heap pages). One page a fault pays
 * the demand path (fault included); a batch pays one fault and the batched cost per page
 * (calibration.md: per page t_fault / B + t_page_batched).
 */
export function augmentation(profile: SgxMachine, batchPages: number, touchedPages: number, roomPages: number): Augmentation {
  const costs = profile.augment;
  if (costs === null) throw new Error(`hardware profile ${profile.name} has no SGX2: nothing can be augmented`);
  if (touchedPages <= 0) return { faults: 0, pages: 0, wastedPages: 0, seconds: 0 };
  const faults = Math.ceil(touchedPages / batchPages);
  const pages = Math.max(touchedPages, Math.min(faults * batchPages, roomPages));
  const seconds = batchPages === 1 ? faults * costs.pageDemandSeconds : faults * costs.faultSeconds + pages * costs.pageBatchedSeconds;
  return { faults, pages, wastedPages: pages - touchedPages, seconds };
}

/** Seconds of `reloads` page reloads (ELDU) and `evictions` (EWB). */
export function pagingSeconds(profile: SgxMachine, reloads: number, evictions: number): number {
  return reloads * profile.pageReloadSeconds + evictions * profile.pageEvictSeconds;
}

/** The body inside the enclave: slowed by the runtime, plus the transitions of one request. */
export function executionSeconds(profile: SgxMachine, bodySeconds: number, runtimeFactor: number, transitionsPerRequest: number): number {
  return bodySeconds * runtimeFactor + transitionsPerRequest * profile.transitionSeconds;
}

/**
 * Pages an enclave holds once its working set is committed: v1 everything at creation; v2 the
 * creation's pages plus the augmentation of the working set beyond the initial heap.
 */
export function pagesWhenWarm(version: SgxVersion, enclave: Pick<EnclaveSpec, 'codeMiB' | 'heapMiB' | 'workingSetMiB'>, initialHeapMiB: number, batchPages: number): number {
  const atCreation = pagesAtCreation(version, enclave, initialHeapMiB);
  if (version === 'v1') return atCreation;
  const initialPages = pagesOfMiB(Math.min(initialHeapMiB, enclave.heapMiB));
  const touched = Math.max(0, pagesOfMiB(enclave.workingSetMiB) - initialPages);
  const room = pagesOfMiB(enclave.heapMiB) - initialPages;
  const faults = Math.ceil(touched / batchPages);
  return atCreation + (touched === 0 ? 0 : Math.max(touched, Math.min(faults * batchPages, room)));
}
