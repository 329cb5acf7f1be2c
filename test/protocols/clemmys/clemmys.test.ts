import { describe, expect, test } from '@jest/globals';
import { runReplication } from '../../../src/run/run.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { aesGcmSeconds } from '../../../src/protocols/clemmys/costs.js';
import { hardwareProfile as anyProfile } from '../../../src/layers/index.js';
import { sgxMachine } from '../../../src/tee/sgx/hardware.js';

/** A shipped profile with SGX, as the SGX code takes it. */
const hardwareProfile = (name: string) => sgxMachine(anyProfile(name));

const load = (text: string) => parseScenario(text, 'clemmys-run.yaml');
const run = async (text: string, variant?: string) => {
  const runs = load(text).runs.filter((r) => variant === undefined || r.variant === variant);
  return runReplication(runs[0], 1);
};
const j5005 = hardwareProfile('gemini-lake-j5005');
const KiB = 1024;

/**
 * One chain fetch -> resize -> store, called every 2 s (constant: the gateway never waits), with
 * payloads of known sizes; the gateway's per-request cost and the chain tag's check are constants.
 */
const thumbnail = `name: thumbnail
duration: 60s
warmup: 10s
hardware: gemini-lake-j5005
platform:
  kind: openwhisk
  invokers: 2
  security: { mode: clemmys, sgx: v2, gateway: { cores: 2, perRequest: 300us }, chain: { verify: 10us } }
functions:
  - { name: fetch, exec: 20ms, input: 1KiB, output: 256KiB }
  - { name: resize, exec: 50ms, output: 16KiB }
  - { name: store, exec: 10ms, output: 1KiB }
chains:
  - { name: thumbnail, steps: [fetch, resize, store] }
workload:
  - { chain: thumbnail, arrivals: { constant: 0.5/s } }
`;

describe('mode: clemmys end to end', () => {
  test('the gateway sees only a chain first request and last response; later steps verify the chain tag', async () => {
    const r = await run(thumbnail);
    const f = r.perFunction;
    const aes = (bytes: number, passes = 1) => aesGcmSeconds(j5005, bytes, passes);
    // first request: per-request cost, decrypt the client's input and re-encrypt it for the enclave
    expect(f.fetch['latency.breakdown.gateway']).toBeCloseTo(300e-6 + aes(1 * KiB, 2), 12);
    expect(f.resize['latency.breakdown.gateway']).toBe(0);
    // last response: encrypt the output for the client
    expect(f.store['latency.breakdown.gateway']).toBeCloseTo(aes(1 * KiB), 12);
    expect(r.metrics['gateway.wait.mean']).toBe(0);
    expect(f.fetch['latency.breakdown.chainVerify']).toBe(0);
    expect(f.resize['latency.breakdown.chainVerify']).toBeCloseTo(10e-6, 12);
    expect(f.store['latency.breakdown.chainVerify']).toBeCloseTo(10e-6, 12);
    // in the enclave: decrypt the input (the previous step's output), seal the output
    expect(f.fetch['latency.breakdown.crypto']).toBeCloseTo(aes(1 * KiB) + aes(256 * KiB), 12);
    expect(f.resize['latency.breakdown.crypto']).toBeCloseTo(aes(256 * KiB) + aes(16 * KiB), 12);
    expect(f.store['latency.breakdown.crypto']).toBeCloseTo(aes(16 * KiB) + aes(1 * KiB), 12);
    // the chain's latency is its steps' response times end to end (instant hand-over between steps)
    const steps = ['fetch', 'resize', 'store'].reduce((s, name) => s + f[name]['latency.mean'], 0);
    expect(r.perChain!.thumbnail['chain.latency.mean']).toBeCloseTo(steps, 9);
    expect(r.perChain!.thumbnail['chain.completed']).toBe(25);
  });

  test('payload crypto grows linearly with the payload at the profile rate, end to end', async () => {
    const sized = (bytes: number) => thumbnail.replace('input: 1KiB, output: 256KiB', `input: ${bytes}B, output: ${bytes}B`);
    const sizes = [1 * KiB, 64 * KiB, 1024 * KiB];
    const crypto: number[] = [];
    const gateway: number[] = [];
    for (const bytes of sizes) {
      const f = (await run(sized(bytes))).perFunction.fetch;
      crypto.push(f['latency.breakdown.crypto']);
      gateway.push(f['latency.breakdown.gateway']);
    }
    // the enclave: 2 passes of `bytes` (decrypt, seal); the gateway: 2 passes of the input
    sizes.forEach((bytes, i) => expect(crypto[i]).toBeCloseTo(2 * (bytes / j5005.aesGcmBytesPerSecond + j5005.aesGcmPerMessageSeconds), 12));
    const slope = (crypto[2] - crypto[0]) / (sizes[2] - sizes[0]);
    expect(slope).toBeCloseTo(2 / j5005.aesGcmBytesPerSecond, 18);
    expect((gateway[2] - gateway[0]) / (sizes[2] - sizes[0])).toBeCloseTo(2 / j5005.aesGcmBytesPerSecond, 18);
    // 1 MiB at 1.5 GiB/s, twice: 1.3 ms in the enclave
    expect(crypto[2]).toBeGreaterThan(1.2e-3);
  });

  /**
   * Chains and lone calls, Poisson, random execution times and payloads on both: every cost of the
   * path at once. 2 GiB invokers (16 containers) churn at this load with or without enclaves: 8 GiB
   * hold every container warm.
   */
  const mixed = `name: mixed
duration: 120s
warmup: 20s
seed: 5
hardware: gemini-lake-j5005
platform:
  kind: openwhisk
  invokers: 2
  userMemory: 8GiB
  security: { mode: clemmys, sgx: v2, augmentBatch: 16, gateway: { cores: 1 } }
functions:
  - { name: fetch, exec: { dist: exponential, mean: 20ms }, input: 2KiB, output: 512KiB, enclave: { code: 4MiB, heap: 32MiB, workingSet: 8MiB } }
  - { name: resize, exec: { dist: exponential, mean: 40ms }, output: 64KiB, enclave: { code: 4MiB, heap: 64MiB, workingSet: 24MiB } }
  - { name: store, exec: 10ms, output: 1KiB, enclave: { code: 4MiB, heap: 32MiB, workingSet: 4MiB } }
chains:
  - { name: thumbnail, steps: [fetch, resize, store] }
workload:
  - { chain: thumbnail, arrivals: { poisson: 8/s } }
  - { function: resize, arrivals: { poisson: 5/s } }
`;
// (store's enclave is written: its kind's runtime, scone-node, touches 32 MiB a request, and three
// functions' working sets of that size thrash the 94 MiB EPC: the platform then saturates)

  test('every part of the breakdown, native, SGX and Clemmys, adds up to the mean blocking response time', async () => {
    const m = (await run(mixed)).metrics;
    // every part the run reports: native, SGX's, Clemmys', and the stretch by sharing the cores
    const parts = Object.keys(m).filter((k) => k.startsWith('latency.breakdown.')).map((k) => k.slice('latency.breakdown.'.length));
    expect(parts).toEqual(expect.arrayContaining(['enclaveCreate', 'gateway', 'crypto', 'chainVerify', 'cpuContention']));
    const sum = parts.reduce((s, p) => s + m[`latency.breakdown.${p}`], 0);
    expect(sum).toBeCloseTo(m['latency.mean'], 9);
    for (const p of ['gateway', 'crypto', 'chainVerify']) expect(m[`latency.breakdown.${p}`]).toBeGreaterThan(0);
    expect(m['gateway.utilization']).toBeGreaterThan(0);
    expect(m['gateway.wait.mean']).toBeGreaterThan(0);
    // crypto seconds over response seconds: a share, and small at these sizes
    expect(m['crypto.time.share']).toBeGreaterThan(0);
    expect(m['crypto.time.share']).toBeLessThan(0.05);
  });

  test('same seed, same result; conservation of activations and of chains', async () => {
    const [r1, r2] = [await run(mixed), await run(mixed)];
    expect(r2.metrics).toEqual(r1.metrics);
    expect(r2.perChain).toEqual(r1.perChain);
    const m = r1.metrics;
    expect(m.arrived).toBe(m.finishedTotal + m.rejectedTotal + m.inFlight);
    const c = r1.perChain!.thumbnail;
    expect(c['chain.arrived']).toBe(c['chain.completedTotal'] + c['chain.failedTotal'] + c['chain.inFlight']);
    expect(c['chain.completed']).toBeGreaterThan(500);
  });

  test('a Clemmys variant draws the same arrivals and demands as native (common random numbers)', async () => {
    const text = `${mixed}variants:\n  clemmys: {}\n  native: { "platform.security": none }\n`;
    const [clemmys, native] = [await run(text, 'clemmys'), await run(text, 'native')];
    expect(clemmys.perChain!.thumbnail['chain.arrived']).toBe(native.perChain!.thumbnail['chain.arrived']);
    expect(native.metrics['gateway.utilization']).toBeUndefined();
  });
});
