import { describe, expect, test } from '@jest/globals';
import { batchArrivalSingleServer } from '../../src/metrics/queueing.js';
import { QuotingEnclave } from '../../src/sgx/attestation.js';
import { creation, expectedReloads } from '../../src/sgx/costs.js';
import { EpcAccount } from '../../src/sgx/epc.js';
import { hardwareProfile } from '../../src/sgx/hardware.js';
import { PAGES_PER_MIB, pagesOfMiB } from '../../src/sgx/pages.js';

const j5005 = hardwareProfile('gemini-lake-j5005');
const epcPages = j5005.epcMiB * PAGES_PER_MIB;

describe('EPC per invoker', () => {
  test('two enclaves that together exceed the EPC page; the same two below it do not', () => {
    const startBoth = (heapMiB: number) => {
      const epc = new EpcAccount(epcPages);
      const enclave = { codeMiB: 4, heapMiB, workingSetMiB: 8 };
      const first = creation(j5005, 'v1', enclave, 0, epc.freePages);
      epc.addEnclave(first.loadedPages);
      const second = creation(j5005, 'v1', enclave, 0, epc.freePages);
      const evicted = epc.addEnclave(second.loadedPages);
      return { epc, first, second, evicted };
    };
    const below = startBoth(40); // 2 x 44 MiB = 88 MiB < 94 MiB
    expect([below.first.evictedPages, below.second.evictedPages, below.evicted, below.epc.pagedOut]).toEqual([0, 0, 0, 0]);
    expect(expectedReloads(pagesOfMiB(8), below.epc.committedPages, epcPages)).toBe(0);

    const above = startBoth(50); // 2 x 54 MiB = 108 MiB: the second start-up evicts 14 MiB
    expect(above.first.evictedPages).toBe(0);
    expect(above.second.evictedPages).toBe(14 * PAGES_PER_MIB);
    expect(above.evicted).toBe(above.second.evictedPages);
    expect(above.second.seconds - below.second.seconds).toBeCloseTo(10 * PAGES_PER_MIB * j5005.pageLoadSeconds + 14 * PAGES_PER_MIB * j5005.pageEvictSeconds, 9);
    // An execution touching 8 MiB reloads the over-committed share 14/108 of it.
    expect(expectedReloads(pagesOfMiB(8), above.epc.committedPages, epcPages)).toBe(Math.round((2048 * 14) / 108));

    // Removing one brings the EPC back under: nothing more pages.
    above.epc.removeEnclave(above.first.loadedPages);
    expect([above.epc.enclaves, above.epc.overCommitPages, above.epc.committedPages]).toEqual([1, 0, 54 * PAGES_PER_MIB]);
  });

  test('fits says whether pages fit without paging; augmentation that crosses the EPC evicts the excess only', () => {
    const epc = new EpcAccount(1000);
    epc.addEnclave(900);
    expect([epc.fits(100), epc.fits(101)]).toEqual([true, false]);
    expect(epc.commit(150)).toBe(50);
    expect(epc.commit(10)).toBe(10);
    epc.reloaded(5);
    expect([epc.pagedOut, epc.pagedIn]).toEqual([65, 5]);
    expect(() => epc.removeEnclave(5000)).toThrow(/never added/);
  });
});

describe('the quoting enclave: one quote at a time per invoker', () => {
  test.each([1, 2, 10, 37])('a storm of %d simultaneous requests: mean wait and time of a FIFO single server', (n) => {
    const qe = new QuotingEnclave(j5005.quoteSeconds);
    const answers = Array.from({ length: n }, () => qe.request(5));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const closed = batchArrivalSingleServer(n, j5005.quoteSeconds);
    expect(mean(answers.map((a) => a.waitSeconds))).toBeCloseTo(closed.meanWaitSeconds, 12);
    expect(mean(answers.map((a) => a.doneSeconds - 5))).toBeCloseTo(closed.meanTimeSeconds, 12);
  });

  test('a request after the queue emptied does not wait', () => {
    const qe = new QuotingEnclave(0.039);
    qe.request(0);
    expect(qe.request(0.02).waitSeconds).toBeCloseTo(0.019, 12);
    expect(qe.request(1).waitSeconds).toBe(0);
  });
});
