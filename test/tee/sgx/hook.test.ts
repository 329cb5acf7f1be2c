import { describe, expect, test } from '@jest/globals';
import { aesGcmSeconds } from '../../../src/protocols/clemmys/costs.js';
import { pagesAtCreation } from '../../../src/tee/sgx/costs.js';
import { miBOfPages } from '../../../src/tee/sgx/pages.js';
import { ZERO } from '../../openwhisk/harness.js';
import { icelake, sgxRun, withEnclave, type EnclaveSpec } from './sgx-harness.js';

// The SGX layer alone, its hook driven through OpenWhisk's phases on a bare harness (no scenario,
// no loader): every number below is worked out from the hardware profile by hand.

/** Creation of an enclave on an empty EPC, in seconds (every page loaded, nothing evicted). */
const createSeconds = (e: EnclaveSpec, version: 'v1' | 'v2' = 'v1', initialHeapMiB = 1) => icelake.createFixedSeconds + pagesAtCreation(version, e, initialHeapMiB) * icelake.pageLoadSeconds;

const CONSTANT_STARTUP = { sgx: 'v1', runtimeStart: '10ms', dcap: { verification: '1ms', keyService: '4ms' } };

describe('the quoting enclave is a FIFO station: start-ups are served in the order they reach attestation', () => {
  test('a hand-worked trace of three interleaved start-ups', () => {
    const big: EnclaveSpec = { codeMiB: 8, heapMiB: 1024, workingSetMiB: 1 };
    const small: EnclaveSpec = { codeMiB: 1, heapMiB: 1, workingSetMiB: 1 };
    const h = sgxRun({ ...ZERO, invokers: 1, userMemory: '8GiB', actionMemory: { min: '128MiB', max: '4GiB' } }, [withEnclave('big', 0.01, big, 2048), withEnclave('small', 0.01, small), withEnclave('small2', 0.01, small)], CONSTANT_STARTUP);
    const q = icelake.quoteSeconds;
    const bigReady = createSeconds(big) + 0.01; // creation, runtime start: then it asks for its quote
    const smallReady = createSeconds(small) + 0.01;
    // big at 0, small at 0.1 (asks long before big), small2 when small is being quoted
    const t2 = 0.1 + smallReady + q / 2;
    const a = [h.at(0, 0), h.at(0.1, 1), h.at(t2 - smallReady, 2)];
    h.sim.run(100);
    // small: served at once. small2: waits for the rest of small's quote. big: reaches the QE after both (1 GiB of pages)
    expect(bigReady).toBeGreaterThan(0.1 + smallReady + 2 * q);
    const waits = h.recorder.means.get('attestation.wait.mean')!;
    expect(waits[1]).toBe(3);
    expect(waits[0]).toBeCloseTo(q / 2, 12); // only small2 waited: 0 + q/2 + 0
    const verify = 0.005;
    expect(a[1].start - a[1].arrival).toBeCloseTo(smallReady + q + verify, 12);
    expect(a[2].start - a[2].arrival).toBeCloseTo(smallReady + q / 2 + q + verify, 12);
    expect(a[0].start - a[0].arrival).toBeCloseTo(bigReady + q + verify, 12);
  });

  test('the quote probe of issue 16: a small enclave behind a 1 GiB one answers as if alone', () => {
    const big: EnclaveSpec = { codeMiB: 8, heapMiB: 1024, workingSetMiB: 1 };
    const small: EnclaveSpec = { codeMiB: 1, heapMiB: 1, workingSetMiB: 1 };
    const h = sgxRun({ ...ZERO, invokers: 1, userMemory: '8GiB', actionMemory: { min: '128MiB', max: '4GiB' } }, [withEnclave('big', 0.01, big, 2048), withEnclave('small', 0.01, small)], { sgx: 'v1' });
    h.at(40, 0);
    const s = h.at(40.1, 1);
    h.sim.run(100);
    const waits = h.recorder.means.get('attestation.wait.mean')!;
    expect(waits[0]).toBe(0); // nobody waited: the big enclave is still loading pages when the small one is quoted
    expect(s.response - s.arrival).toBeLessThan(0.35); // creation ~0.02 s + runtime ~0.15 s + quote and keys ~0.04 s + 10 ms body
  });
});

describe('SGX start-up on stem cells, removal and the gauges of several invokers', () => {
  const stemCells = { stemCells: [{ kind: 'nodejs:20', memory: '256MiB', initialCount: 1 }] };
  const platform = { ...ZERO, invokers: 1, userMemory: '1GiB', prewarm: stemCells };
  const e: EnclaveSpec = { codeMiB: 4, heapMiB: 32, workingSetMiB: 1 };

  test('without prewarmEnclaves, a stem cell gets its function\'s enclave at /init: the activation waits for it, in the init part', () => {
    const h = sgxRun(platform, [withEnclave('f', 0.01, e)], CONSTANT_STARTUP);
    const a = h.at(5, 0);
    h.sim.run(100);
    expect(a.startKind).toBe('prewarm');
    const startup = createSeconds(e) + 0.01 + icelake.quoteSeconds + 0.005;
    expect(a.start - a.arrival).toBeCloseTo(startup, 12);
    expect(h.recorder.counts.get('enclave.starts')).toBe(1);
    expect(h.recorder.mean('latency.breakdown.enclaveCreate')).toBeCloseTo(createSeconds(e), 12);
    expect(h.recorder.mean('latency.breakdown.init')).toBeCloseTo(0, 12); // all of /init was the enclave's
    expect(h.ow.invokers[0].pool.ledger.resources[1].used).toBe(pagesAtCreation('v1', e, 1));
  });

  test('an idle container removed gives its EPC back and leaves the enclave count', async () => {
    const h = sgxRun({ ...platform, prewarm: { stemCells: [] }, pauseGrace: '1s', idleContainer: '5s' }, [withEnclave('f', 0.01, e)], CONSTANT_STARTUP, { sample: 1 });
    h.at(1, 0);
    h.sim.run(3);
    await h.ow.control.tick(3);
    const epc = h.ow.invokers[0].pool.ledger.resources[1];
    expect(epc.used).toBe(pagesAtCreation('v1', e, 1));
    h.sim.run(20);
    await h.ow.control.tick(20);
    expect(epc.used).toBe(0);
    const [during, after] = h.samples;
    expect([during.enclaves, after.enclaves]).toEqual([1, 0]);
    expect(during.epcUsedMiB).toBeCloseTo(miBOfPages(pagesAtCreation('v1', e, 1)), 12);
    expect(after.epcUsedMiB).toBe(0);
    h.ow.close();
  });

  test('epc.used.mean is the mean over invokers, epc.used.max the fullest invoker', () => {
    const h = sgxRun({ ...ZERO, invokers: 4, userMemory: '1GiB' }, [withEnclave('f', 0.01, e)], CONSTANT_STARTUP);
    h.at(0, 0);
    h.sim.run(10);
    const used = miBOfPages(pagesAtCreation('v1', e, 1));
    expect(h.recorder.gauges.get('epc.used.mean')!.value).toBeCloseTo(used / 4, 12);
    expect(h.recorder.gauges.get('epc.used.max')!.value).toBeCloseTo(used, 12);
  });
});

describe('the Clemmys hook beside the SGX one', () => {
  test('enclaveCrypto.slowdown multiplies the crypto inside the enclave, and only it', () => {
    const functions = [{ ...withEnclave('f', 0.01, { codeMiB: 1, heapMiB: 4, workingSetMiB: 1 }), inputBytes: 65536, outputBytes: 16384 }];
    const crypto = (slowdown: number) => {
      const h = sgxRun({ ...ZERO, invokers: 1 }, functions, CONSTANT_STARTUP, { clemmys: { enclaveCrypto: { slowdown } } });
      const a = h.at(1, 0);
      const b = h.at(10, 0); // warm
      h.sim.run(100);
      return { part: h.recorder.mean('latency.breakdown.crypto'), warm: b.response - b.arrival, cold: a };
    };
    const aes = aesGcmSeconds(icelake, 65536) + aesGcmSeconds(icelake, 16384);
    const one = crypto(1);
    const three = crypto(3);
    expect(one.part).toBeCloseTo(aes, 15);
    expect(three.part).toBeCloseTo(3 * aes, 15);
    expect(three.warm - one.warm).toBeCloseTo(2 * aes, 12);
  });
});

describe('runtime profiles at start-up', () => {
  test('a library OS (gramine-python) adds its heap without measuring it: code at pageLoad, heap at pageAdd; its runtime starts as its profile says', () => {
    const f = { ...withEnclave('f', 0.01, { codeMiB: 1, heapMiB: 1, workingSetMiB: 1 }), enclave: { runtime: 'gramine-python' } };
    const h = sgxRun({ ...ZERO, invokers: 1, userMemory: '2GiB' }, [f], { sgx: 'v1', attestation: 'none' });
    const a = h.at(1, 0);
    h.sim.run(100);
    // 4 MiB of code; its heap the rest of the function's 256 MiB (the profile's 508 MiB does not fit)
    const create = icelake.createFixedSeconds + 4 * 256 * icelake.pageLoadSeconds + 252 * 256 * icelake.pageAddSeconds;
    expect(h.recorder.mean('latency.breakdown.enclaveCreate')).toBeCloseTo(create, 12);
    // the same sizes measured (an SDK enclave) cost pageLoad for every page
    expect(create).toBeLessThan(icelake.createFixedSeconds + 256 * 256 * icelake.pageLoadSeconds);
    const runtime = h.recorder.mean('latency.breakdown.runtimeStart');
    expect(runtime).toBeGreaterThan(0.1); // lognormal, mean 400 ms
    expect(a.start - a.arrival).toBeCloseTo(create + runtime, 9);
  });
});
