// Hand-built results for output and claim tests (no simulation involved).
import type { Metrics } from '../../src/model/metrics.js';
import type { ReplicationResult, ScenarioResult } from '../../src/run/types.js';
import type { ClaimSpec, RunSpec, Scenario } from '../../src/schema/types.js';

export const SWEEP = 'workload.0.arrivals.poisson';

export function run(variant: string, pointIndex: number, rate: number): RunSpec {
  return {
    scenario: 'demo', variant, point: { [SWEEP]: rate }, pointIndex, seed: 42,
    durationSeconds: 60, warmupSeconds: 10, replications: 3,
    platform: { kind: 'station', servers: 2, queue: Infinity },
    functions: [{ name: 'resize', namespace: 'guest', kind: 'nodejs:20', memoryMiB: 256, exec: { dist: 'exponential', mean: 0.02 }, coldStart: { dist: 'constant', value: 0.5 }, inputBytes: 4096, outputBytes: 4096 }],
    workload: [{ functionIndex: 0, arrivals: { kind: 'poisson', ratePerSecond: rate }, blocking: true }],
    sampleIntervalSeconds: 0,
  };
}

export function scenario(claims: ClaimSpec[] = [], over: Partial<Scenario> = {}): Scenario {
  const variants = ['native', 'clemmys'];
  const rates = [50, 100];
  return {
    name: 'demo', file: 'scenarios/demo.yaml', seed: 42, replications: 3, variants,
    sweepPaths: [SWEEP],
    runs: variants.flatMap((v) => rates.map((r, i) => run(v, i, r))),
    claims, charts: [],
    source: { name: 'demo', seed: 42, sweep: { [SWEEP]: ['50/s', '100/s'] } },
    ...over,
  };
}

export function rep(variant: string, pointIndex: number, replication: number, metrics: Metrics, extra: Partial<ReplicationResult> = {}): ReplicationResult {
  return { variant, pointIndex, point: { [SWEEP]: [50, 100][pointIndex] }, replication, metrics, perFunction: {}, events: 1000, ...extra };
}

export function result(replications: ReplicationResult[], claims: ClaimSpec[] = [], over: Partial<Scenario> = {}): ScenarioResult {
  return { scenario: scenario(claims, over), replications, version: '0.1.0' };
}

/** 2 variants x 2 points x 3 replications; throughput and latency vary by replication. */
export function standardResult(claims: ClaimSpec[] = []): ScenarioResult {
  const reps: ReplicationResult[] = [];
  for (const variant of ['native', 'clemmys']) {
    for (const p of [0, 1]) {
      const rate = [50, 100][p];
      for (const r of [1, 2, 3]) {
        const slow = variant === 'clemmys' ? 1.1 : 1;
        reps.push(rep(variant, p, r, {
          offered: rate,
          throughput: rate - 0.5 * r,
          'latency.p50': 0.02 * slow + 0.001 * r,
          'latency.p99': 0.08 * slow + 0.002 * r,
          coldStartRatio: 0.01 * r,
          rejected: 0,
          'zeta.custom': r,
          'epc.peak': NaN,
        }));
      }
    }
  }
  return result(reps, claims);
}

/** A minimal CSV reader for the tests: quoted fields with doubled quotes, \n records. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

export function claim(over: Partial<ClaimSpec> & Pick<ClaimSpec, 'id' | 'metric' | 'variant'>): ClaimSpec {
  return { allowInconclusive: false, ...over };
}
