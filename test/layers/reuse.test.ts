import { describe, expect, test } from '@jest/globals';
import { metricKindOf } from '../../src/layers/index.js';
import { ReuseHook, type SandboxReuse } from '../../src/layers/reuse.js';
import type { InvokerHook } from '../../src/platform/openwhisk/index.js';
import { runScenario } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { fn, harness, ZERO } from '../openwhisk/harness.js';
import { scenarioErrorLines } from '../scenario/error-lines.js';

// Sandbox reuse is a key of every secure mode: here on SGX enclaves, no stem cells, one invoker,
// so that every request starts on a new sandbox (cold) or on one that served before (warm).
const scenario = (security: string, extra = '') => `name: reuse
duration: 120s
warmup: 10s
replications: 2
hardware: icelake-sp
platform: { kind: openwhisk, invokers: 1, userMemory: 4GiB, prewarm: { stemCells: [] }, security: ${security} }
functions:
  - { name: f, exec: 20ms, enclave: { code: 1MiB, heap: 16MiB, workingSet: 1MiB }${extra} }
workload: [{ function: f, arrivals: { poisson: 2/s } }]
variants:
  fresh: { platform.security.reuse: fresh }
  warm: { platform.security.reuse: warm }
  reset: { platform.security.reuse: reset, platform.security.resetCost: 40ms }
`;

describe('reuse: fresh | warm | reset, on any secure mode', () => {
  test('written, the run reports its layer (+reuse); not written, nothing changes', () => {
    const s = parseScenario(scenario('{ mode: sgx }'), 'reuse.yaml');
    expect(s.runs.map((r) => metricKindOf(r))).toEqual(['openwhisk+sgx+reuse+cpu', 'openwhisk+sgx+reuse+cpu', 'openwhisk+sgx+reuse+cpu']);
    const plain = parseScenario(scenario('{ mode: sgx }').replace(/variants:[^]*$/, ''), 'reuse.yaml').runs[0];
    expect([metricKindOf(plain), plain.security!.reuse]).toEqual(['openwhisk+sgx+cpu', undefined]);
    const clemmys = parseScenario(scenario('{ mode: clemmys, keepAlive: pressure }').replace(/variants:[^]*$/, ''), 'reuse.yaml').runs[0];
    expect([metricKindOf(clemmys), clemmys.security!.reuse]).toEqual([
      'openwhisk+sgx+clemmys+reuse+cpu',
      { policy: 'warm', resetCostSeconds: 0.01, keepAlive: 'pressure', pressure: { above: 0.75, idleSeconds: 30 } },
    ]);
  });

  test('fresh: every request a cold start, none reused; warm: all but the cold ones reused; reset: none reused, one reset each', async () => {
    const result = await runScenario(parseScenario(scenario('{ mode: sgx }'), 'reuse.yaml'));
    for (const r of result.replications) {
      const m = r.metrics;
      expect(m.started).toBeGreaterThan(150);
      if (r.variant === 'fresh') {
        expect([m.coldStarts, m['sandbox.reused'], m['sandbox.reusedRatio'], m['enclave.starts']]).toEqual([m.started, 0, 0, expect.any(Number)]);
        expect(m['enclave.starts']).toBeGreaterThanOrEqual(m.started);
      } else if (r.variant === 'warm') {
        expect(m.coldStarts).toBeLessThan(m.started / 10);
        expect(m['sandbox.reused']).toBe(m.started - m.coldStarts);
        expect(m['sandbox.reusedRatio']).toBeCloseTo((m.started - m.coldStarts) / m.started, 12);
        expect(m['sandbox.resets']).toBe(0);
      } else {
        expect([m['sandbox.reused'], m['sandbox.reusedRatio']]).toEqual([0, 0]);
        // a reset after each request that ended in the window (requests that started before it end in it too)
        expect(Math.abs(m['sandbox.resets'] - m.started)).toBeLessThanOrEqual(2);
      }
    }
    const mean = (variant: string, metric: string) => result.replications.filter((r) => r.variant === variant).reduce((s, r) => s + r.metrics[metric], 0) / 2;
    // the trade-off: fresh pays a cold start on every request
    expect(mean('fresh', 'latency.mean')).toBeGreaterThan(mean('warm', 'latency.mean') + 0.1);
  });

  test('fresh with a function that runs several requests at once is refused at its concurrency', () => {
    expect(scenarioErrorLines(scenario('{ mode: sgx }', ', concurrency: 4'), 'reuse.yaml').join('\n')).toMatch(
      /functions\[0\]\.concurrency: reuse: fresh gives each request a sandbox of its own, so f cannot run 4 at once in one/,
    );
  });
});

describe('keepAlive: pressure', () => {
  /** A layer's hard resource of 4 slots, one per container (key IDs, say). */
  const slots: InvokerHook = { resources: () => [{ name: 'slots', capacity: 4, mode: 'hard' }], demand: () => [1] };
  const policy: SandboxReuse = { policy: 'warm', resetCostSeconds: 0, keepAlive: 'pressure', pressure: { above: 0.25, idleSeconds: 5 } };

  test('while more than `above` of a layer resource is held, idle sandboxes go after `idle`, until it is not; the rest after idleContainer', () => {
    // three functions each start a container at 0 (3 of 4 slots); they run 1 s and pause at 1.1 s
    const slotsAt = (pressure: boolean) => {
      const h = harness({ ...ZERO, invokers: 1, userMemory: '4GiB', pauseGrace: '100ms', idleContainer: '100s' }, ['a', 'b', 'c'].map((n) => fn(n, 256, 1)), 1, 0, (env) =>
        pressure ? [slots, new ReuseHook(policy, env.recorder)] : [slots],
      );
      for (let f = 0; f < 3; f++) h.at(0, f);
      return [6, 7, 100, 102].map((t) => {
        h.sim.run(t);
        return h.ow.invokers[0].pool.ledger.resources[1].used;
      });
    };
    // OpenWhisk's keep-alive: all three stay 100 s after their pause
    expect(slotsAt(false)).toEqual([3, 3, 3, 0]);
    // pressure: at 6.1 s (5 s paused) two go, one by one, until 1 of 4 is not above a quarter; the last stays its 100 s
    expect(slotsAt(true)).toEqual([3, 1, 1, 0]);
  });
});
