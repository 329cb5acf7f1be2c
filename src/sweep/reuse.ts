/**
 * Units whose run is the same (sweep/units.ts: `sameAs`) give the same bytes but for their labels,
 * so within a shard one of them runs and the others are copies of its result, relabelled. The
 * copy is the bytes the unit would have written had it run: its unit file names its own variant
 * and point, and its time-series rows start with its own cells. A shard that does not hold the
 * first unit of a run runs one of its own units of that run, seeded the same: the same bytes again,
 * so workers, shards, resume and merge agree whatever runs where.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { relabelRows, unitRowPrefix } from '../output/csv-rows.js';
import { tempNameFor } from '../output/write.js';
import type { ReplicationResult } from '../run/types.js';
import { relabelled } from '../run/effective-run.js';
import { unitFileName, unitTimeseriesName, unitTraceName, type UnitRows, type UnitStore } from './store.js';
import { decodeUnit } from './unit-file.js';
import type { Unit } from './units.js';

export interface ReusePlan {
  /** The units to run: of each run, the first unit of this shard, when none of its units was kept. */
  run: Unit[];
  /** A unit that runs or was kept -> the units of this shard that copy its result. */
  copies: Map<number, Unit[]>;
}

/** Of each group of units with the same run (`sameAs`), the source (one kept, else the first to do) and its copies. */
export function planReuse(kept: readonly Unit[], todo: readonly Unit[]): ReusePlan {
  const source = new Map<number, Unit>();
  for (const unit of kept) if (!source.has(unit.sameAs)) source.set(unit.sameAs, unit);
  const run: Unit[] = [];
  const copies = new Map<number, Unit[]>();
  for (const unit of todo) {
    const from = source.get(unit.sameAs);
    if (from === undefined) {
      source.set(unit.sameAs, unit);
      run.push(unit);
    } else copies.set(from.index, [...(copies.get(from.index) ?? []), unit]);
  }
  return { run, copies };
}

/** The leading cells of every row a unit writes (time series and trace alike) name the scenario, hence `scenario` and the sweep paths. */
type RowsLayout = { scenario: string; sweepPaths: readonly string[] };

/**
 * Writes unit `to` into the store as a copy of unit `from`, whose unit file (and time-series and
 * trace rows, if it has them) the store already holds; `result` is from's, when at hand, else read
 * from its file. Its temporary rows files are added to `temps` while they exist (removed by the caller if stopped).
 */
export async function writeCopy(store: UnitStore, layout: RowsLayout, from: Unit, to: Unit, temps: Set<string>, result?: ReplicationResult): Promise<void> {
  const source = result ?? decodeUnit(readFileSync(join(store.unitsDir, unitFileName(from.index)), 'utf8')).result;
  const fromPrefix = unitRowPrefix(layout, from.spec, from.replication);
  const toPrefix = unitRowPrefix(layout, to.spec, to.replication);
  const copyRows = (name: (index: number) => string): string | undefined => {
    if (!store.hasFile(name(from.index))) return undefined;
    const rows = join(store.unitsDir, tempNameFor(name(to.index)));
    temps.add(rows);
    relabelRows(join(store.unitsDir, name(from.index)), rows, fromPrefix, toPrefix);
    return rows;
  };
  const rows: UnitRows = { timeseries: copyRows(unitTimeseriesName), trace: copyRows(unitTraceName) };
  await store.write(to, relabelled(source, to.spec), rows);
  for (const path of Object.values(rows)) if (path !== undefined) temps.delete(path);
}
