// Builders for run specs and checks against closed forms, shared by the run, platform and workload tests.
import { expect } from '@jest/globals';
import { estimate } from '../../src/aggregate/estimate.js';
import type { Estimate } from '../../src/aggregate/estimate.js';
import { runReplication } from '../../src/run/run.js';
import type { ReplicationResult } from '../../src/run/types.js';
import { buildRunSpec, functionSpec } from '../../src/schema/build.js';
import type { ArrivalSpec, DistributionSpec, FunctionSpec, PlatformSpec, RunSpec, WorkloadSpec } from '../../src/schema/types.js';

export function fnSpec(name: string, exec: DistributionSpec, coldStart: DistributionSpec = { dist: 'constant', value: 0 }): FunctionSpec {
  return functionSpec(name, { exec, coldStart });
}

export function load(functionIndex: number, arrivals: ArrivalSpec, blocking = true): WorkloadSpec {
  return { functionIndex, arrivals, blocking };
}

/** The shared builder's run, seeded 7 (the seed these tests' intervals were drawn with). */
export function runSpec(o: Parameters<typeof buildRunSpec>[0]): RunSpec {
  return buildRunSpec({ scenario: 'test', seed: 7, ...o });
}

/** One Poisson-fed function with exponential service of mean `1 / serviceRate`. */
export function poissonSpec(platform: PlatformSpec, arrivalRate: number, exec: DistributionSpec, durationSeconds: number, warmupSeconds: number, coldStart?: DistributionSpec): RunSpec {
  return runSpec({
    platform,
    functions: [fnSpec('f', exec, coldStart)],
    workload: [load(0, { kind: 'poisson', ratePerSecond: arrivalRate })],
    durationSeconds,
    warmupSeconds,
  });
}

export async function replicate(spec: RunSpec, replications: number): Promise<ReplicationResult[]> {
  const out: ReplicationResult[] = [];
  for (let i = 1; i <= replications; i++) out.push(await runReplication(spec, i));
  return out;
}

/** A 99 % CI of a metric across replications: with fixed seeds a 95 % one would fail one check in twenty by chance. */
export function ci(results: ReplicationResult[], metric: string, confidence = 0.99): Estimate {
  return estimate(results.map((r) => r.metrics[metric]), confidence);
}

/**
 * The closed form lies inside the replications' confidence interval, and the interval is
 * narrower than `maxRelativeHalfWidth` of it (otherwise the check would prove nothing).
 */
export function expectInCi(results: ReplicationResult[], metric: string, exact: number, maxRelativeHalfWidth = 0.05): void {
  const e = ci(results, metric);
  const shown = `${metric}: exact ${exact}, simulated ${e.mean} ± ${e.halfWidth}`;
  expect({ shown, inside: e.low <= exact && exact <= e.high }).toEqual({ shown, inside: true });
  expect({ shown, narrow: e.halfWidth <= maxRelativeHalfWidth * Math.abs(exact) }).toEqual({ shown, narrow: true });
}

/** Relative difference check with a readable failure message. */
export function expectClose(actual: number, expected: number, relative: number, what = ''): void {
  const shown = `${what} actual ${actual}, expected ${expected} (±${relative * 100} %)`;
  expect({ shown, ok: Math.abs(actual - expected) <= relative * Math.abs(expected) }).toEqual({ shown, ok: true });
}
