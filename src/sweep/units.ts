/**
 * A sweep as a list of independent units: one (run, replication) each, in the canonical order of
 * summary.csv (variant, sweep point, replication). Every unit is seeded by name, so it gives the
 * same bytes wherever it runs: on a worker thread, in another shard, or after a resume.
 */
import { orderedRuns } from '../run/run.js';
import type { RunSpec, Scenario } from '../schema/types.js';
import { effectiveRun } from '../run/effective-run.js';

export interface Unit {
  /** Position in the canonical order, 0-based: the unit's file name and its place in the outputs. */
  index: number;
  spec: RunSpec;
  /** 1-based. */
  replication: number;
  /**
   * The first unit (in canonical order) of the same effective run and replication: this one's
   * index, or that of an earlier unit whose result this one's equals but for the labels (variant,
   * point). A native variant in a sweep over security keys is one run at every point.
   */
  sameAs: number;
}

export function planUnits(scenario: Scenario): Unit[] {
  const units: Unit[] = [];
  const firstOfRun = new Map<string, number>();
  for (const spec of orderedRuns(scenario)) {
    const run = effectiveRun(spec);
    const first = firstOfRun.get(run) ?? units.length;
    firstOfRun.set(run, first);
    // replication r of a run is the (r-1)-th unit after its first
    for (let r = 1; r <= spec.replications; r++) units.push({ index: units.length, spec, replication: r, sameAs: first + r - 1 });
  }
  return units;
}

/** What a person reads in a message about a unit. */
export function describeUnit(unit: Pick<Unit, 'index' | 'replication'> & { spec: Pick<RunSpec, 'variant' | 'pointIndex'> }): string {
  return `unit ${unit.index} (variant ${unit.spec.variant}, point ${unit.spec.pointIndex}, replication ${unit.replication})`;
}

/** Shard `index` of `count`, 0-based. */
export interface Shard {
  index: number;
  count: number;
}

/** The whole sweep as one shard. */
export const WHOLE: Shard = { index: 0, count: 1 };

/**
 * The units of a shard: every `count`-th unit from `index` on. Round robin rather than blocks, so
 * that expensive sweep points (high load, many replications) spread over all shards.
 */
export function unitsOfShard<U extends { index: number }>(units: readonly U[], shard: Shard): U[] {
  return units.filter((u) => u.index % shard.count === shard.index);
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** Where a shard index may come from when `--shard auto/N`: the job engines' own variables. */
export type ShardEnv = Partial<Record<'JOB_COMPLETION_INDEX' | 'SLURM_ARRAY_TASK_ID' | 'SLURM_ARRAY_TASK_MIN', string>>;

/**
 * Parses `--shard i/n` (0 <= i < n). `auto/n` takes i from JOB_COMPLETION_INDEX (a Kubernetes
 * Indexed Job) or else SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN (a Slurm array, whatever
 * its first index). Throws a RangeError with the reason.
 */
export function parseShard(text: string, env: ShardEnv = process.env): Shard {
  const match = /^(auto|\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new RangeError(`--shard: expected i/n (e.g. 0/4) or auto/n, got ${JSON.stringify(text)}`);
  const count = Number(match[2]);
  if (!(count >= 1)) throw new RangeError(`--shard ${text}: n must be >= 1`);
  let index: number;
  if (match[1] !== 'auto') index = Number(match[1]);
  else if (env.JOB_COMPLETION_INDEX !== undefined) index = wholeNumber(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX');
  else if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    index = wholeNumber(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID') - wholeNumber(env.SLURM_ARRAY_TASK_MIN ?? '0', 'SLURM_ARRAY_TASK_MIN');
  } else throw new RangeError(`--shard ${text}: neither JOB_COMPLETION_INDEX (Kubernetes) nor SLURM_ARRAY_TASK_ID (Slurm) is set`);
  if (!(index >= 0 && index < count)) throw new RangeError(`--shard ${text}: the shard index must be 0 to ${count - 1}, got ${index}`);
  return { index, count };
}

function wholeNumber(text: string, name: string): number {
  if (!/^\d+$/.test(text.trim())) throw new RangeError(`--shard auto: ${name} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}
