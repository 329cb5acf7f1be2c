import { describe, expect, it } from '@jest/globals';
import type { OpenWhiskParams } from '../../src/platform/openwhisk/params.js';
import { describePoints, parseScenario } from '../../src/scenario/load.js';
import { BASE, errorOf, writeScenario } from './helpers.js';

const openwhisk = (rest = '') => BASE.replace('  kind: station\n  servers: 2\n', `  kind: openwhisk\n${rest}`);
const load = (text: string) => parseScenario(text, 'checks.yaml');
const platforms = (text: string) => load(text).runs.map((r) => r.platform as unknown as OpenWhiskParams);

describe('claim bounds in the unit of their metric', () => {
  it('are converted to base units: times to seconds, rates per second, numbers as written', () => {
    const { claims } = load(`${BASE}variants: { x: {}, y: {} }
claims:
  - { id: a, metric: latency.p50, variant: x, value: { min: 0, max: 50ms } }
  - { id: b, metric: throughput, variant: x, value: { min: 6000/min } }
  - { id: c, metric: coldStartRatio, variant: x, value: { max: 0.1 } }
  - { id: d, metric: completion.p99, variant: x, value: { max: 2s } }
  - { id: e, metric: latency.p99, variant: x, baseline: y, ratio: { max: 1.5 } }
  - { id: f, metric: offered, variant: x, value: { min: 0 } }
`);
    expect(claims.map((c) => c.value ?? c.ratio)).toEqual([{ min: 0, max: 0.05 }, { min: 100 }, { max: 0.1 }, { max: 2 }, { max: 1.5 }, { min: 0 }]);
  });

  it('accept OpenWhisk metrics on OpenWhisk, whole run and per function', () => {
    const text = openwhisk().replace('functions:\n', 'functions:\n  - { name: g, exec: 1ms }\n') + `claims:
  - { id: a, metric: evictions, variant: base, value: { max: 0 } }
  - { id: b, metric: latency.breakdown.init, variant: base, function: f, value: { max: 200ms } }
  - { id: c, metric: invokers.memoryUsed.max, variant: base, value: { max: 2GiB } }
charts:
  - { x: offered, y: latency.breakdown.queueing }
`;
    expect(load(text).claims.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('take a whole-run metric with function when the run has one function (it is the whole run)', () => {
    expect(load(`${BASE}claims:\n  - { id: a, metric: inFlight, variant: base, function: f, value: { max: 10 } }\n`).claims).toHaveLength(1);
  });

  it('may omit variant when the scenario has no variants (there is only base)', () => {
    const { claims } = load(`${BASE}claims:\n  - { id: a, metric: latency.p50, value: { max: 1s } }\n`);
    expect(claims.map((c) => c.variant)).toEqual(['base']);
  });

  it('name their variant when there are several: a located error that lists them', () => {
    const file = writeScenario(`${BASE}variants: { x: {}, y: {} }\nclaims:\n  - { id: a, metric: latency.p50, value: { max: 1s } }\n`);
    expect(errorOf(file).format()).toContain(`${file}:16:5: claims[0]: a claim names its variant when the scenario has several: add variant: one of "x", "y"`);
  });
});

describe('charts', () => {
  it('take a metric, a sweep path or variant as x', () => {
    const { charts } = load(`${BASE}sweep:
  workload.0.arrivals.poisson: [10/s, 20/s]
charts:
  - { x: workload.0.arrivals.poisson, y: latency.p99 }
  - { x: offered, y: throughput }
  - { x: variant, y: utilization }
`);
    expect(charts.map((c) => c.x)).toEqual(['workload.0.arrivals.poisson', 'offered', 'variant']);
  });
});

describe('sweeps over OpenWhisk defaults the file does not write', () => {
  it('reach a key of the model file', () => {
    const runs = platforms(`${openwhisk()}sweep:\n  platform.pauseGrace: [50ms, 10s]\n`);
    expect(runs.map((p) => p.pauseGraceSeconds)).toEqual([0.05, 10]);
  });

  it('reach a latency, and a field of its distribution, keeping the other defaults', () => {
    const [zero, five] = platforms(`${openwhisk()}sweep:\n  platform.latencies.kafka: [0, 5ms]\n`);
    expect(zero.latencies.kafka).toEqual({ dist: 'constant', value: 0 });
    expect(five.latencies.kafka).toEqual({ dist: 'constant', value: 0.005 });
    expect(zero.latencies.controller).toEqual({ dist: 'lognormal', mean: 0.002, cv: 0.5 });
    const means = platforms(`${openwhisk()}sweep:\n  platform.latencies.dockerRun.mean: [400ms, 1.6s]\n`);
    expect(means.map((p) => p.latencies.dockerRun)).toEqual([
      { dist: 'lognormal', mean: 0.4, cv: 0.4 },
      { dist: 'lognormal', mean: 1.6, cv: 0.4 },
    ]);
  });

  it('reach into a group the file writes in part, and into a list of the model', () => {
    const runs = platforms(`${openwhisk('  timeouts: { timeoutFactor: 3 }\n')}sweep:
  platform.timeouts.maxWaitBlocking: [0, 30s]
  platform.prewarm.stemCells.0.initialCount: [0, 1]
`);
    expect(runs.map((p) => [p.timeouts.timeoutFactor, p.timeouts.maxWaitBlockingSeconds, p.prewarm.stemCells[0].initialCount])).toEqual([
      [3, 0, 0],
      [3, 0, 1],
      [3, 30, 0],
      [3, 30, 1],
    ]);
  });

  it('reach them in a variant that switches to OpenWhisk, not in one that stays a station', () => {
    const text = (variants: string) => `${BASE}variants:\n${variants}sweep:\n  platform.pauseGrace: [50ms, 10s]\n`;
    const ow = '  ow: { platform: { kind: openwhisk, servers: null } }\n';
    const scenario = load(text(`${ow}  big: { platform: { kind: openwhisk, servers: null, invokers: 4 } }\n`));
    expect(scenario.runs.map((r) => [r.variant, (r.platform as unknown as OpenWhiskParams).pauseGraceSeconds])).toEqual([
      ['ow', 0.05],
      ['ow', 10],
      ['big', 0.05],
      ['big', 10],
    ]);
    expect(() => load(text(`  st:\n${ow}`))).toThrow('checks.yaml:18:24: sweep.platform.pauseGrace: platform.pauseGrace does not exist in variant st');
  });

  it('sweep what variants change, as before (variants write any key)', () => {
    const runs = platforms(`${openwhisk()}variants:\n  old: { platform.pauseGrace: 50ms }\n  today:\n`);
    expect(runs.map((p) => p.pauseGraceSeconds)).toEqual([0.05, 10]);
  });
});

describe('the sweep points a problem shows at', () => {
  const axes = [
    { key: 'a', segments: ['a'], values: [1, 2, 3], baseValues: [1, 2, 3] },
    { key: 'b', segments: ['b'], values: ['x', 'y'], baseValues: ['x', 'y'] },
  ];
  it('name only the axes that matter when the points are a grid', () => {
    expect(describePoints(axes, [[1, 0], [1, 1]])).toBe('at sweep point a: 2');
    expect(describePoints(axes, [[0, 1], [2, 1]])).toBe('at sweep points a: 1 or a: 3, b: y');
    expect(describePoints(axes, [0, 1, 2].flatMap((a) => [[a, 0], [a, 1]]))).toBe('at every sweep point');
  });

  it('list the points otherwise, the first three', () => {
    expect(describePoints(axes, [[0, 0], [1, 1]])).toBe('at sweep points a: 1, b: x; a: 2, b: y');
    expect(describePoints(axes, [[0, 0], [1, 1], [2, 0], [0, 1], [2, 1]])).toBe('at sweep points a: 1, b: x; a: 2, b: y; a: 3, b: x and 2 more');
  });
});
