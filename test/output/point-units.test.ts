import { describe, expect, it } from '@jest/globals';
import type { ClaimVerdict } from '../../src/claims/evaluate.js';
import { sweepValueText } from '../../src/output/chart-axes.js';
import { formatClaimTable, formatPaperVerdicts, pointText } from '../../src/output/claims-table.js';
import { parseScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/schema/types.js';

// A claim's point says each sweep value with its unit, as the summary table and the charts do.
const sgx = parseScenario(`name: units
duration: 10s
hardware: icelake-sp
platform: { kind: openwhisk, invokers: 1, security: { mode: sgx } }
functions:
  - { name: f, exec: 10ms, enclave: { heap: 64MiB } }
workload:
  - { function: f, arrivals: { poisson: 5/s } }
sweep:
  hardware: [icelake-sp, gemini-lake-j5005]
  functions.0.enclave.heap: [64MiB, 256MiB]
  workload.0.arrivals.poisson: [5/s, 20/s]
`, 'units.yaml');

const estimates = parseScenario(`name: estimates
duration: 10s
hardware: xeon-sapphire-rapids
platform: { kind: openwhisk, invokers: 1, security: { mode: sgx, sgx: v1 } }
functions:
  - { name: f, exec: 10ms }
workload:
  - { function: f, arrivals: { poisson: 5/s } }
sweep:
  hardware.pageLoad: [3.57us, 7.14us, 14.28us]
  hardware.tdx.cpuFactor: [1.03, 1.05]
`, 'estimates.yaml');

// a written 7.14us is 0.000007139999999999999 s: numbers match to a relative 1e-12
const same = (a: number | string | undefined, b: number | string) => (typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-12 * Math.abs(b) : a === b);
const pointOf = (s: Scenario, where: Record<string, number | string>) => s.runs.find((r) => Object.entries(where).every(([k, v]) => same(r.point[k], v)))!.point;

describe("a claim's point with units (pointText)", () => {
  it('a string as written, a size in MiB, a rate in /s', () => {
    const point = pointOf(sgx, { hardware: 'icelake-sp', 'functions.0.enclave.heap': 256, 'workload.0.arrivals.poisson': 20 });
    expect(pointText(point, sgx)).toBe('hardware=icelake-sp, functions.0.enclave.heap=256 MiB, workload.0.arrivals.poisson=20 /s');
  });

  it('a time in the unit of its path (us here), a plain number bare', () => {
    const point = pointOf(estimates, { 'hardware.tdx.cpuFactor': 1.05 });
    expect(point['hardware.pageLoad']).toBeCloseTo(3.57e-6, 15);
    expect(pointText(point, estimates)).toBe('hardware.pageLoad=3.57 us, hardware.tdx.cpuFactor=1.05');
    // without the scenario, base units (what claims.csv holds)
    expect(pointText(point)).toBe('hardware.pageLoad=0.00000357, hardware.tdx.cpuFactor=1.05');
  });

  it('the summary table and a chart legend say the same value alike (one formatter)', () => {
    expect(sweepValueText(estimates, 'hardware.pageLoad', 7.14e-6)).toBe('7.14 us');
    expect(sweepValueText(sgx, 'functions.0.enclave.heap', 64)).toBe('64 MiB');
  });

  it("in the claims table and the paper's verdicts when they are given the scenarios", () => {
    const point = pointOf(estimates, { 'hardware.tdx.cpuFactor': 1.05, 'hardware.pageLoad': 7.14e-6 });
    const v: ClaimVerdict = {
      scenario: 'estimates', file: 'estimates.yaml', claim: 'c', metric: 'latency.p50', variant: 'sgx', kind: 'value', pointIndex: 0, point,
      replications: 2, n: 2, value: 0.1, low: 0.09, high: 0.11, bounds: { max: 0.2 }, verdict: 'pass', paper: 'holds', paperExpected: 'holds', ok: true,
    };
    const at = 'hardware.pageLoad=7.14 us, hardware.tdx.cpuFactor=1.05';
    expect(formatClaimTable([v], { scenarios: [sgx, estimates] })).toContain(`  ${at}  `);
    expect(formatPaperVerdicts([v], { scenarios: [estimates] })).toContain(`  ${at}  `);
    // a verdict of another scenario (or none given): base units
    expect(formatClaimTable([v], { scenarios: [sgx] })).toContain('hardware.pageLoad=0.00000714,');
  });
});
