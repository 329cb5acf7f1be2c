import { describe, expect, test } from '@jest/globals';
import { batchArrivalSingleServer } from '../../../src/metrics/queueing.js';
import { runReplication } from '../../../src/run/run.js';
import { runTimeseriesColumns } from '../../../src/run/platform.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { hardwareProfile as anyProfile } from '../../../src/layers/index.js';
import { sgxMachine } from '../../../src/tee/sgx/hardware.js';
import { PAGES_PER_MIB } from '../../../src/tee/sgx/pages.js';

/** A shipped profile with SGX, as the SGX code takes it. */
const hardwareProfile = (name: string) => sgxMachine(anyProfile(name));

const load = (text: string) => parseScenario(text, 'sgx-run.yaml');
/** One replication, with the time-series rows it streams kept (the CLI streams them to a file). */
const run = async (text: string, variant?: string) => {
  const runs = load(text).runs.filter((r) => variant === undefined || r.variant === variant);
  const timeseries: Record<string, number | string>[] = [];
  const result = await runReplication(runs[0], 1, { timeseries: { row: (_spec, _replication, row) => timeseries.push(row) } });
  return { ...result, timeseries };
};

/**
 * N clients that each send once at time 0 (then think for an hour): N simultaneous cold starts
 * of one function on one invoker. Every OpenWhisk latency is 0 but docker run; start-up costs are
 * constants, so the quote requests reach the quoting enclave together.
 */
const storm = (n: number, attestation = 'dcap') => `name: storm
duration: 100s
hardware: icelake-sp
platform:
  kind: openwhisk
  invokers: 1
  userMemory: ${n * 256}MiB
  cores: unlimited
  parallelContainerCreations: ${n}
  latencies: { controller: 0, publish: 0, kafka: 0, dockerRun: 500ms, inspect: 0, init: 0, runOverhead: 0, pause: 0, resume: 0, remove: 0, logCollection: 0, resultAck: 0, completionAck: 0 }
  prewarm: { stemCells: [] }
  security: { mode: sgx, sgx: v2, runtimeStart: 100ms, attestation: ${attestation}, dcap: { verification: 1ms, keyService: 4ms } }
functions:
  - { name: f, exec: 10ms, enclave: { code: 4MiB, heap: 64MiB, workingSet: 8MiB } }
workload:
  - { function: f, arrivals: { closedLoop: { clients: ${n}, think: 1h } } }
`;

describe('attestation storm: the quoting enclave serves one quote at a time per invoker', () => {
  test.each([1, 5, 20])('%d simultaneous cold starts: mean attestation and wait follow the closed form of a FIFO single server', async (n) => {
    const r = await run(storm(n));
    const quote = hardwareProfile('icelake-sp').quoteSeconds;
    const closed = batchArrivalSingleServer(n, quote);
    expect(r.metrics['enclave.starts']).toBe(n);
    expect(r.metrics['starts.cold']).toBe(n);
    expect(r.metrics['attestation.wait.mean']).toBeCloseTo(closed.meanWaitSeconds, 9);
    expect(r.metrics['attestation.mean']).toBeCloseTo(closed.meanTimeSeconds + 0.005, 9);
    // The last start-up waits for all the quotes before it: p99 is the longest for n >= 100 only, so check the mean's parts.
    expect(r.metrics['latency.breakdown.attestation']).toBeCloseTo(closed.meanTimeSeconds + 0.005, 9);
    expect(r.metrics['enclave.startup.mean']).toBeCloseTo(r.metrics['enclave.create.mean'] + 0.1 + closed.meanTimeSeconds + 0.005, 9);
  });

  test('attestation: none costs nothing and records no attestation', async () => {
    const r = await run(storm(5, 'none'));
    expect(r.metrics['latency.breakdown.attestation']).toBe(0);
    expect(r.metrics['attestation.mean']).toBeNaN();
  });
});

/** Two functions on one invoker: a once at 0 s, b every 2 s from 2 s, on one invoker with a 94 MiB EPC; heaps as given. */
const pair = (heap: string, paging = 'allow', sgx = 'v1', reclaim = 'clock') => `name: pair
duration: 10s
hardware: gemini-lake-j5005
platform:
  kind: openwhisk
  invokers: 1
  userMemory: 512MiB
  pauseGrace: 10s
  prewarm: { stemCells: [] }
  security: { mode: sgx, sgx: ${sgx}, paging: ${paging}, reclaim: ${reclaim} }
functions:
  - { name: a, exec: 10ms, enclave: { code: 4MiB, heap: ${heap}, workingSet: 8MiB } }
  - { name: b, exec: 10ms, enclave: { code: 4MiB, heap: ${heap}, workingSet: 8MiB } }
workload:
  - { function: a, arrivals: { closedLoop: { clients: 1, think: 1h } } }
  - { function: b, arrivals: { constant: 0.5/s } }
`;

describe('the EPC of an invoker', () => {
  test('two enclaves that together exceed the EPC page; the same two below it do not', async () => {
    const below = await run(pair('40MiB'));
    const above = await run(pair('50MiB'));
    const spread = await run(pair('50MiB', 'allow', 'v1', 'spread'));
    for (const r of [below, above]) expect(r.metrics['enclave.starts']).toBeGreaterThanOrEqual(2);
    expect([below.metrics['epc.pagedOut'], below.metrics['epc.pagedIn'], below.metrics['latency.breakdown.paging']]).toEqual([0, 0, 0]);
    // 2 x 54 MiB in 94 MiB: the second start-up evicts 14 MiB, and b's runs keep its working set: what goes is idle a's
    expect(above.metrics['epc.pagedOut']).toBeGreaterThanOrEqual(14 * PAGES_PER_MIB);
    expect(above.metrics['epc.pagedIn']).toBe(0);
    expect(above.metrics['epc.used.max']).toBe(108);
    // spread: every run of b reloads its share of the over-commit
    expect(spread.metrics['epc.pagedIn']).toBeGreaterThan(0);
    expect(spread.metrics['latency.breakdown.paging']).toBeGreaterThan(0);
  });

  test('with paging: avoid nothing pages: the pool evicts the idle enclave to make room', async () => {
    const r = await run(pair('50MiB', 'avoid'));
    expect([r.metrics['epc.pagedOut'], r.metrics['epc.pagedIn'], r.metrics['latency.breakdown.paging']]).toEqual([0, 0, 0]);
    expect(r.metrics.evictions).toBeGreaterThanOrEqual(1);
    expect(r.metrics['epc.used.max']).toBeLessThanOrEqual(94);
    expect(r.metrics.rejectedTotal).toBe(0);
  });

  test('SGXv2 augments the working set on the first execution only: faults = ceil(pages / batch)', async () => {
    const r = await run(pair('40MiB', 'allow', 'v2'));
    // each enclave: 8 MiB touched, 1 MiB committed at start: 7 MiB = 1792 pages in batches of 64 = 28 faults
    const starts = r.metrics['enclave.starts'];
    expect(r.metrics['augment.faults']).toBe(28 * starts);
    expect(r.metrics['augment.pages']).toBe(1792 * starts);
    expect(r.metrics['augment.wastedPages']).toBe(0);
    expect(r.metrics['starts.warm']).toBeGreaterThan(0);
  });
});

describe('a secure run keeps the simulator honest', () => {
  // c has no enclave: it gets models/sgx.yaml's sizes
  const text = `name: busy
duration: 60s
warmup: 10s
seed: 11
hardware: { profile: gemini-lake-j5005, epc: 64MiB }
platform:
  kind: openwhisk
  invokers: 2
  security: { mode: sgx, sgx: v2, augmentBatch: 16 }
functions:
  - { name: a, exec: { dist: exponential, mean: 30ms }, enclave: { code: 8MiB, heap: 64MiB, workingSet: 24MiB } }
  - { name: b, exec: { dist: exponential, mean: 20ms }, memory: 128MiB, enclave: { code: 4MiB, heap: 32MiB, workingSet: 8MiB } }
  - { name: c, exec: 5ms }
workload:
  - { function: a, arrivals: { poisson: 15/s } }
  - { function: b, arrivals: { mmpp: { on: 40/s, off: 2/s, onMean: 5s, offMean: 10s } } }
  - { function: c, arrivals: { poisson: 5/s } }
`;


  test('same seed, same result; conservation: arrived = finished + rejected + in flight', async () => {
    const [r1, r2] = [await run(text), await run(text)];
    expect(r2.metrics).toEqual(r1.metrics);
    expect(r2.timeseries).toEqual(r1.timeseries);
    const m = r1.metrics;
    expect(m.arrived).toBe(m.finishedTotal + m.rejectedTotal + m.inFlight);
    expect(m['enclave.starts']).toBeGreaterThan(0);
  });

  test('every part of the breakdown, native and SGX, adds up to the mean blocking response time', async () => {
    const m = (await run(text)).metrics;
    // every part the run reports: native, SGX's, and the stretch by sharing the cores
    const parts = Object.keys(m).filter((k) => k.startsWith('latency.breakdown.'));
    expect(parts).toEqual(expect.arrayContaining(['enclaveCreate', 'runtimeStart', 'attestation', 'augment', 'paging', 'cpuContention'].map((p) => `latency.breakdown.${p}`)));
    const sum = parts.reduce((s, p) => s + m[p], 0);
    expect(sum).toBeCloseTo(m['latency.mean'], 9);
    for (const p of ['enclaveCreate', 'runtimeStart', 'attestation', 'augment']) expect(m[`latency.breakdown.${p}`]).toBeGreaterThan(0);
  });

  test('the time series gains epcUsedMiB, enclaves and pagedOutPerSecond per invoker', async () => {
    const r = await run(text);
    const rows = r.timeseries;
    // the columns the run declares for timeseries.csv's header before any row is sampled
    expect(runTimeseriesColumns(load(text).runs[0])?.columns.slice(-3)).toEqual(['epcUsedMiB', 'enclaves', 'pagedOutPerSecond']);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) for (const col of ['epcUsedMiB', 'enclaves', 'pagedOutPerSecond']) expect(typeof row[col]).toBe('number');
    expect(Math.max(...rows.map((row) => row.enclaves as number))).toBeGreaterThan(0);
    expect(Math.max(...rows.map((row) => row.epcUsedMiB as number))).toBeGreaterThan(0);
  });
});
