import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { declareMetrics } from '../../src/model/metric-registry.js';
import type { Activation } from '../../src/model/activation.js';
import type { PlatformDescriptor } from '../../src/model/platform.js';
import { registerPlatform } from '../../src/platform/index.js';
import { runScenario } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { evaluateClaims } from '../../src/claims/evaluate.js';
import { summaryCsv } from '../../src/output/summary-csv.js';
import { ScenarioError } from '../../src/schema/errors.js';
import { zDuration, zPositiveInt } from '../../src/schema/zod-units.js';
import { strictShape } from '../../src/schema/zod-helpers.js';

// A user's platform, registered from outside src/: every call waits a fixed `delay`, then runs on
// one of `servers` lanes, and the platform counts the calls that found every lane busy.
interface TinySpec {
  kind: 'tiny';
  delaySeconds: number;
  servers: number;
}

const TINY_METRICS = declareMetrics([
  { name: 'tiny.busyArrivals', quantity: 'count', statistic: 'count', scopes: { run: ['tiny'] }, meaning: 'arrivals that found every lane busy' },
]);

const tiny: PlatformDescriptor<TinySpec> = {
  kind: 'tiny',
  schema: strictShape({ kind: z.literal('tiny'), delay: zDuration, servers: zPositiveInt.default(1) }).transform(
    (s): TinySpec => ({ kind: 'tiny', delaySeconds: s.delay, servers: s.servers }),
  ),
  check: (platform, functions) =>
    functions.length > platform.servers ? [{ path: ['servers'], message: `${functions.length} functions need ${functions.length} servers` }] : [],
  modelDefaults: () => ({ delay: 0.01, servers: 1 }),
  metrics: Object.values(TINY_METRICS),
  create: (spec, ctx) => {
    let busy = 0;
    return {
      submit(a: Activation) {
        if (busy >= spec.servers) ctx.recorder.count('tiny.busyArrivals');
        busy++;
        ctx.sim.schedule(spec.delaySeconds, (x: Activation) => {
          x.start = ctx.sim.now;
          x.startKind = 'warm';
          ctx.sink.started(x);
          ctx.sim.schedule(x.execSeconds, (done: Activation) => {
            busy--;
            done.end = done.response = ctx.sim.now;
            ctx.sink.finished(done);
          }, x);
        }, a);
      },
    };
  },
};
registerPlatform(tiny);

const scenario = (platform: string, extra = '') => `name: tiny
duration: 20s
replications: 2
platform: ${platform}
functions:
  - { name: f, exec: 10ms }
workload:
  - { function: f, arrivals: { constant: 10/s } }
${extra}`;

const issues = (text: string) => {
  try {
    parseScenario(text, 'tiny.yaml');
    return [];
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues.map((i) => `${i.line}: ${i.path}: ${i.message}`);
    throw error;
  }
};

describe('a platform kind a user registers', () => {
  it('is loaded from a scenario file, runs, reports its metric and meets claims on it', async () => {
    const loaded = parseScenario(
      scenario('{ kind: tiny, delay: 5ms }', `claims:
  - { id: latency, metric: latency.mean, variant: base, value: { min: 14ms, max: 16ms } }
  - { id: never-busy, metric: tiny.busyArrivals, variant: base, value: { max: 0 } }
`),
      'tiny.yaml',
    );
    expect(loaded.runs[0].platform).toEqual({ kind: 'tiny', delaySeconds: 0.005, servers: 1 });
    const result = await runScenario(loaded);
    expect(result.replications[0].metrics['latency.mean']).toBeCloseTo(0.015, 9);
    expect(summaryCsv(result).split('\n')[0]).toContain('tiny.busyArrivals');
    expect(evaluateClaims(result).map((v) => v.verdict)).toEqual(['pass', 'pass']);
  });

  it('has its block validated by its own schema and checks, errors located in the file', () => {
    expect(issues(scenario('{ kind: tiny, delya: 5ms }'))).toEqual(['4: platform.delay: required, but missing', '4: platform.delya: unknown key "delya" (did you mean "delay"?)']);
    expect(issues(scenario('{ kind: tiny, delay: fast }'))).toEqual([expect.stringMatching(/^4: platform.delay: /)]);
    expect(issues(scenario('{ kind: tiny, delay: 5ms, servers: 1 }').replace('functions:\n', 'functions:\n  - { name: g, exec: 1ms }\n'))).toEqual([
      expect.stringMatching(/platform.servers: 2 functions need 2 servers/),
    ]);
    // the built-in kinds' error now lists it too
    expect(issues(scenario('{ kind: tine }'))).toEqual([expect.stringMatching(/expected one of station, scale-per-request, openwhisk, tiny/)]);
  });

  it('its metrics are in the vocabulary of its scenarios only, and a sweep reaches its model defaults', () => {
    expect(issues(scenario('{ kind: station, servers: 1 }', 'claims:\n  - { id: a, metric: tiny.busyArrivals, variant: base, value: { max: 0 } }\n'))).toEqual([
      expect.stringMatching(/tiny.busyArrivals is not a metric of platform station.*only tiny reports it/),
    ]);
    const swept = parseScenario(scenario('{ kind: tiny, delay: 5ms }', 'sweep:\n  platform.servers: [1, 2]\n'), 'tiny.yaml');
    expect(swept.runs.map((r) => (r.platform as unknown as TinySpec).servers)).toEqual([1, 2]);
  });
});
