import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import type { FunctionSpec, PlatformSpec, RunSpec, WorkloadSpec } from '../../src/schema/types.js';
import { BASE, writeScenario } from './helpers.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));

describe('loadScenario on a file that uses every feature', () => {
  const file = fixture('full.yaml');
  const scenario = loadScenario(file);

  const resize: FunctionSpec = {
    name: 'resize',
    namespace: 'images',
    kind: 'python:3.11',
    memoryMiB: 512,
    exec: { dist: 'lognormal', mean: 0.02, cv: 0.5 },
    coldStart: { dist: 'uniform', min: 0.3, max: 0.8 },
    inputBytes: 4096,
    outputBytes: 1048576,
  };
  const hello: FunctionSpec = {
    name: 'hello',
    namespace: 'guest',
    kind: 'nodejs:20',
    memoryMiB: 256,
    exec: { dist: 'constant', value: 0.005 },
    coldStart: { dist: 'constant', value: 0.5 },
    inputBytes: 0,
    outputBytes: 0,
  };
  const workload = (rate: number, last: WorkloadSpec['arrivals']): WorkloadSpec[] => [
    { functionIndex: 0, arrivals: { kind: 'poisson', ratePerSecond: rate }, blocking: true },
    { functionIndex: 1, arrivals: { kind: 'mmpp', onRatePerSecond: 100, offRatePerSecond: 0, onMeanSeconds: 2, offMeanSeconds: 8 }, blocking: false },
    { functionIndex: 1, arrivals: last, blocking: true },
  ];
  const closedLoop: WorkloadSpec['arrivals'] = { kind: 'closedLoop', clients: 4, think: { dist: 'exponential', mean: 1 } };
  const perVariant: Record<string, { platform: PlatformSpec; functions: FunctionSpec[]; last: WorkloadSpec['arrivals'] }> = {
    native: { platform: { kind: 'station', servers: 2, queue: 10 }, functions: [resize, hello], last: closedLoop },
    bigger: { platform: { kind: 'station', servers: 4, queue: 10 }, functions: [{ ...resize, memoryMiB: 1024 }, hello], last: closedLoop },
    elastic: {
      platform: { kind: 'scale-per-request', keepAliveSeconds: 60, maxConcurrency: 1000, reuse: 'mru' },
      functions: [resize, hello],
      last: { kind: 'constant', ratePerSecond: 5 },
    },
  };
  const expected: RunSpec[] = [];
  for (const variant of ['native', 'bigger', 'elastic']) {
    let pointIndex = 0;
    for (const rate of [50, 100]) {
      for (const seed of [1, 2, 3]) {
        const { platform, functions, last } = perVariant[variant];
        expected.push({
          scenario: 'full-example',
          variant,
          point: { 'workload.0.arrivals.poisson': rate, seed },
          pointIndex: pointIndex++,
          seed,
          durationSeconds: 120,
          warmupSeconds: 20,
          replications: 3,
          platform,
          functions,
          workload: workload(rate, last),
          sampleIntervalSeconds: 0.5,
        });
      }
    }
  }

  it('produces every variant at every sweep point, variant first, first sweep path slowest', () => {
    expect(scenario.runs).toEqual(expected);
  });

  it('keeps the file-level facts', () => {
    expect({ ...scenario, runs: undefined, source: undefined }).toEqual({
      name: 'full-example',
      file,
      description: 'all features at once',
      seed: 42,
      replications: 3,
      variants: ['native', 'bigger', 'elastic'],
      sweepPaths: ['workload.0.arrivals.poisson', 'seed'],
      sweepUnits: { 'workload.0.arrivals.poisson': 'rate' },
      runs: undefined,
      source: undefined,
      claims: [
        { id: 'same-throughput', metric: 'throughput', variant: 'bigger', baseline: 'native', ratio: { min: 0.95 }, allowInconclusive: false },
        {
          id: 'warm-fast',
          metric: 'latency.p50',
          variant: 'native',
          value: { max: 0.05 },
          at: { 'workload.0.arrivals.poisson': 50 },
          function: 'resize',
          allowInconclusive: true,
          description: 'warm requests are fast',
        },
        { id: 'rate', metric: 'throughput', variant: 'elastic', value: { min: 40, max: 1e6 }, allowInconclusive: false },
      ],
      charts: [
        { x: 'offered', y: 'throughput', color: 'variant' },
        { x: 'offered', y: 'latency.p99', title: 'Tail latency' },
      ],
    });
  });

  it('records the document as written, before units', () => {
    const source = scenario.source as Record<string, unknown>;
    expect(source.duration).toBe('2min');
    expect(Object.keys(source.variants as object)).toEqual(['native', 'bigger', 'elastic']);
    expect((source.sweep as Record<string, unknown>)['workload.0.arrivals.poisson']).toEqual(['50/s', '6000/min']);
  });

  it('reads the same scenario written as JSON', () => {
    const fromJson = loadScenario(fixture('full.json'));
    expect(fromJson.runs).toEqual(expected);
    expect(fromJson.claims).toEqual(scenario.claims);
  });
});

describe('defaults and small cases', () => {
  it('fills defaults and has one variant named base without variants', () => {
    const scenario = parseScenario(BASE, 'base.yaml');
    expect(scenario.variants).toEqual(['base']);
    expect(scenario.sweepPaths).toEqual([]);
    expect(scenario.claims).toEqual([]);
    expect(scenario.charts).toEqual([]);
    expect(scenario.seed).toBe(1);
    expect(scenario.runs).toEqual([
      {
        scenario: 't',
        variant: 'base',
        point: {},
        pointIndex: 0,
        seed: 1,
        durationSeconds: 60,
        warmupSeconds: 10,
        replications: 1,
        platform: { kind: 'station', servers: 2, queue: Infinity },
        functions: [
          {
            name: 'f',
            namespace: 'guest',
            kind: 'nodejs:20',
            memoryMiB: 256,
            exec: { dist: 'constant', value: 0.02 },
            coldStart: { dist: 'constant', value: 0.5 },
            inputBytes: 0,
            outputBytes: 0,
          },
        ],
        workload: [{ functionIndex: 0, arrivals: { kind: 'poisson', ratePerSecond: 20 }, blocking: true }],
        sampleIntervalSeconds: 1,
      },
    ]);
  });

  it('fills the scale-per-request defaults', () => {
    const text = BASE.replace('  kind: station\n  servers: 2\n', '  kind: scale-per-request\n');
    expect(parseScenario(text, 'x.yaml').runs[0].platform).toEqual({
      kind: 'scale-per-request',
      keepAliveSeconds: 600,
      maxConcurrency: 1000,
      reuse: 'newest',
    });
  });

  it('merges a variant key by key, replaces lists, and removes keys set to null', () => {
    const text = `${BASE}variants:
  a: { platform: { queue: 5 } }
  b: { platform: { queue: 5 }, functions: [{ name: f, exec: 1ms }, { name: g, exec: 2ms }] }
  c: { warmup: null, "workload.0.arrivals": { poisson: null, constant: 7/s } }
`;
    const [a, b, c] = parseScenario(text, 'x.yaml').runs;
    expect(a.platform).toEqual({ kind: 'station', servers: 2, queue: 5 });
    expect(b.functions.map((f) => [f.name, f.exec])).toEqual([
      ['f', { dist: 'constant', value: 0.001 }],
      ['g', { dist: 'constant', value: 0.002 }],
    ]);
    expect(c.warmupSeconds).toBe(0);
    expect(c.workload[0].arrivals).toEqual({ kind: 'constant', ratePerSecond: 7 });
  });

  it('refuses a variant that sets a path the sweep sets (the sweep would silently win at every point)', () => {
    const text = `${BASE}variants:
  big: { "platform.servers": 8 }
sweep:
  platform.servers: [1, 3]
`;
    expect(() => parseScenario(text, 'x.yaml')).toThrow('x.yaml:15:30: variants.big.platform.servers: variant big sets a value the sweep sets at every point (sweep: platform.servers)');
  });

  it('converts sweep values by what they are and keeps other strings', () => {
    const platform = '  kind: scale-per-request\n  keepAlive: 10s\n  reuse: oldest\n';
    const text = `${BASE.replace('  kind: station\n  servers: 2\n', platform).replace('exec: 20ms', 'exec: 20ms\n    memory: 128MiB')}sweep:
  platform.keepAlive: [1min, 30s]
  platform.reuse: [newest, random]
  functions.0.memory: [1GiB]
`;
    const runs = parseScenario(text, 'x.yaml').runs;
    expect(runs.map((r) => r.point)).toEqual([
      { 'platform.keepAlive': 60, 'platform.reuse': 'newest', 'functions.0.memory': 1024 },
      { 'platform.keepAlive': 60, 'platform.reuse': 'random', 'functions.0.memory': 1024 },
      { 'platform.keepAlive': 30, 'platform.reuse': 'newest', 'functions.0.memory': 1024 },
      { 'platform.keepAlive': 30, 'platform.reuse': 'random', 'functions.0.memory': 1024 },
    ]);
    expect(runs.map((r) => r.pointIndex)).toEqual([0, 1, 2, 3]);
  });

  it('reads a file through loadScenario with a .yml extension', () => {
    expect(loadScenario(writeScenario(BASE, 'small.yml')).name).toBe('t');
  });
});
