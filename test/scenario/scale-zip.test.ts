import { describe, expect, it } from '@jest/globals';
import { parseScenario } from '../../src/scenario/load.js';
import { scenarioErrorLines } from './error-lines.js';
import { runReplication } from '../../src/run/run.js';

const load = (text: string) => parseScenario(text, 'scale.yaml');

const errorLines = (text: string) => scenarioErrorLines(text, 'scale.yaml');

const BASE = `name: s
duration: 60s
warmup: 10s
platform: { kind: station, servers: 2 }
functions:
  - { name: f, exec: 10ms }
  - { name: g, exec: 10ms }
workload:
  - { function: f, arrivals: { poisson: 10/s } }
  - { function: g, arrivals: { constant: 4/s } }
`;

describe('scale: one factor on every arrival stream', () => {
  it('is swept without being written, and multiplies each kind of arrivals', () => {
    const text = `name: s
duration: 60s
platform: { kind: station, servers: 2 }
functions:
  - { name: f, exec: 10ms }
workload:
  - { function: f, arrivals: { poisson: 10/s } }
  - { function: f, arrivals: { constant: 4/s } }
  - { function: f, arrivals: { mmpp: { on: 20/s, off: 2/s, onMean: 1s, offMean: 4s } } }
  - { function: f, arrivals: { closedLoop: { clients: 3, think: 1s } } }
sweep:
  scale: [1, 2, 4]
`;
    const { runs, sweepPaths } = load(text);
    expect(sweepPaths).toEqual(['scale']);
    expect(runs.map((r) => r.point)).toEqual([{ scale: 1 }, { scale: 2 }, { scale: 4 }]);
    const [, twice] = runs;
    expect(twice.workload.map((w) => w.arrivals)).toEqual([
      { kind: 'poisson', ratePerSecond: 20 },
      { kind: 'constant', ratePerSecond: 8 },
      { kind: 'mmpp', onRatePerSecond: 40, offRatePerSecond: 4, onMeanSeconds: 1, offMeanSeconds: 4 },
      { kind: 'closedLoop', clients: 6, think: { dist: 'constant', value: 1 } },
    ]);
  });

  it('is a key a variant may set, and the base may write (default 1)', () => {
    const { runs } = load(`${BASE}scale: 0.5\nvariants:\n  half: {}\n  double: { scale: 2 }\n`);
    expect(runs.map((r) => [r.variant, r.workload[0].arrivals])).toEqual([
      ['half', { kind: 'poisson', ratePerSecond: 5 }],
      ['double', { kind: 'poisson', ratePerSecond: 20 }],
    ]);
  });

  it('multiplies a replayed trace\'s scale', () => {
    const trace = '{ trace: scenarios/traces/generated-azure2019-invocations.csv, function: db444bdf6f1852eb3c627470f57b87e9de7b97e3bf097d9d84bc1936d2631bcc, scale: 0.5 }';
    const [run] = load(`${BASE.replace('{ poisson: 10/s }', trace)}scale: 3\n`).runs;
    expect(run.workload[0].arrivals).toMatchObject({ kind: 'trace', scale: 1.5 });
  });

  it('that would make closed-loop clients fractional, or is not > 0, is an error where the value is written', () => {
    const text = BASE.replace('{ constant: 4/s }', '{ closedLoop: { clients: 3, think: 1s } }');
    expect(errorLines(`${text}sweep:\n  scale: [0.5, 2, 0]\n`)).toEqual([
      "12:11: sweep.scale[0]: scale 0.5 would make 3 closed-loop clients 1.5: scale multiplies a closed loop's clients, which must stay a whole number >= 1 (workload[1])",
      '12:19: sweep.scale[2]: scale multiplies every arrival rate: a number > 0',
    ]);
  });

  it('doubles what arrives: constant arrivals at scale 2 are exactly twice as many in the window', async () => {
    const runs = load(`${BASE}sweep:\n  scale: [1, 2]\n`).runs;
    const [one, two] = [await runReplication(runs[0], 1), await runReplication(runs[1], 1)];
    expect(one.perFunction.g.arrivals).toBe(200);
    expect(two.perFunction.g.arrivals).toBe(400);
  });
});

describe('zip: linked sweep axes', () => {
  const zipped = `${BASE}sweep:
  zip:
    scale: [1, 2, 4]
    platform.servers: [2, 4, 8]
  functions.0.exec: [10ms, 20ms]
`;

  it('moves its lists together, crossed with the other axes in file order', () => {
    const { runs, sweepPaths } = load(zipped);
    expect(sweepPaths).toEqual(['scale', 'platform.servers', 'functions.0.exec']);
    expect(runs.map((r) => Object.values(r.point).join(' '))).toEqual(['1 2 0.01', '1 2 0.02', '2 4 0.01', '2 4 0.02', '4 8 0.01', '4 8 0.02']);
    expect(runs.map((r) => r.pointIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(runs.map((r) => (r.platform as { servers: number }).servers)).toEqual([2, 2, 4, 4, 8, 8]);
  });

  it('takes a list of groups, each its own dimension', () => {
    const { runs } = load(`${BASE}sweep:\n  zip:\n    - { scale: [1, 2], platform.servers: [2, 4] }\n    - { functions.0.exec: [10ms, 20ms], functions.1.exec: [1ms, 2ms] }\n`);
    expect(runs.map((r) => Object.values(r.point).join(' '))).toEqual(['1 2 0.01 0.001', '1 2 0.02 0.002', '2 4 0.01 0.001', '2 4 0.02 0.002']);
  });

  it('claims and charts name a zipped path as any sweep path', () => {
    const { claims, charts } = load(`${zipped}claims:\n  - { id: c, metric: throughput, variant: base, value: { min: 1/s }, at: { platform.servers: 4 } }\ncharts:\n  - { x: scale, y: latency.p99 }\n`);
    expect(claims[0].at).toEqual({ 'platform.servers': 4 });
    expect(charts[0].x).toBe('scale');
  });

  it('refuses lists of different lengths, a repeated item, an empty zip and a path swept twice, where they are written', () => {
    const text = `${BASE}sweep:
  zip:
    scale: [1, 2, 1]
    platform.servers: [2, 4, 2]
    functions.0.exec: [10ms, 20ms]
`;
    expect(errorLines(text)).toEqual([
      '15:23: sweep.zip.functions.0.exec: zip links its lists item by item: expected 3 values (as scale), got 2',
    ]);
    expect(errorLines(text.replace('    functions.0.exec: [10ms, 20ms]\n', ''))).toEqual([
      '13:19: sweep.zip.scale[2]: item 2 of every zipped list repeats item 0: the point would run twice',
    ]);
    expect(errorLines(`${BASE}sweep:\n  zip: {}\n`)).toEqual([
      '12:8: sweep.zip: zip links lists item by item: expected a mapping of dotted path -> list of values, got {}',
    ]);
    expect(errorLines(`${BASE}sweep:\n  zip: { scale: [1, 2], platform.servers: [2, 4] }\n  scale: [1, 3]\n`)).toEqual([
      '13:10: sweep.scale: scale is swept twice (also at sweep.zip.scale)',
    ]);
  });

  it('locates a problem of a zipped value at that value, naming the linked point', () => {
    expect(errorLines(`${BASE}sweep:\n  zip:\n    scale: [1, 2]\n    platform.servers: [2, -1]\n`)).toEqual([
      '14:27: sweep.zip.platform.servers[1]: must be > 0, got -1',
    ]);
  });
});
