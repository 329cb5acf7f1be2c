/**
 * Runs a sweep (or one shard of it) into an output folder, unit by unit, keeping each finished
 * unit on disk; the summary is then assembled from those unit files (merge.ts), the same way
 * whether they came from one run, from a resumed run, or from many shards.
 */
import { VERSION } from '../run/run.js';
import type { Scenario } from '../spec/types.js';
import { runUnits } from './pool.js';
import { manifestFor, UnitStore } from './store.js';
import { planUnits, unitsOfShard, WHOLE, type Shard } from './units.js';

export interface SweepOptions {
  /** Worker threads; default: the cores available. */
  workers?: number;
  /** Run only this share of the units; default: all. */
  shard?: Shard;
  /** Keep the units already finished in the folder (same sweep and shard) and run only the others. */
  resume?: boolean;
  /** Units of this shard done so far (kept ones count from the start) and in all. */
  onProgress?(done: number, total: number): void;
}

export interface SweepReport {
  /** Units of this shard. */
  units: number;
  /** Of which were already finished (resume). */
  kept: number;
}

/** Runs the units of `options.shard` of `scenario` (seed and replications as resolved) into `<out>/units/`. */
export async function runSweep(scenario: Scenario, out: string, options: SweepOptions = {}): Promise<SweepReport> {
  const shard = options.shard ?? WHOLE;
  const all = planUnits(scenario);
  const mine = unitsOfShard(all, shard);
  const store = await UnitStore.open(out, manifestFor(scenario, VERSION, shard, all.length), options.resume === true);
  const kept = mine.filter((u) => store.finished.has(u.index));
  for (const unit of kept) store.check(unit);
  const todo = mine.filter((u) => !store.finished.has(u.index));
  let done = kept.length;
  options.onProgress?.(done, mine.length);
  await runUnits(todo, {
    workers: options.workers,
    onDone: async (unit, result) => {
      await store.write(unit, result);
      options.onProgress?.(++done, mine.length);
    },
  });
  return { units: mine.length, kept: kept.length };
}
