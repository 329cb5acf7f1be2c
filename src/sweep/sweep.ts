/**
 * Runs a sweep (or one shard of it) into an output folder, unit by unit, keeping each finished
 * unit on disk; the summary is then assembled from those unit files (merge.ts), the same way
 * whether they came from one run, from a resumed run, or from many shards.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { timeseriesLayout } from '../output/timeseries-csv.js';
import { traceLayout } from '../output/trace-csv.js';
import { tempNameFor } from '../output/write.js';
import { VERSION } from '../run/run.js';
import type { Scenario } from '../schema/types.js';
import { runUnits } from './pool.js';
import { refuseOtherResult } from './folder-result.js';
import { manifestFor, readManifest, UnitStore, unitTimeseriesName, unitTraceName, type Manifest, type TraceSetting } from './store.js';
import { planReuse, writeCopy } from './reuse.js';
import { planUnits, unitsOfShard, WHOLE, type Shard, type Unit } from './units.js';
import type { ReplicationResult } from '../run/types.js';

export interface SweepOptions {
  /** Worker threads; default: the cores available. */
  workers?: number;
  /** Run only this share of the units; default: all. */
  shard?: Shard;
  /** Keep the units already finished in the folder (same sweep and shard) and run only the others. */
  resume?: boolean;
  /**
   * Write over the result of another experiment in the folder (another scenario file, seed, number
   * of replications or shard), or files there that are not secfaas's; without it that is refused.
   */
  replace?: boolean;
  /**
   * Units of this shard done so far (kept ones count from the start) and in all; `current`: a unit
   * under way has got this far in simulated time.
   */
  onProgress?(done: number, total: number, current?: { simulatedSeconds: number; durationSeconds: number }): void;
  /** Aborting stops the units under way (their partial files are removed); the finished ones stay kept. */
  signal?: AbortSignal;
  /**
   * Trace every N-th activation of every unit: each unit's rows go to `<out>/units/<index>.trace.csv`
   * (mergeShards with `trace` gathers them). A resumed sweep must be traced as it was.
   */
  trace?: TraceSetting;
}

export interface SweepReport {
  /** Units of this shard. */
  units: number;
  /** Of which were already finished (resume). */
  kept: number;
  /** Of which were copies of another unit of the same run (not run again). */
  reused: number;
  /** Temporary files of units a killed run left half-written, removed (resume). */
  removedTemporary: number;
  /** How the units were traced: as asked, or as the run it resumes was (a resume without --trace). */
  trace?: TraceSetting;
}

/**
 * Refuses (StoreError) to start afresh over the result of another experiment in `out` unless
 * `options.replace`; resuming keeps the units of this very sweep (UnitStore checks that). runSweep
 * does it first; a caller may do it earlier, before it shows progress.
 */
export function checkSweepFolder(out: string, manifest: Manifest, options: Pick<SweepOptions, 'resume' | 'replace'>): void {
  if (options.resume && readManifest(out) !== undefined) return;
  refuseOtherResult(out, manifest, { replace: options.replace, compareShards: true, flag: '--out' });
}

/** The manifest a run of `scenario` (or a shard of it) into `out` writes. */
export function sweepManifest(scenario: Scenario, out: string, shard: Shard = WHOLE, trace?: TraceSetting): Manifest {
  return manifestFor(scenario, VERSION, shard, planUnits(scenario).length, out, trace);
}

/** Runs the units of `options.shard` of `scenario` (seed and replications as resolved) into `<out>/units/`. */
export async function runSweep(scenario: Scenario, out: string, options: SweepOptions = {}): Promise<SweepReport> {
  const shard = options.shard ?? WHOLE;
  const all = planUnits(scenario);
  const mine = unitsOfShard(all, shard);
  // a resume without --trace traces the units left as the run it resumes traced its own, so that
  // every unit holds its rows (or none does) and a later --trace or merge --trace finds them all
  const traced = options.trace ?? (options.resume === true ? readManifest(out)?.trace : undefined);
  const manifest = manifestFor(scenario, VERSION, shard, all.length, out, traced);
  checkSweepFolder(out, manifest, options);
  const store = await UnitStore.open(out, manifest, options.resume === true);
  const kept = mine.filter((u) => store.finished.has(u.index));
  for (const unit of kept) store.check(unit);
  const todo = mine.filter((u) => !store.finished.has(u.index));
  let done = kept.length;
  options.onProgress?.(done, mine.length);
  // Each unit streams its time-series rows (and its trace) to temporary files of its own in the
  // units folder, renamed with its unit file when it is done; those of units stopped half-way are removed.
  const layout = timeseriesLayout(scenario);
  const trace = traced === undefined ? undefined : { layout: traceLayout(scenario), every: traced.every };
  const temps = new Set<string>();
  const tempFor = (name: string) => {
    const path = join(store.unitsDir, tempNameFor(name));
    temps.add(path);
    return path;
  };
  // A unit of the same run as one that ran (or was kept) is a copy of it.
  const reuse = planReuse(kept, todo);
  let reused = 0;
  const writeCopies = async (from: Unit, result?: ReplicationResult) => {
    for (const to of reuse.copies.get(from.index) ?? []) {
      await writeCopy(store, { scenario: scenario.name, sweepPaths: scenario.sweepPaths }, from, to, temps, result);
      reused++;
      options.onProgress?.(++done, mine.length);
    }
  };
  try {
    for (const unit of kept) await writeCopies(unit);
    await runUnits(reuse.run, {
      workers: options.workers,
      signal: options.signal,
      taskOf: (unit) => ({
        index: unit.index,
        spec: unit.spec,
        replication: unit.replication,
        ...(layout === undefined ? {} : { timeseries: { layout, path: tempFor(unitTimeseriesName(unit.index)) } }),
        ...(trace === undefined ? {} : { trace: { ...trace, path: tempFor(unitTraceName(unit.index)) } }),
      }),
      onTime: (unit, simulatedSeconds) => options.onProgress?.(done, mine.length, { simulatedSeconds, durationSeconds: unit.spec.durationSeconds }),
      onDone: async (unit, { result, timeseriesPath, tracePath }) => {
        await store.write(unit, result, { timeseries: timeseriesPath, trace: tracePath });
        for (const path of [timeseriesPath, tracePath]) if (path !== undefined) temps.delete(path);
        options.onProgress?.(++done, mine.length);
        await writeCopies(unit, result);
      },
    });
  } finally {
    for (const path of temps) rmSync(path, { force: true });
  }
  return { units: mine.length, kept: kept.length, reused, removedTemporary: store.removedTemporary, ...(traced === undefined ? {} : { trace: traced }) };
}
