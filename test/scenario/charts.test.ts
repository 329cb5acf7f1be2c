import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { readReference } from '../../src/scenario/chart-reference.js';
import { mmcMeanWait } from '../../src/metrics/queueing.js';
import { summaryFromJson } from '../../src/output/summary.js';
import { summaryJson } from '../../src/output/summary-json.js';
import { errorOf, writeScenario } from './helpers.js';

/** An OpenWhisk scenario with a native and an SGX variant; `charts` appended. */
const secure = (charts: string) => `name: mixed
duration: 10s
hardware: { profile: gemini-lake-j5005, epc: 94MiB }
platform: { kind: openwhisk, invokers: 1, security: sgx }
functions:
  - { name: f, exec: 20ms }
workload:
  - { function: f, arrivals: { poisson: 5/s } }
variants:
  native: { "platform.security": none }
  sgx: {}
sweep:
  hardware.epc: [64MiB, 128MiB]
charts:
${charts}`;

describe('charts of metrics that only some variants report', () => {
  it('accepts an SGX metric or time-series column beside a native variant', () => {
    const scenario = loadScenario(writeScenario(secure('  - { x: hardware.epc, y: epc.pagedIn }\n  - { x: time, y: epcUsedMiB }\n  - { x: variant, y: enclave.startup.mean }\n')));
    expect(scenario.charts.map((c) => c.y)).toEqual(['epc.pagedIn', 'epcUsedMiB', 'enclave.startup.mean']);
  });

  it('refuses a metric no variant reports, located at y', () => {
    const error = errorOf(writeScenario(secure('  - { x: hardware.epc, y: gateway.utilization }\n')));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: 'charts[0].y', line: 15 });
    expect(error.issues[0].message).toContain('gateway.utilization is not a metric of platform openwhisk');
    expect(errorOf(writeScenario(secure('  - { x: time, y: epcUsedMib }\n'))).issues[0].message).toContain('did you mean "epcUsedMiB"?');
  });
});

describe('the breakdown chart', () => {
  it('is a bar per variant or per function; its y is the mean its parts add up to', () => {
    const scenario = loadScenario(writeScenario(secure('  - { breakdown: latency, x: variant }\n  - { breakdown: latency, x: function, title: per function }\n')));
    expect(scenario.charts).toEqual([{ breakdown: 'latency', x: 'variant', y: 'latency.mean' }, { breakdown: 'latency', x: 'function', y: 'latency.mean', title: 'per function' }]);
  });

  it.each([
    ['  - { breakdown: latency, x: offered }\n', 'charts[0].x', 'a breakdown has a bar per variant or per function'],
    ['  - { breakdown: latency, x: variant, y: latency.p50 }\n', 'charts[0].y', 'a breakdown draws the parts of latency.mean (marked on each bar): leave out y'],
    ['  - { breakdown: latency, x: variant, color: function }\n', 'charts[0].color', 'the colours of a breakdown are its parts'],
    ['  - { breakdown: wait, x: variant }\n', 'charts[0].breakdown', 'a breakdown draws the parts of "latency"; got "wait"'],
  ])('refuses %j at its key', (chart, path, message) => {
    const [issue] = errorOf(writeScenario(secure(chart))).issues;
    expect(issue.path).toBe(path);
    expect(issue.message).toContain(message);
  });

  it('refuses a breakdown of a platform that reports no parts', () => {
    const station = `name: s\nduration: 10s\nplatform: { kind: station, servers: 1 }\nfunctions: [{ name: f, exec: 1ms }]\nworkload: [{ function: f, arrivals: { poisson: 1/s } }]\ncharts:\n  - { breakdown: latency, x: variant }\n`;
    expect(errorOf(writeScenario(station)).issues[0].message).toContain('no platform of this scenario reports the parts of latency');
  });
});

/** A station scenario whose first chart carries `reference`, its CSV written beside it. */
function withReference(reference: string, csv: string | undefined): string {
  const file = writeScenario(`name: r
duration: 10s
platform: { kind: station, servers: 2 }
functions: [{ name: f, exec: 10ms }]
workload: [{ function: f, arrivals: { poisson: 10/s } }]
sweep:
  workload.0.arrivals.poisson: [10/s, 20/s]
charts:
  - { x: workload.0.arrivals.poisson, y: wait.mean, reference: ${reference} }
`);
  if (csv !== undefined) {
    mkdirSync(join(dirname(file), 'data'), { recursive: true });
    writeFileSync(join(dirname(file), 'data', 'points.csv'), csv);
  }
  return file;
}

describe('reference points on a chart', () => {
  it('are read from the CSV beside the scenario when it loads, in base units, with their label', () => {
    const file = withReference('{ file: data/points.csv, x: rate, y: wait, label: measured }', 'rate,wait\n10/s,1.5ms\n20,0.004\n');
    const [chart] = loadScenario(file).charts;
    expect(chart.reference).toEqual({ file: 'data/points.csv', x: 'rate', y: 'wait', label: 'measured', points: [{ x: 10, y: 0.0015 }, { x: 20, y: 0.004 }] });
  });

  it.each([
    ['a missing file', '{ file: data/nope.csv, x: rate, y: wait }', 'rate,wait\n1,1\n', 'charts[0].reference.file', 'cannot read data/nope.csv'],
    ['a missing column', '{ file: data/points.csv, x: rate, y: mean }', 'rate,wait\n1,1\n', 'charts[0].reference.y', 'data/points.csv has no column "mean"; its columns: rate, wait'],
    ['a cell that is not a number', '{ file: data/points.csv, x: rate, y: wait }', 'rate,wait\n1,1\n2,fast\n', 'charts[0].reference.file', 'data/points.csv:3: column wait: expected a number or a quantity'],
    ['no rows', '{ file: data/points.csv, x: rate, y: wait }', 'rate,wait\n', 'charts[0].reference.file', 'has a header but no rows'],
    ['a misspelt key', '{ file: data/points.csv, x: rate, y: wait, lable: m }', 'rate,wait\n1,1\n', 'charts[0].reference.lable', 'did you mean "label"?'],
  ])('refuse %s, located in the scenario', (_name, reference, csv, path, message) => {
    const [issue] = errorOf(withReference(reference, csv)).issues;
    expect(issue).toMatchObject({ path, line: 9 });
    expect(issue.message).toContain(message);
  });

  it('need a numeric x axis', () => {
    const file = writeScenario(`name: r\nduration: 10s\nplatform: { kind: station, servers: 2 }\nfunctions: [{ name: f, exec: 10ms }]\nworkload: [{ function: f, arrivals: { poisson: 10/s } }]\ncharts:\n  - { x: variant, y: wait.mean, reference: { file: x.csv, x: a, y: b } }\n`);
    expect(errorOf(file).issues[0]).toMatchObject({ path: 'charts[0].reference', message: expect.stringContaining('need a numeric x axis') });
  });

  it("default.yaml draws Erlang C's mean waits, which the shipped CSV holds to 5 digits", () => {
    const scenario = loadScenario('scenarios/default.yaml');
    const { reference } = scenario.charts[0];
    expect(reference?.label).toBe('Erlang C');
    expect(reference!.points.length).toBeGreaterThanOrEqual(3);
    for (const { x, y } of reference!.points) expect(Math.abs(y / mmcMeanWait(4, x, 50) - 1)).toBeLessThan(5e-5);
    // the sweep's own points are among them
    const rates = scenario.runs.map((r) => r.point['workload.0.arrivals.poisson']);
    for (const rate of rates) expect(reference!.points.some((p) => p.x === rate)).toBe(true);
    expect(readReference({ file: 'default-erlang-c.csv', x: 'arrival rate', y: 'mean wait' }, 'scenarios').reference?.label).toBe('default-erlang-c');
    expect(readFileSync('scenarios/default-erlang-c.csv', 'utf8')).toMatch(/^# Erlang C/);
  });

  it('travel with the result: summary.json keeps them, so a report needs no other file', () => {
    const scenario = loadScenario(withReference('{ file: data/points.csv, x: rate, y: wait }', 'rate,wait\n10,0.001\n'));
    const text = summaryJson({ scenario, replications: [], version: '0.1.0' });
    expect(summaryFromJson(text, 'summary.json').scenario.charts).toEqual(scenario.charts);
  });
});

describe('a sweep axis with a label', () => {
  const text = (axis: string) => `name: l
duration: 10s
platform: { kind: station, servers: 2 }
functions: [{ name: f, exec: 10ms }]
workload: [{ function: f, arrivals: { poisson: 10/s } }]
sweep:
  zip:
    workload.0.arrivals.poisson: ${axis}
    platform.servers: [1, 2]
`;

  it('runs the same points as its list: the label only names the axis', () => {
    const plain = loadScenario(writeScenario(text('[10/s, 20/s]')));
    const labelled = loadScenario(writeScenario(text('{ values: [10/s, 20/s], label: offered load }')));
    expect(labelled.runs.map((r) => r.point)).toEqual(plain.runs.map((r) => r.point));
    expect(labelled.sweepPaths).toEqual(plain.sweepPaths);
  });

  it('refuses a label that is not words, or another key, located in the file', () => {
    expect(errorOf(writeScenario(text('{ values: [10/s, 20/s], label: 3 }'))).issues[0]).toMatchObject({ path: 'sweep.zip.workload.0.arrivals.poisson.label', line: 8 });
    const [issue] = errorOf(writeScenario(text('{ values: [10/s, fast] }'))).issues;
    expect(issue.path).toBe('sweep.zip.workload.0.arrivals.poisson.values[1]');
    expect(errorOf(writeScenario(text('{ valus: [10/s] }'))).issues[0].message).toContain('an axis is a list of values, or { values: [...], label: words }');
  });
});
