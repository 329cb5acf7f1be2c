import { describe, expect, it } from '@jest/globals';
import { erlangC, mmcMeanWait } from '../../src/metrics/queueing.js';
import { parseScenario } from '../../src/scenario/load.js';
import { memberName } from '../../src/scenario/families.js';
import { scenarioErrorLines } from './error-lines.js';
import { expectInCi, replicate } from '../run/fixtures.js';
import { runReplication } from '../../src/run/run.js';

const load = (text: string) => parseScenario(text, 'families.yaml');

const errorLines = (text: string) => scenarioErrorLines(text, 'families.yaml');

const scenario = (functions: string, workload: string, rest = '') => `name: fam
duration: 60s
platform: { kind: station, servers: 4 }
functions:
${functions}
workload:
${workload}
${rest}`;

describe('a function entry with count', () => {
  it('stands for count functions named <name>-NN, zero-padded to the width of count - 1', () => {
    const names = (count: number) => load(scenario(`  - { name: f, exec: 10ms, count: ${count} }`, '  - { function: f-*, arrivals: { poisson: 1/s } }')).runs[0].functions.map((f) => f.name);
    const forty = names(40);
    expect([forty.length, forty[0], forty[9], forty[39]]).toEqual([40, 'f-00', 'f-09', 'f-39']);
    expect(names(10)).toEqual(['f-0', 'f-1', 'f-2', 'f-3', 'f-4', 'f-5', 'f-6', 'f-7', 'f-8', 'f-9']);
    expect(names(11).slice(9)).toEqual(['f-09', 'f-10']);
    expect(names(1)).toEqual(['f-0']);
    expect(memberName('g', 100, 101)).toBe('g-100');
  });

  it('takes value i of a list for function i, and shares every other key', () => {
    const [run] = load(scenario('  - { name: f, count: 3, exec: [10ms, 20ms, 30ms], memory: [128MiB, 256MiB, 512MiB], namespace: team }', '  - { function: "*", arrivals: { poisson: 1/s } }')).runs;
    expect(run.functions.map((f) => [f.name, f.memoryMiB, f.exec, f.namespace])).toEqual([
      ['f-0', 128, { dist: 'constant', value: 0.01 }, 'team'],
      ['f-1', 256, { dist: 'constant', value: 0.02 }, 'team'],
      ['f-2', 512, { dist: 'constant', value: 0.03 }, 'team'],
    ]);
  });

  it('sits among plain functions, which keep their names and places', () => {
    const [run] = load(scenario('  - { name: front, exec: 1ms }\n  - { name: f, count: 2, exec: 5ms }\n  - { name: back, exec: 1ms }', '  - { function: back, arrivals: { poisson: 1/s } }')).runs;
    expect(run.functions.map((f) => f.name)).toEqual(['front', 'f-0', 'f-1', 'back']);
    expect(run.workload.map((w) => w.functionIndex)).toEqual([3]);
  });

  it('is reached by variants and sweeps at the entry as written (functions.0.count, functions.0.memory)', () => {
    const text = scenario('  - { name: f, count: 2, exec: 5ms }', '  - { function: f-*, arrivals: { poisson: 1/s } }', 'variants:\n  small: { functions.0.memory: 128MiB }\n  big: {}\nsweep:\n  functions.0.count: [2, 4]\n');
    const runs = load(text).runs.map((r) => `${r.variant} ${r.functions.length} ${r.functions[0].memoryMiB} ${r.workload.length}`);
    expect(runs).toEqual(['small 2 128 2', 'small 4 128 4', 'big 2 256 2', 'big 4 256 4']);
  });

  it('reports a list of the wrong length, a bad value in a list, and a bad count where the file writes them', () => {
    const text = scenario(
      '  - name: f\n    count: 3\n    memory: [128MiB, 256MiB]\n    exec: [10ms, fast, 30ms]\n  - { name: g, count: 2.5, exec: 1ms }',
      '  - { function: f-*, arrivals: { poisson: 1/s } }',
    );
    expect(errorLines(text)).toEqual([
      '7:13: functions[0].memory: a list gives one value per function of the family: expected 3 values (count), got 2',
      '8:18: functions[0].exec[1]: expected a duration like 20ms, 1.5s or 10min, got "fast"',
      '9:23: functions[1].count: count is how many functions the entry stands for: a whole number from 1 to 10000, got 2.5',
    ]);
  });

  it('refuses a count beyond 10,000 before building any function', () => {
    expect(errorLines(scenario('  - { name: f, count: 100000000, exec: 1ms }', '  - { function: f-0, arrivals: { poisson: 1/s } }'))[0]).toMatch(/^5:23: functions\[0\]\.count: .*from 1 to 10000, got 100000000/);
  });
});

describe('a workload entry whose function is a glob', () => {
  it('calls every matching function, in the order of functions, each as an entry of its own', () => {
    const [run] = load(scenario('  - { name: api, exec: 1ms }\n  - { name: f, count: 3, exec: 5ms }', '  - { function: f-*, arrivals: { poisson: 2/s }, blocking: false }\n  - { function: "*", arrivals: { constant: 1/s } }')).runs;
    expect(run.workload.map((w) => [run.functions[w.functionIndex].name, w.arrivals.kind, w.blocking])).toEqual([
      ['f-0', 'poisson', false],
      ['f-1', 'poisson', false],
      ['f-2', 'poisson', false],
      ['api', 'constant', true],
      ['f-0', 'constant', true],
      ['f-1', 'constant', true],
      ['f-2', 'constant', true],
    ]);
  });

  it('that matches nothing is an error at the entry, listing (the first) functions', () => {
    expect(errorLines(scenario('  - { name: f, count: 12, exec: 5ms }', '  - { function: g-*, arrivals: { poisson: 2/s } }'))).toEqual([
      '7:17: workload[0].function: no function matches "g-*" (* matches any characters); functions are "f-00", "f-01", "f-02", "f-03", "f-04", "f-05", "f-06", "f-07", "f-08", "f-09" and 2 more',
    ]);
  });

  it('puts a problem of the entry once, where the file writes it', () => {
    expect(errorLines(scenario('  - { name: f, count: 5, exec: 5ms }', '  - { function: f-*, arrivals: { poisson: fast } }'))).toEqual([
      '7:43: workload[0].arrivals.poisson: expected a rate like 20/s or 300/min, got "fast"',
    ]);
  });
});

describe('running a family', () => {
  const family = (seed: number) =>
    load(`name: fam
seed: ${seed}
duration: 8000s
warmup: 200s
platform: { kind: station, servers: 4 }
functions:
  - { name: f, count: 40, exec: { dist: exponential, mean: 1s } }
workload:
  - { function: f-*, arrivals: { poisson: 0.075/s } }
`).runs[0];

  it('gives each function its own arrival stream: forty Poisson streams of 0.075/s are one of 3/s into M/M/4 (Erlang C)', async () => {
    const results = await replicate(family(7), 12);
    expectInCi(results, 'waitProbability', erlangC(4, 3), 0.06);
    expectInCi(results, 'wait.mean', mmcMeanWait(4, 3, 1), 0.1);
    // independent streams: the functions' counts differ (shared streams would give 40 equal counts)
    const arrivals = Object.values(results[0].perFunction).map((m) => m.arrivals);
    expect(arrivals).toHaveLength(40);
    expect(new Set(arrivals).size).toBeGreaterThan(20);
  });

  it('is deterministic: the same seed gives the same per-function metrics', async () => {
    const [a, b] = [await runReplication(family(3), 1), await runReplication(family(3), 1)];
    expect(JSON.stringify(a.perFunction)).toBe(JSON.stringify(b.perFunction));
  });
});
