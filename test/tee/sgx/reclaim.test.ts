import { describe, expect, test } from '@jest/globals';
import { hardwareProfile as anyProfile } from '../../../src/layers/index.js';
import { sgxMachine } from '../../../src/tee/sgx/hardware.js';
import { PAGES_PER_MIB } from '../../../src/tee/sgx/pages.js';
import { fn, ZERO } from '../../openwhisk/harness.js';
import { sgxRun, withEnclave, type EnclaveSpec } from './sgx-harness.js';

/** A shipped profile with SGX, as the SGX code takes it. */
const hardwareProfile = (name: string) => sgxMachine(anyProfile(name));

// EPC reclaim through the SGX hook on a bare OpenWhisk (issue 18): pages taken when added, evicted
// by second chance (`clock`) or spread over every enclave (`spread`), dropped at removal. One
// J5005-class invoker: a 94 MiB EPC (24,064 pages), 31 us to load a page, 21 us to evict, 27 us to reload.

const j5005 = hardwareProfile('gemini-lake-j5005');
const EPC = j5005.epcMiB * PAGES_PER_MIB;
const PLATFORM = { ...ZERO, invokers: 1, userMemory: '16GiB', actionMemory: { min: '128MiB', max: '4GiB' } };
const STARTUP = { sgx: 'v1', runtimeStart: '10ms', dcap: { verification: '1ms', keyService: '4ms' } };
const RECLAIMS = ['clock', 'spread'] as const;

const run = (functions: ReturnType<typeof withEnclave>[], reclaim: string, security: Record<string, unknown> = {}) =>
  sgxRun(PLATFORM, functions, { ...STARTUP, reclaim, ...security }, { hardware: j5005 });
const count = (h: ReturnType<typeof run>, name: string) => h.recorder.counts.get(name) ?? 0;

/** At every instant what went out and neither came back nor left with its enclave is out. */
function expectConservation(h: ReturnType<typeof run>) {
  const books = h.sgx.books(h.ow.invokers[0]);
  expect(count(h, 'epc.pagedOut') - count(h, 'epc.pagedIn') - count(h, 'epc.dropped')).toBe(books.out);
  expect(books.committed).toBe(h.ow.invokers[0].pool.ledger.resources[1].used);
}

describe('one warm enclave alone (SGXv1, 1 GiB heap, the same 16 MiB each request)', () => {
  const big: EnclaveSpec = { codeMiB: 1, heapMiB: 1024, workingSetMiB: 16 };
  const warm = (reclaim: string) => {
    const h = run([withEnclave('f', 0.02, big, 2048)], reclaim);
    h.at(0, 0);
    const warmRuns = Array.from({ length: 10 }, (_, i) => h.at(60 + 10 * i, 0));
    h.sim.run(200);
    expectConservation(h);
    return { h, warmRuns };
  };

  test('clock: the first run reloads its working set (evicted while the heap was added), then nothing pages', () => {
    const { h, warmRuns } = warm('clock');
    expect(count(h, 'epc.pagedIn')).toBe(16 * PAGES_PER_MIB);
    for (const a of warmRuns) expect(a.response - a.arrival).toBeCloseTo(0.02 + 2 * j5005.transitionSeconds, 12);
  });

  test('spread: every warm run reloads the paged-out share of its working set (~179 ms on this machine)', () => {
    const { h, warmRuns } = warm('spread');
    const committed = (1 + 1024) * PAGES_PER_MIB;
    const reloads = Math.round((16 * PAGES_PER_MIB * (committed - EPC)) / committed);
    const paging = reloads * (j5005.pageReloadSeconds + j5005.pageEvictSeconds);
    expect(paging).toBeCloseTo(0.1786, 3);
    for (const a of warmRuns) expect(a.response - a.arrival).toBeCloseTo(0.02 + paging + 2 * j5005.transitionSeconds, 9);
  });
});

describe('EPC is taken when pages are added, not at admission', () => {
  test.each(RECLAIMS)('%s: four 72 MiB enclaves created at once on an empty 94 MiB EPC evict exactly the 49,664 pages over it', (reclaim) => {
    const e: EnclaveSpec = { codeMiB: 8, heapMiB: 64, workingSetMiB: 1 };
    const h = run([0, 1, 2, 3].map((i) => withEnclave(`f${i}`, 0.01, e)), reclaim);
    for (let i = 0; i < 4; i++) h.at(0, i);
    h.sim.run(0.001); // every creation has added its pages, none has run
    expect(count(h, 'epc.pagedOut')).toBe(4 * 72 * PAGES_PER_MIB - EPC);
    expect(count(h, 'epc.pagedOut')).toBe(49_664);
    expectConservation(h);
  });

  test('a removed enclave drops its pages that were out: never reloaded, no longer counted out', () => {
    const e: EnclaveSpec = { codeMiB: 8, heapMiB: 64, workingSetMiB: 1 };
    const h = sgxRun({ ...PLATFORM, pauseGrace: '1s', idleContainer: '5s' }, [0, 1].map((i) => withEnclave(`f${i}`, 0.01, e)), { ...STARTUP, reclaim: 'clock' }, { hardware: j5005 });
    h.at(0, 0);
    h.at(0, 1);
    h.sim.run(60);
    const books = h.sgx.books(h.ow.invokers[0]);
    expect(books.committed).toBe(0);
    expect(books.out).toBe(0);
    expect(count(h, 'epc.dropped')).toBe(count(h, 'epc.pagedOut') - count(h, 'epc.pagedIn'));
    expect(count(h, 'epc.dropped')).toBeGreaterThan(0);
  });
});

describe('which enclave pays: recency, not a share of the over-commit', () => {
  test('a cycle through more working set than the EPC holds reloads every step\'s working set (LRU\'s worst case)', () => {
    const ring: EnclaveSpec = { codeMiB: 1, heapMiB: 40, workingSetMiB: 40 };
    const paged = (reclaim: string) => {
      const h = run([0, 1, 2].map((i) => withEnclave(`f${i}`, 0.01, ring)), reclaim);
      for (let i = 0; i < 3; i++) h.at(0, i);
      for (let k = 0; k < 30; k++) h.at(10 + k, k % 3);
      h.sim.run(9.9);
      const before = count(h, 'epc.pagedIn');
      h.sim.run(100);
      expectConservation(h);
      return count(h, 'epc.pagedIn') - before;
    };
    expect(paged('clock')).toBe(30 * 40 * PAGES_PER_MIB);
    // spread: each run reloads the over-committed share only
    const committed = 3 * 41 * PAGES_PER_MIB;
    expect(paged('spread')).toBe(30 * Math.round((40 * PAGES_PER_MIB * (committed - EPC)) / committed));
  });

  test('a steadily used enclave among idle ones keeps its working set; the idle ones (paused: they touch nothing) lose their pages', () => {
    const hot: EnclaveSpec = { codeMiB: 1, heapMiB: 16, workingSetMiB: 16 };
    const idle: EnclaveSpec = { codeMiB: 1, heapMiB: 40, workingSetMiB: 8 };
    const paged = (reclaim: string) => {
      const h = sgxRun({ ...PLATFORM, pauseGrace: '50ms' }, [withEnclave('hot', 0.01, hot), ...[0, 1, 2, 3].map((i) => withEnclave(`idle${i}`, 0.01, idle))], { ...STARTUP, reclaim }, { hardware: j5005 });
      for (let i = 1; i <= 4; i++) h.at(0, i);
      for (let k = 0; k < 100; k++) h.at(1 + k, 0);
      h.sim.run(20);
      const before = count(h, 'epc.pagedIn');
      h.sim.run(200);
      expectConservation(h);
      return count(h, 'epc.pagedIn') - before;
    };
    expect(paged('clock')).toBe(0);
    expect(paged('spread')).toBeGreaterThan(80 * 1000); // ~1,900 pages a run
  });
});

describe('stem cells with prewarmEnclaves: the prewarmed enclave is the stem cell kind\'s runtime (scone-python: 16 MiB code, and a heap of 240 MiB: the 256 MiB limit less the code)', () => {
  const stemCells = { stemCells: [{ kind: 'python:3', memory: '256MiB', initialCount: 1 }] };
  const platform = { ...PLATFORM, userMemory: '2GiB', prewarm: stemCells };
  const python = (enclave: Record<string, unknown>) => ({ ...fn('f', 256, 0.01, 'python:3'), enclave });
  const stemPages = (16 + 240) * PAGES_PER_MIB;

  test('v1: a function of the same runtime and a heap that fits takes it as it is: nobody waits, its own working set is what its runs touch', () => {
    const h = sgxRun(platform, [python({ heap: 128, workingSet: 8 })], { ...STARTUP, prewarmEnclaves: true, reclaim: 'clock' }, { hardware: hardwareProfile('icelake-sp') });
    const a = h.at(30, 0);
    h.sim.run(100);
    expect(a.startKind).toBe('prewarm');
    expect(a.start).toBe(a.arrival);
    expect(h.recorder.counts.get('enclave.starts')).toBe(2); // the stem cell taken, and its replacement
    // the taken enclave keeps its 240 MiB heap (SGXv1 committed it); its hot pages are the function's 8 MiB
    const taken = [...(h.sgx as unknown as { enclaves: Map<unknown, { pages: { committed: Float64Array } }> }).enclaves.values()].map((e) => Array.from(e.pages.committed));
    expect(taken).toContainEqual([16 * PAGES_PER_MIB, 8 * PAGES_PER_MIB, 232 * PAGES_PER_MIB, 0]);
    expect(h.ow.invokers[0].pool.ledger.resources[1].used).toBe(2 * stemPages);
  });

  test('v1: a heap larger than the prewarmed one cannot grow: the function\'s enclave is created at /init, the prewarmed one\'s pages given back', () => {
    const h = sgxRun(platform, [python({ heap: 512 })], { ...STARTUP, prewarmEnclaves: true, reclaim: 'clock' }, { hardware: hardwareProfile('icelake-sp') });
    const a = h.at(30, 0);
    h.sim.run(100);
    expect(a.startKind).toBe('prewarm');
    expect(a.start - a.arrival).toBeGreaterThan(0.5); // 528 MiB of pages at 7.14 us, runtime, quote
    expect(h.recorder.mean('latency.breakdown.enclaveCreate')).toBeGreaterThan(0.9);
    expect(h.recorder.counts.get('enclave.starts')).toBe(3);
    expect(h.ow.invokers[0].pool.ledger.resources[1].used).toBe(stemPages + (16 + 512) * PAGES_PER_MIB);
  });

  test('v2: the taken enclave grows by augmentation (EAUG) to its function\'s working set on its first run', () => {
    const h = sgxRun(platform, [python({ heap: 128, workingSet: 8 })], { ...STARTUP, sgx: 'v2', augmentBatch: 64, prewarmEnclaves: true, reclaim: 'clock' }, { hardware: hardwareProfile('icelake-sp') });
    const a = h.at(30, 0);
    h.sim.run(100);
    expect(a.start).toBe(a.arrival);
    expect(h.recorder.counts.get('augment.faults')).toBe(Math.ceil((7 * PAGES_PER_MIB) / 64));
    const v2Stem = (16 + 1) * PAGES_PER_MIB;
    expect(h.ow.invokers[0].pool.ledger.resources[1].used).toBe(2 * v2Stem + 7 * PAGES_PER_MIB);
  });

  test('another runtime cannot take it: gramine-python\'s enclave is created at /init', () => {
    const h = sgxRun(platform, [python({ runtime: 'gramine-python' })], { ...STARTUP, prewarmEnclaves: true, reclaim: 'clock' }, { hardware: hardwareProfile('icelake-sp') });
    h.at(30, 0);
    h.sim.run(100);
    expect(h.recorder.counts.get('enclave.starts')).toBe(3);
    expect(h.ow.invokers[0].pool.ledger.resources[1].used).toBe(stemPages + (4 + 252) * PAGES_PER_MIB); // gramine-python: 4 MiB of code, the rest of 256 MiB its heap
  });
});

