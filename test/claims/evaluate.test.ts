import { describe, it, expect } from '@jest/globals';
import { evaluateClaims, claimsOk } from '../../src/claims/evaluate.js';
import { estimate } from '../../src/aggregate/estimate.js';
import { aggregate } from '../../src/aggregate/aggregate.js';
import type { ClaimSpec } from '../../src/schema/types.js';
import type { Metrics } from '../../src/model/metrics.js';
import { claim, rep, result, standardResult, SWEEP } from '../output/fixture.js';
import { claimBoundText, claimMessage, formatClaimTable } from '../../src/output/claims-table.js';
import { claimsCsv, claimsJson } from '../../src/output/claims-data.js';
import { toJUnitXml } from '../../src/output/junit.js';

/** native and clemmys at one point, replication i of each given by the arrays. */
function paired(native: number[], clemmys: number[], claims: ClaimSpec[], metric = 'throughput') {
  const reps = [
    ...native.map((v, i) => rep('native', 0, i + 1, { [metric]: v } as Metrics)),
    ...clemmys.map((v, i) => rep('clemmys', 0, i + 1, { [metric]: v } as Metrics)),
  ];
  return evaluateClaims(result(reps, claims));
}

describe('evaluateClaims: value claims', () => {
  it('passes a true claim at every point, fails a false one', () => {
    const v = evaluateClaims(standardResult([
      claim({ id: 'tp', metric: 'throughput', variant: 'native', value: { min: 40 } }),
      claim({ id: 'fast', metric: 'latency.p50', variant: 'clemmys', value: { max: 0.01 } }),
    ]));
    expect(v.map((x) => `${x.claim}@${x.point[SWEEP]}:${x.verdict}:${x.ok}`)).toEqual([
      'tp@50:pass:true', 'tp@100:pass:true', 'fast@50:fail:false', 'fast@100:fail:false',
    ]);
    const e = estimate([49.5, 49, 48.5]);
    expect(v[0]).toMatchObject({ scenario: 'demo', file: 'scenarios/demo.yaml', metric: 'throughput', variant: 'native', kind: 'value', pointIndex: 0, n: 3, value: e.mean, low: e.low, high: e.high, bounds: { min: 40 } });
    expect(claimBoundText(v[0])).toBe('40 /s <= value');
    expect(claimBoundText(v[2])).toBe('value <= 10 ms');
    expect(claimMessage(v[2])).toMatch(/outside value <= 10 ms/);
    expect(claimsOk(v)).toBe(false);
  });

  it('is inconclusive when the CI straddles the bound, ok only when allowed', () => {
    // native at 50/s: 49.5, 49, 48.5 -> CI about [47.8, 50.2]
    const v = evaluateClaims(standardResult([
      claim({ id: 'edge', metric: 'throughput', variant: 'native', value: { min: 49 }, at: { [SWEEP]: 50 } }),
      claim({ id: 'edge-ok', metric: 'throughput', variant: 'native', value: { min: 49 }, at: { [SWEEP]: 50 }, allowInconclusive: true }),
    ]));
    expect(v.map((x) => [x.verdict, x.ok])).toEqual([['inconclusive', false], ['inconclusive', true]]);
    expect(claimMessage(v[0])).toMatch(/straddles/);
  });

  it('treats bounds as inclusive and, with one replication, decides on the point alone', () => {
    const reps = [rep('native', 0, 1, { throughput: 10 })];
    const one = (bound: ClaimSpec['value']) => evaluateClaims(result(reps, [claim({ id: 'x', metric: 'throughput', variant: 'native', value: bound })], { variants: ['native'] }))[0];
    expect(one({ min: 10, max: 10 })).toMatchObject({ verdict: 'pass', n: 1, value: 10, low: 10, high: 10 });
    expect(one({ min: 10.0001 }).verdict).toBe('fail');
    expect(one({ max: 9 }).verdict).toBe('fail');
  });

  it('widens a quantile interval by the sketch accuracy (0.1 %), so it is not decided below that resolution', () => {
    // five replications whose p50 fell in the same sketch bucket: zero spread
    const reps = [1, 2, 3, 4, 5].map((r) => rep('native', 0, r, { 'latency.p50': 0.1, 'latency.mean': 0.1 }));
    const judge = (metric: string, max: number) =>
      evaluateClaims(result(reps, [claim({ id: 'x', metric, variant: 'native', value: { max } })], { variants: ['native'] }))[0];
    expect(judge('latency.p50', 0.10005)).toMatchObject({ verdict: 'inconclusive', high: 0.1 * 1.001 });
    expect(judge('latency.p50', 0.1002).verdict).toBe('pass');
    expect(judge('latency.p50', 0.0998).verdict).toBe('fail');
    // a mean is exact: the same bound decides
    expect(judge('latency.mean', 0.10005).verdict).toBe('pass');
  });

  it('is inconclusive, with a note, when a replication has no value', () => {
    const v = paired([10, NaN, 12], [1, 1, 1], [claim({ id: 'n', metric: 'throughput', variant: 'native', value: { min: 1 } })]);
    expect(v[0].verdict).toBe('inconclusive');
    expect(claimMessage(v[0])).toMatch(/1 of 3 replications have no value/);
  });

  it('selects points with at, in base units', () => {
    const v = evaluateClaims(standardResult([claim({ id: 'warm', metric: 'latency.p50', variant: 'native', value: { max: 0.05 }, at: { [SWEEP]: 100 } })]));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ pointIndex: 1, point: { [SWEEP]: 100 }, verdict: 'pass' });
  });
});

describe('evaluateClaims: ratio claims', () => {
  it('uses paired per-replication ratios, not the ratio of the means', () => {
    // Each clemmys replication is 1.1 x the native one with the same seed: the paired ratio is
    // exactly 1.1 (zero-width CI, pass), whereas the two means have wide, overlapping intervals.
    const [v] = paired([100, 200, 300], [110, 220, 330], [claim({ id: 'r', metric: 'throughput', variant: 'clemmys', baseline: 'native', ratio: { max: 1.15 } })]);
    expect(v).toMatchObject({ kind: 'ratio', baseline: 'native', verdict: 'pass', bounds: { max: 1.15 } });
    expect(claimBoundText(v)).toBe('ratio <= 1.15');
    expect(v.value).toBeCloseTo(1.1, 12);
    expect(v.high - v.low).toBeLessThan(1e-9);
    const n = estimate([100, 200, 300]);
    const c = estimate([110, 220, 330]);
    expect(c.low).toBeLessThan(n.high); // unpaired, the two intervals overlap: no decision possible
    expect(c.high).toBeGreaterThan(1.15 * n.mean);
    // The mean of the ratios differs from the ratio of the means (4/3 vs 110/70).
    const [w] = paired([10, 20, 40], [10, 20, 80], [claim({ id: 'r', metric: 'throughput', variant: 'clemmys', baseline: 'native', ratio: { min: 0.5 } })]);
    expect(w.value).toBeCloseTo(4 / 3, 12);
    expect(w.value).toBe(estimate([1, 1, 2]).mean);
    expect(Math.abs(w.value - 110 / 70)).toBeGreaterThan(0.2);
    expect(w.low).toBe(estimate([1, 1, 2]).low);
  });

  it('pairs by replication number, whatever the order of the rows', () => {
    const reps = [
      rep('native', 0, 2, { throughput: 200 }), rep('native', 0, 1, { throughput: 100 }),
      rep('clemmys', 0, 1, { throughput: 110 }), rep('clemmys', 0, 2, { throughput: 220 }),
    ];
    const [v] = evaluateClaims(result(reps, [claim({ id: 'r', metric: 'throughput', variant: 'clemmys', baseline: 'native', ratio: { min: 1.09, max: 1.11 } })]));
    expect(v.verdict).toBe('pass');
  });

  it('is inconclusive when a baseline value is zero', () => {
    const [v] = paired([0, 1, 1], [1, 1, 1], [claim({ id: 'r', metric: 'throughput', variant: 'clemmys', baseline: 'native', ratio: { max: 2 } })]);
    expect(v.verdict).toBe('inconclusive');
    expect(claimMessage(v)).toMatch(/no ratio/);
  });

  it('renders two-sided bounds', () => {
    const [v] = paired([1, 1], [1, 1], [claim({ id: 'r', metric: 'throughput', variant: 'clemmys', baseline: 'native', ratio: { min: 0.95, max: 1.05 } })]);
    expect(claimBoundText(v)).toBe('0.95 <= ratio <= 1.05');
    expect(v.verdict).toBe('pass');
  });
});

describe("evaluateClaims: a paper's claim (paper: true) apart from the check", () => {
  // clemmys keeps 0.88x and 0.65x of native's throughput: the paper expects at least 0.95x
  const same = { id: 'same', metric: 'throughput', variant: 'clemmys', baseline: 'native', ratio: { min: 0.95 } } as const;
  const judged = (clemmys: number[], holds: boolean) => paired([100, 100, 100], clemmys, [claim({ ...same, paper: { holds } })])[0];

  it('says the paper\'s claim does not hold, and the check passes when the scenario expects that', () => {
    const v = judged([88, 89, 87], false);
    expect(v).toMatchObject({ paper: 'does not hold', paperExpected: 'does not hold', verdict: 'pass', ok: true });
    expect(claimMessage(v)).toMatch(/outside the paper's 0\.95 <= ratio: the paper's claim does not hold, as the scenario expects$/);
    const table = formatClaimTable([v]).split('\n');
    expect(table[0].split(/\s{2,}/).slice(-2)).toEqual(["paper's claim", 'check']);
    expect(table[2].split(/\s{2,}/).slice(-2)).toEqual(['does not hold', 'pass']);
  });

  it('fails the check when the paper\'s claim holds against the expectation, and the reverse', () => {
    expect(judged([99, 100, 101], false)).toMatchObject({ paper: 'holds', verdict: 'fail', ok: false });
    expect(judged([88, 89, 87], true)).toMatchObject({ paper: 'does not hold', paperExpected: 'holds', verdict: 'fail', ok: false });
    expect(judged([99, 100, 101], true)).toMatchObject({ paper: 'holds', verdict: 'pass', ok: true });
    expect(claimMessage(judged([88, 89, 87], true))).toMatch(/the paper's claim does not hold, the scenario expects that it holds$/);
  });

  it('is undecided (inconclusive) when the interval straddles the paper\'s bound', () => {
    const v = judged([90, 100, 98], false);
    expect(v).toMatchObject({ paper: 'undecided', verdict: 'inconclusive', ok: false });
  });

  it('carries both answers into the CSV and JSON verdicts, and JUnit says the paper\'s verdict of a passing check', () => {
    const v = judged([88, 89, 87], false);
    const [header, row] = claimsCsv([v]).trim().split('\n');
    const cell = (name: string) => row.split(',')[header.split(',').indexOf(name)];
    expect([cell('paper'), cell('paper.expected'), cell('verdict'), cell('ok')]).toEqual(['does not hold', 'does not hold', 'pass', 'true']);
    expect(JSON.parse(claimsJson([v])).claims[0]).toMatchObject({ paper: 'does not hold', paperExpected: 'does not hold', verdict: 'pass' });
    expect(toJUnitXml([v])).toContain("<system-out>paper&apos;s claim: does not hold;");
  });

  it('leaves a claim without paper: true as it was: no paper fields, no column', () => {
    const [v] = paired([100, 100, 100], [88, 89, 87], [claim({ ...same })]);
    expect(v.verdict).toBe('fail');
    expect(v.paper).toBeUndefined();
    expect(formatClaimTable([v])).not.toContain("paper's claim");
  });
});

describe('evaluateClaims: errors', () => {
  const one = (c: ClaimSpec) => evaluateClaims(standardResult([c]));

  it('reports an unknown metric as an error that fails', () => {
    const v = one(claim({ id: 'typo', metric: 'latency.p95', variant: 'native', value: { max: 1 } }));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ verdict: 'error', ok: false });
    expect(claimMessage(v[0])).toMatch(/no result has metric "latency.p95"/);
    expect(claimsOk(v)).toBe(false);
  });

  it('reports unknown variants, sweep paths, unmatched points and missing bounds', () => {
    expect(claimMessage(one(claim({ id: 'a', metric: 'throughput', variant: 'sgx', value: { max: 1 } }))[0])).toMatch(/variant "sgx" has no results/);
    expect(claimMessage(one(claim({ id: 'b', metric: 'throughput', variant: 'native', baseline: 'nope', ratio: { max: 1 } }))[0])).toMatch(/variant "nope"/);
    expect(claimMessage(one(claim({ id: 'c', metric: 'throughput', variant: 'native', value: { max: 1 }, at: { duration: 1 } }))[0])).toMatch(/not a sweep path/);
    expect(claimMessage(one(claim({ id: 'd', metric: 'throughput', variant: 'native', value: { max: 1 }, at: { [SWEEP]: 75 } }))[0])).toMatch(/no sweep point matches/);
    expect(one(claim({ id: 'e', metric: 'throughput', variant: 'native', value: {} }))[0].verdict).toBe('error');
    expect(claimMessage(one(claim({ id: 'f', metric: 'throughput', variant: 'native', ratio: { max: 1 } }))[0])).toMatch(/needs a baseline/);
  });

  it('uses per-function metrics, and the whole run when there is a single function', () => {
    const fnResult = result([
      rep('native', 0, 1, { throughput: 10 }, { perFunction: { a: { throughput: 4 }, b: { throughput: 6 } } }),
      rep('native', 0, 2, { throughput: 10 }, { perFunction: { a: { throughput: 4 }, b: { throughput: 6 } } }),
    ], [claim({ id: 'fa', metric: 'throughput', variant: 'native', function: 'a', value: { max: 5 } }),
      claim({ id: 'fz', metric: 'throughput', variant: 'native', function: 'z', value: { max: 5 } })], { variants: ['native'] });
    const v = evaluateClaims(fnResult);
    expect(v[0]).toMatchObject({ function: 'a', value: 4, verdict: 'pass' });
    expect(v[1]).toMatchObject({ verdict: 'error' });
    // The fixture's runs have the single function 'resize': its claims read the whole-run metrics.
    const single = one(claim({ id: 's', metric: 'throughput', variant: 'native', function: 'resize', value: { min: 40 } }));
    expect(single.map((x) => x.verdict)).toEqual(['pass', 'pass']);
  });
});

describe('evaluateClaims: per-function claims across variants with different functions', () => {
  it('reads a one-function variant from its whole-run rows and a several-function variant from its own rows', async () => {
    const { parseScenario } = await import('../../src/scenario/load.js');
    const { runScenario } = await import('../../src/run/run.js');
    const scenario = parseScenario(
      `name: fn-claims
duration: 100s
replications: 2
platform: { kind: station, servers: 4 }
functions:
  - { name: f, exec: { dist: exponential, mean: 10ms } }
workload:
  - { function: f, arrivals: { poisson: 20/s } }
variants:
  one: {}
  two:
    functions: [{ name: f, exec: { dist: exponential, mean: 10ms } }, { name: g, exec: 5ms }]
    workload: [{ function: f, arrivals: { poisson: 20/s } }, { function: g, arrivals: { poisson: 5/s } }]
claims:
  - { id: one-f, metric: latency.mean, variant: one, function: f, value: { max: 1s } }
  - { id: two-vs-one, metric: latency.mean, variant: two, baseline: one, function: f, ratio: { min: 0.5, max: 2 } }
`,
      'fn-claims.yaml',
    );
    const verdicts = evaluateClaims(await runScenario(scenario));
    expect(verdicts.map((v) => [v.claim, v.verdict])).toEqual([
      ['one-f', 'pass'],
      ['two-vs-one', 'pass'],
    ]);
  });
});

describe('evaluateClaims: a declared mean that nothing observed', () => {
  it('is an empty value, so a claim on it is inconclusive (it had no observation), not an error', async () => {
    const { parseScenario } = await import('../../src/scenario/load.js');
    const { runScenario } = await import('../../src/run/run.js');
    const { summaryCsv } = await import('../../src/output/summary-csv.js');
    // every call non-blocking: no result ack, so latency.breakdown.acks never has a sample
    const scenario = parseScenario(
      `name: no-acks
duration: 20s
replications: 2
platform: { kind: openwhisk, invokers: 1 }
functions:
  - { name: f, exec: 10ms }
workload:
  - { function: f, arrivals: { poisson: 5/s }, blocking: false }
claims:
  - { id: acks, metric: latency.breakdown.acks, variant: base, value: { max: 1s } }
  - { id: run, metric: latency.breakdown.run, variant: base, value: { max: 1s } }
`,
      'no-acks.yaml',
    );
    const result = await runScenario(scenario);
    const [acks, run] = evaluateClaims(result);
    expect(acks).toMatchObject({ verdict: 'inconclusive', n: 0, replications: 2 });
    expect(claimMessage(acks!)).toBe('2 of 2 replications have no value of latency.breakdown.acks (no observations)');
    expect(run.verdict).toBe('pass');
    const [header, firstRow] = summaryCsv(result).split('\n');
    const column = header.split(',').indexOf('latency.breakdown.acks');
    expect(column).toBeGreaterThan(0);
    expect(firstRow.split(',')[column]).toBe('');
  });
});

describe('a proportion (coldStartRatio, utilization) stays within [0, 1]', () => {
  // three replications with no cold start and one with 1 %: the t interval reaches below 0
  const reps = [0, 0, 0, 0.01].map((x, i) => rep('native', 0, i + 1, { coldStartRatio: x, throughput: x }));
  const input = result(reps, [claim({ id: 'few-cold', metric: 'coldStartRatio', variant: 'native', value: { max: 0.05 } })], { variants: ['native'] });

  it('in the claim verdict: the interval starts at 0, not below', () => {
    const raw = estimate([0, 0, 0, 0.01]);
    expect(raw.low).toBeLessThan(0);
    const [v] = evaluateClaims(input);
    expect(v).toMatchObject({ verdict: 'pass', low: 0, high: raw.high });
  });

  it('in the aggregate (summary.csv, the table): clipped for a proportion, not for a rate', () => {
    const group = aggregate(input)[0];
    expect(group.estimates.coldStartRatio.low).toBe(0);
    expect(group.estimates.throughput.low).toBeLessThan(0);
  });
});
