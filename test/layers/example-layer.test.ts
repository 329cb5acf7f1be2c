import { describe, expect, it } from '@jest/globals';
import { metricKindOf, registerSecurityLayer } from '../../src/layers/index.js';
import { breakdownMetrics, defineMetrics } from '../../src/model/metric-registry.js';
import type { SecurityLayer } from '../../src/platform/security-layer.js';
import { runScenario } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/schema/errors.js';
import { strictShape } from '../../src/schema/zod-helpers.js';
import { zDuration } from '../../src/schema/zod-units.js';

// A security layer written outside src/, as a user (or a new folder of src/) writes one: every
// execution pays a constant `perRequest` of CPU in its container, reported as its own part of the
// breakdown, and counted. This file is all it takes; docs/layers.md walks through it.
const METRICS = defineMetrics([
  { name: 'overhead.requests', quantity: 'count', statistic: 'count', scopes: { run: ['overhead'] }, meaning: 'executions that paid the overhead' },
  ...breakdownMetrics({ overhead: 'mean time of the per-request overhead' }, ['overhead']),
]);

const overhead: SecurityLayer<{ perRequestSeconds: number }> = {
  name: 'overhead',
  platforms: ['openwhisk'],
  keys: ['perRequest'],
  settings: strictShape({ perRequest: zDuration.default(0.005) }).transform((s) => ({ perRequestSeconds: s.perRequest })),
  defaults: () => ({ perRequest: '5ms' }),
  check: ({ settings }) => (settings.perRequestSeconds > 1 ? [{ path: ['platform', 'security', 'perRequest'], message: 'more than a second a request is not an overhead' }] : []),
  metrics: Object.values(METRICS),
  columns: [],
  build: ({ perRequestSeconds }, { ctx }) => ({
    hooks: [
      {
        parts: [{ name: 'overhead', within: 'run' }],
        run: (_c, _invoker, steps) => {
          steps.cpu(perRequestSeconds, 0);
          ctx.recorder.count('overhead.requests');
        },
      },
    ],
  }),
};
registerSecurityLayer('overhead', overhead);

const scenario = (security: string) => `name: overhead
duration: 30s
warmup: 5s
replications: 2
platform: { kind: openwhisk, invokers: 1, latencies: 0, prewarm: { stemCells: [] }, security: ${security} }
functions: [{ name: f, exec: 20ms }]
workload: [{ function: f, arrivals: { poisson: 5/s } }]
variants:
  native: { platform.security: none }
  secure: {}
`;

describe('a security layer of a few lines, registered from outside src/', () => {
  it('adds its time, its breakdown part and its metric to the runs of its mode, and nothing to native', async () => {
    const s = parseScenario(scenario('{ mode: overhead, perRequest: 7ms }'), 'overhead.yaml');
    const native = s.runs.find((r) => r.variant === 'native')!;
    const secure = s.runs.find((r) => r.variant === 'secure')!;
    expect([metricKindOf(native), metricKindOf(secure)]).toEqual(['openwhisk', 'openwhisk+overhead']);
    const result = await runScenario(s);
    const of = (variant: string) => result.replications.find((r) => r.variant === variant)!.metrics;
    const n = of('native');
    const o = of('secure');
    expect('overhead.requests' in n).toBe(false);
    expect(o['overhead.requests']).toBe(o.started);
    expect(o['latency.breakdown.overhead']).toBeCloseTo(0.007, 12);
    // same arrivals, same bodies, zero latencies, warm after the first: each call 7 ms longer
    expect(o['latency.mean'] - n['latency.mean']).toBeCloseTo(0.007, 3);
    expect(o['latency.breakdown.run']).toBeCloseTo(n['latency.breakdown.run'], 9);
  });

  it('its keys are checked in every mode, and its checks located', () => {
    const bad = (security: string) => {
      try {
        parseScenario(scenario(security), 'overhead.yaml');
      } catch (error) {
        return (error as ScenarioError).format();
      }
      return '';
    };
    expect(bad('{ mode: none, perRequest: fast }')).toMatch(/overhead\.yaml:5:\d+: platform\.security\.perRequest: /);
    expect(bad('{ mode: overhead, perRequest: 2s }')).toMatch(/platform\.security\.perRequest: more than a second a request is not an overhead/);
    expect(bad('{ mode: overheads }')).toMatch(/platform\.security\.mode: .*overhead/);
  });
});


describe('mode none', () => {
  it('resolves to no settings at all (native), the other keys still checked', () => {
    const s = parseScenario(scenario('{ mode: overhead, perRequest: 7ms }'), 'overhead.yaml');
    const native = s.runs.find((r) => r.variant === 'native')!;
    expect('security' in native).toBe(false);
  });
});
