/**
 * Builders of resolved specs for code that skips the scenario file (tests, the bench, library
 * users): the defaults a scenario file would get, each overridable.
 */
import type { FunctionSpec, RunSpec } from './types.js';

/** A function with a scenario file's defaults: guest namespace, nodejs:20, 256 MiB, 100 ms constant exec, no cold start, no payloads. */
export function functionSpec(name: string, options: Partial<Omit<FunctionSpec, 'name'>> = {}): FunctionSpec {
  return {
    name,
    namespace: 'guest',
    kind: 'nodejs:20',
    memoryMiB: 256,
    exec: { dist: 'constant', value: 0.1 },
    coldStart: { dist: 'constant', value: 0 },
    inputBytes: 0,
    outputBytes: 0,
    ...options,
  };
}

/** One run (variant `base`, no sweep point) with a file's defaults: seed 1, no warm-up, one replication, no sampling. */
export function buildRunSpec(o: Pick<RunSpec, 'platform' | 'functions' | 'workload' | 'durationSeconds'> & Partial<RunSpec>): RunSpec {
  return {
    scenario: 'built',
    variant: 'base',
    point: {},
    pointIndex: 0,
    seed: 1,
    warmupSeconds: 0,
    replications: 1,
    sampleIntervalSeconds: 0,
    ...o,
  };
}
