import { describe, expect, test } from '@jest/globals';
import { augmentation, creation, creationSeconds, executionSeconds, pagingSeconds } from '../../../src/tee/sgx/costs.js';
import { hardwareProfile as anyProfile } from '../../../src/layers/index.js';
import { sgxMachine } from '../../../src/tee/sgx/hardware.js';
import { PAGES_PER_MIB } from '../../../src/tee/sgx/pages.js';

/** A shipped profile with SGX, as the SGX code takes it. */
const hardwareProfile = (name: string) => sgxMachine(anyProfile(name));

const j5005 = hardwareProfile('gemini-lake-j5005');
const icelake = hardwareProfile('icelake-sp');

/**
 * VXAPPS/sgx-benchmark's enclave: HeapMaxSize of the named size and a 1 MiB stack
 * (StackMaxSize 0x100000), code a few pages: code 1 MiB here. Nothing else is on the machine,
 * so the whole EPC is free.
 */
const benchmarkEnclave = (heapMiB: number) => ({ codeMiB: 1, heapMiB });
const v1Seconds = (profile = j5005, heapMiB: number) =>
  creation(profile, 'v1', benchmarkEnclave(heapMiB), 0, profile.epcMiB * PAGES_PER_MIB).seconds;
const relativeError = (model: number, measured: number) => Math.abs(model - measured) / measured;

describe('enclave creation under SGXv1 against the measured create+destroy times (calibration.md)', () => {
  test.each([
    [1, 0.03],
    [80, 0.65],
    [1024, 13.25],
  ])('gemini-lake-j5005, %d MiB heap within 15 %% of %f s', (heapMiB, measured) => {
    expect(relativeError(v1Seconds(j5005, heapMiB), measured)).toBeLessThan(0.15);
  });

  test.each([
    [1, 0.01],
    [100, 0.22],
    [1024, 1.88],
  ])('icelake-sp, %d MiB heap within 15 %% of %f s', (heapMiB, measured) => {
    expect(relativeError(v1Seconds(icelake, heapMiB), measured)).toBeLessThan(0.15);
  });

  test('gemini-lake-j5005, 100 MiB, just past the 94 MiB EPC: the model is 29 % under the measured 1.2 s', () => {
    // The issue asks 25 %. With the knee at the EPC's size and the eviction cost that the 1 GB
    // point gives (21 us/page), 100 MiB is 0.85 s: the measured 1.2 s holds a jump at the knee
    // that no sourced parameter explains (docs/sgx.md). Reported, not fitted.
    const model = v1Seconds(j5005, 100);
    expect(model).toBeCloseTo(0.853, 2);
    expect(relativeError(model, 1.2)).toBeLessThan(0.3);
  });

  test('the knee: past the free EPC every page also pays an eviction; below it none does', () => {
    const slope = (from: number, to: number) => (v1Seconds(j5005, to) - v1Seconds(j5005, from)) / ((to - from) * PAGES_PER_MIB);
    expect(slope(10, 80)).toBeCloseTo(j5005.pageLoadSeconds, 12);
    expect(slope(200, 1024)).toBeCloseTo(j5005.pageLoadSeconds + j5005.pageEvictSeconds, 12);
    expect(creation(j5005, 'v1', benchmarkEnclave(80), 0, j5005.epcMiB * PAGES_PER_MIB).evictedPages).toBe(0);
    // 100 MiB heap + 1 MiB code in a 94 MiB EPC: 7 MiB of pages evicted.
    expect(creation(j5005, 'v1', benchmarkEnclave(100), 0, j5005.epcMiB * PAGES_PER_MIB).evictedPages).toBe(7 * PAGES_PER_MIB);
    // Less free EPC (other enclaves hold it): the knee comes earlier.
    expect(creation(j5005, 'v1', benchmarkEnclave(80), 0, 50 * PAGES_PER_MIB).evictedPages).toBe(31 * PAGES_PER_MIB);
  });
});

describe('enclave creation under SGXv2', () => {
  test.each([j5005, icelake])('$name: flat in the heap size from 64 MiB to 1 GiB (within 20 %), while v1 grows linearly', (profile) => {
    const enclave = (heapMiB: number) => ({ codeMiB: 8, heapMiB });
    const free = profile.epcMiB * PAGES_PER_MIB;
    const v2 = [64, 256, 1024].map((h) => creation(profile, 'v2', enclave(h), 1, free).seconds);
    for (const s of v2) expect(relativeError(s, v2[0])).toBeLessThan(0.2);
    const v1 = [64, 1024].map((h) => creation(profile, 'v1', enclave(h), 1, free).seconds);
    expect(v1[1] / v1[0]).toBeGreaterThan(8);
    // v2 loads the code and the initial heap only.
    expect(creation(profile, 'v2', enclave(1024), 1, free).loadedPages).toBe(9 * PAGES_PER_MIB);
    expect(creation(profile, 'v2', enclave(1024), 4096, free).loadedPages).toBe((8 + 1024) * PAGES_PER_MIB);
  });
});

describe('augmentation (SGXv2, batches of B pages)', () => {
  test('faults = ceil(working-set pages / B) exactly; wasted pages as counted by hand', () => {
    // 10 MiB = 2560 pages touched; the heap has room for 64 MiB.
    const room = 64 * PAGES_PER_MIB;
    expect(augmentation(j5005, 1, 2560, room)).toMatchObject({ faults: 2560, pages: 2560, wastedPages: 0 });
    expect(augmentation(j5005, 64, 2560, room)).toMatchObject({ faults: 40, pages: 2560, wastedPages: 0 });
    // 2560 / 256 = 10 faults exactly; 2560 / 1024 = 2.5 -> 3 faults committing 3072 pages, 512 never touched.
    expect(augmentation(j5005, 256, 2560, room)).toMatchObject({ faults: 10, pages: 2560, wastedPages: 0 });
    expect(augmentation(j5005, 1024, 2560, room)).toMatchObject({ faults: 3, pages: 3072, wastedPages: 512 });
    // 1000 pages in batches of 64: 16 faults (15 x 64 = 960 < 1000), 1024 pages, 24 wasted.
    expect(augmentation(j5005, 64, 1000, room)).toMatchObject({ faults: 16, pages: 1024, wastedPages: 24 });
    // A batch never goes past the heap: 1000 pages touched of a 1010-page heap, batches of 64.
    expect(augmentation(j5005, 64, 1000, 1010)).toMatchObject({ faults: 16, pages: 1010, wastedPages: 10 });
  });

  test('time: B = 1 pays the demand path per page; a batch one fault and the batched cost per page', () => {
    const a = j5005.augment!;
    expect(augmentation(j5005, 1, 100, 1000).seconds).toBeCloseTo(100 * a.pageDemandSeconds, 12);
    expect(augmentation(j5005, 4, 100, 1000).seconds).toBeCloseTo(25 * a.faultSeconds + 100 * a.pageBatchedSeconds, 12);
  });

  test.each([j5005, icelake])('$name: total time falls with the batch and levels off at the batched per-page cost', (profile) => {
    const touched = 16 * PAGES_PER_MIB; // 4096 pages: every power of two up to 1024 divides it, nothing wasted
    const batches = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
    const times = batches.map((b) => augmentation(profile, b, touched, touched).seconds);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeLessThan(times[i - 1]);
    const floor = touched * profile.augment!.pageBatchedSeconds;
    expect(times[0] / floor).toBeGreaterThan(3);
    expect(times[times.length - 1] / floor).toBeLessThan(1.01);
    // Levels off: from 1 to 4 pages a fault more than half the time goes; from 256 to 1024, under 2 %.
    expect((times[0] - times[2]) / times[0]).toBeGreaterThan(0.5);
    expect((times[8] - times[10]) / times[8]).toBeLessThan(0.02);
  });

  test('an SGX1 profile cannot augment', () => {
    expect(() => augmentation(hardwareProfile('skylake-sgx1'), 64, 10, 100)).toThrow(/no SGX2/);
  });
});

describe('paging and execution', () => {
  test('paging: a reload (ELDU) and an eviction (EWB) each at the profile\'s cost', () => {
    expect(pagingSeconds(j5005, 10, 10)).toBeCloseTo(10 * (27e-6 + 21e-6), 12);
    expect(pagingSeconds(j5005, 10, 0)).toBeCloseTo(10 * 27e-6, 12);
  });

  test('heap pages a library OS only adds (EADD) cost pageAdd, code pages always the measured pageLoad', () => {
    const measured = creationSeconds(j5005, 256, 1024, 'all', 0);
    const added = creationSeconds(j5005, 256, 1024, 'code', 0);
    expect(measured).toBeCloseTo(j5005.createFixedSeconds + 1280 * j5005.pageLoadSeconds, 12);
    expect(added).toBeCloseTo(j5005.createFixedSeconds + 256 * j5005.pageLoadSeconds + 1024 * j5005.pageAddSeconds, 12);
    expect(j5005.pageAddSeconds).toBeLessThan(j5005.pageLoadSeconds);
    expect(creationSeconds(j5005, 256, 1024, 'code', 100) - added).toBeCloseTo(100 * j5005.pageEvictSeconds, 12);
  });

  test('execution inside the enclave: the runtime factor on the body plus the transitions', () => {
    expect(executionSeconds(j5005, 0.02, 1.2, 2)).toBeCloseTo(0.024 + 2 * j5005.transitionSeconds, 12);
    expect(executionSeconds(icelake, 0.02, 1, 0)).toBe(0.02);
  });
});
