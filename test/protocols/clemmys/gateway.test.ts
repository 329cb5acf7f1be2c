import { describe, expect, it } from '@jest/globals';
import { estimate } from '../../../src/aggregate/estimate.js';
import { mmcMeanWait } from '../../../src/metrics/queueing.js';
import { runReplication } from '../../../src/run/run.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { aesGcmSeconds, inputBytesOf } from '../../../src/protocols/clemmys/costs.js';
import type { FunctionSpec } from '../../../src/schema/types.js';

/**
 * The trusted gateway end to end, alone in the path: every OpenWhisk latency 0, no payload and no
 * crypto pass, so the gateway's CPU time per request is `perRequest` and a response needs none.
 * One warm function of 1 ms: OpenWhisk itself never queues at these rates.
 */
const alone = (o: { cores: number; perRequest: string; rate: string; duration: string; throttle?: string }) => `name: gateway-alone
duration: ${o.duration}
warmup: 5s
hardware: icelake-sp
platform:
  kind: openwhisk
  invokers: 4
  latencies: 0
  ${o.throttle ?? ''}
  security: { mode: clemmys, sgx: v2, runtimeStart: 0, attestation: none, runtimeFactor: 1,
    gateway: { cores: ${o.cores}, perRequest: ${o.perRequest}, inputPasses: 0, outputPasses: 0 }, enclaveCrypto: { inputPasses: 0, outputPasses: 0 } }
functions:
  - { name: f, exec: 1ms, memory: 128MiB, enclave: { code: 1MiB, heap: 4MiB, workingSet: 1MiB } }
workload:
  - { function: f, arrivals: { poisson: ${o.rate} } }
`;
const run = async (text: string, replication = 1) => (await runReplication(parseScenario(text, 'clemmys-run.yaml').runs[0], replication)).metrics;

describe('the trusted gateway in front of the controller', () => {
  it('with one core and a constant cost per request, saturates at 1/cost', async () => {
    // 10 ms a request, offered 200/s: twice what one core serves
    const m = await run(alone({ cores: 1, perRequest: '10ms', rate: '200/s', duration: '65s' }));
    expect(m.throughput).toBeGreaterThan(99);
    expect(m.throughput).toBeLessThanOrEqual(100.01);
    expect(m['gateway.utilization']).toBeCloseTo(1, 6);
    // the backlog grows at 100/s: the mean wait is about half the run's backlog time
    expect(m['gateway.wait.mean']).toBeGreaterThan(10);
  });

  it('with an exponential cost, its mean wait matches Erlang C (M/M/c) within the 95 % CI', async () => {
    const cores = 2;
    const rate = 150; // per second
    const meanCost = 0.01; // rho = 0.75
    const text = alone({ cores, perRequest: `{ dist: exponential, mean: ${meanCost * 1000}ms }`, rate: `${rate}/s`, duration: '205s' });
    const perReplication: number[] = [];
    for (let r = 1; r <= 8; r++) perReplication.push((await run(text, r))['gateway.wait.mean']);
    const e = estimate(perReplication);
    const closedForm = mmcMeanWait(cores, rate, 1 / meanCost);
    expect(closedForm).toBeGreaterThanOrEqual(e.low);
    expect(closedForm).toBeLessThanOrEqual(e.high);
    // the interval is narrow enough to mean something
    expect(e.high - e.low).toBeLessThan(0.25 * closedForm);
  });

  it('stands before the throttle: a throttled request has paid its gateway pass', async () => {
    // 600 invocations a minute admitted (10/s) of 50/s offered: 4 in 5 are throttled, all pass the gateway
    const throttled = await run(alone({ cores: 1, perRequest: '5ms', rate: '50/s', duration: '65s', throttle: 'throttles: { invocationsPerMinute: 600, concurrentInvocations: 1000 }' }));
    expect(throttled.throttled / throttled.arrived).toBeGreaterThan(0.7);
    // busy time = every arrival's 5 ms, throttled or not: utilization = 50/s x 5 ms
    expect(throttled['gateway.utilization']).toBeGreaterThan(0.23);
    expect(throttled['gateway.utilization']).toBeLessThan(0.27);
  });
});

describe('payload crypto', () => {
  const profile = { aesGcmBytesPerSecond: 1.5 * 2 ** 30, aesGcmPerMessageSeconds: 0.2e-6 };

  it('grows linearly with the payload at the profile rate, plus its per-message cost', () => {
    const sizes = [1024, 16 * 1024, 256 * 1024, 1024 * 1024];
    for (const bytes of sizes) expect(aesGcmSeconds(profile, bytes)).toBeCloseTo(bytes / profile.aesGcmBytesPerSecond + 0.2e-6, 15);
    const slope = (aesGcmSeconds(profile, 1024 * 1024) - aesGcmSeconds(profile, 1024)) / (1024 * 1024 - 1024);
    expect(slope).toBeCloseTo(1 / profile.aesGcmBytesPerSecond, 18);
    expect(aesGcmSeconds(profile, 0)).toBe(0.2e-6);
    expect(aesGcmSeconds(profile, 4096, 2)).toBe(2 * aesGcmSeconds(profile, 4096));
    expect(aesGcmSeconds(profile, 4096, 0)).toBe(0);
  });

  it('feeds a chain step the previous step output, a lone call its function input', () => {
    const f = (name: string, inputBytes: number, outputBytes: number) => ({ name, inputBytes, outputBytes }) as FunctionSpec;
    const functions = [f('fetch', 100, 5000), f('resize', 7, 300)];
    expect(inputBytesOf(functions, { fn: 1, inputFrom: -1 })).toBe(7);
    expect(inputBytesOf(functions, { fn: 1, inputFrom: 0 })).toBe(5000);
  });
});

describe('the gateway finishes the requests it admitted: responses go first; new requests wait in a bounded accept queue', () => {
  // one core; a request's pass takes `perRequest`, its response's pass the AES-GCM of a 16 MiB output:
  // 10 ms of the core per call in all, so the gateway's capacity is 100 calls a second
  const icelake = { aesGcmBytesPerSecond: 18.6 * 2 ** 30, aesGcmPerMessageSeconds: 0.103e-6 };
  const responseSeconds = aesGcmSeconds(icelake, 16 * 2 ** 20);
  const withResponses = (rate: string, queue: string) => `name: gateway-responses
duration: 65s
warmup: 5s
hardware: icelake-sp
platform:
  kind: openwhisk
  invokers: 4
  latencies: 0
  security: { mode: clemmys, sgx: v2, runtimeStart: 0, attestation: none,
    gateway: { cores: 1, perRequest: ${(0.01 - responseSeconds) * 1000}ms, inputPasses: 0, outputPasses: 1, queue: ${queue} }, enclaveCrypto: { inputPasses: 0, outputPasses: 0 } }
functions:
  - { name: f, exec: 1ms, memory: 128MiB, output: 16MiB, enclave: { code: 1MiB, heap: 4MiB, workingSet: 1MiB } }
workload:
  - { function: f, arrivals: { poisson: ${rate} } }
`;

  it('at 150/s offered a 1-core, 10 ms-a-call gateway delivers its capacity, 95-101/s (a single FIFO would put each response behind the backlog of requests)', async () => {
    const m = await run(withResponses('150/s', 'unbounded'));
    expect(m.throughput).toBeGreaterThanOrEqual(95);
    expect(m.throughput).toBeLessThanOrEqual(101);
    expect(m['gateway.utilization']).toBeCloseTo(1, 6);
    expect(m['gateway.rejected']).toBe(0);
  });

  it('with gateway.queue: 20, the requests beyond are refused (gateway.rejected, counted in rejected), the goodput is the capacity and the wait stays bounded', async () => {
    const m = await run(withResponses('150/s', '20'));
    expect(m.throughput).toBeGreaterThanOrEqual(95);
    expect(m.throughput).toBeLessThanOrEqual(101);
    // what the gateway cannot serve is refused: about 50 a second of the 150 offered
    expect(m['gateway.rejected']).toBe(m.rejected);
    expect(m['gateway.rejected'] / m.arrivals).toBeGreaterThan(0.3);
    expect(m['gateway.rejected'] / m.arrivals).toBeLessThan(0.37);
    // a request waits behind at most 20 requests and the responses ahead of it: well under a second
    expect(m['gateway.wait.mean']).toBeLessThan(0.5);
    expect(m['latency.p99']).toBeLessThan(1);
  });
});
