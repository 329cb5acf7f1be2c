/**
 * Gathers finished units from one or more output folders (a whole run, or the shards of one) into
 * the ScenarioResult one machine would have produced: the scenario reloaded from the file the
 * shards name, every unit exactly once, in canonical order. Missing, duplicated, foreign or
 * incomplete shards are errors that name the folders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION, withOverrides } from '../run/run.js';
import type { ReplicationResult, ScenarioResult } from '../run/types.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../schema/types.js';
import { checkHeader, describeManifest, finishedIndices, readManifest, StoreError, sweepFingerprint, unitFileName, unitTimeseriesName, UNITS_FOLDER, type Manifest } from './store.js';
import { decodeUnit } from './unit-file.js';
import { formatShard, planUnits, unitsOfShard } from './units.js';

interface ShardFolder {
  dir: string;
  manifest: Manifest;
}

/** Reads and cross-checks the manifests: one sweep, each shard of it exactly once, each complete. */
export function readShardFolders(dirs: readonly string[]): ShardFolder[] {
  if (dirs.length === 0) throw new StoreError('merge: name the output folders of the shards');
  const folders = dirs.map((dir) => {
    const manifest = readManifest(dir);
    if (manifest === undefined) throw new StoreError(`${dir}: no ${UNITS_FOLDER}/manifest.json: not the --out of a secfaas run or shard`);
    return { dir, manifest };
  });
  const first = folders[0];
  for (const f of folders) {
    if (f.manifest.sweep !== first.manifest.sweep || f.manifest.shard.count !== first.manifest.shard.count) {
      throw new StoreError(`${f.dir} holds another sweep than ${first.dir}: ${describeManifest(f.manifest)} against ${describeManifest(first.manifest)}`);
    }
  }
  const count = first.manifest.shard.count;
  const byIndex = new Map<number, ShardFolder>();
  for (const f of folders) {
    const twin = byIndex.get(f.manifest.shard.index);
    if (twin) throw new StoreError(`shard ${formatShard(f.manifest.shard)} is given twice: ${twin.dir} and ${f.dir}`);
    byIndex.set(f.manifest.shard.index, f);
  }
  const missing = [...Array(count).keys()].filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new StoreError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} of ${count} (have ${folders.map((f) => `${formatShard(f.manifest.shard)} in ${f.dir}`).join(', ')})`);
  }
  const indices = [...Array(first.manifest.units).keys()].map((index) => ({ index }));
  for (const f of folders) {
    const expected = unitsOfShard(indices, f.manifest.shard).map((u) => u.index);
    const have = new Set(finishedIndices(f.dir));
    const absent = expected.filter((i) => !have.has(i));
    if (absent.length > 0) {
      const shown = absent.slice(0, 10).join(', ') + (absent.length > 10 ? `, ... (${absent.length} in all)` : '');
      throw new StoreError(
        `${f.dir}: shard ${formatShard(f.manifest.shard)} is incomplete: ${expected.length - absent.length} of ${expected.length} units finished, missing unit ${shown}; finish it with --resume`,
      );
    }
  }
  return [...byIndex.values()];
}

/**
 * The scenario the shards ran: loaded from the file their manifest names (relative to the folder
 * the shards ran in, like summary.json's `file`), with their seed and replications, and checked
 * against their fingerprint.
 */
export function scenarioOfShards(manifest: Manifest): Scenario {
  if (manifest.secfaas !== VERSION) throw new StoreError(`the units were made by secfaas ${manifest.secfaas}, this is ${VERSION}: merge with the same version`);
  const scenario = withOverrides(loadScenario(manifest.file), { seed: manifest.seed, replications: manifest.replications });
  if (sweepFingerprint(scenario, VERSION) !== manifest.sweep) {
    throw new StoreError(`${manifest.file} is not the scenario the units were run from (it changed since, or another file stands there): run the sweep again`);
  }
  return scenario;
}

/** A sweep's result assembled from its unit files, and where each unit's time-series rows are (in the same order). */
export interface MergedSweep {
  result: ScenarioResult;
  /** One per unit, in canonical order; a unit that sampled nothing has no file there. */
  timeseriesFiles: string[];
}

/** The result of the whole sweep from its shard folders, in canonical order. */
export function mergeShards(dirs: readonly string[]): MergedSweep {
  const folders = readShardFolders(dirs);
  const manifest = folders[0].manifest;
  const scenario = scenarioOfShards(manifest);
  const units = planUnits(scenario);
  if (units.length !== manifest.units) throw new StoreError(`${folders[0].dir}: the manifest counts ${manifest.units} units, the scenario has ${units.length}`);
  const count = manifest.shard.count;
  const dirOf = new Map(folders.map((f) => [f.manifest.shard.index, f.dir]));
  const unitsDir = (index: number) => join(dirOf.get(index % count)!, UNITS_FOLDER);
  const replications: ReplicationResult[] = units.map((unit) => {
    const path = join(unitsDir(unit.index), unitFileName(unit.index));
    const text = readFileSync(path, 'utf8');
    checkHeader(path, text, manifest.sweep, unit);
    return decodeUnit(text).result;
  });
  const timeseriesFiles = units.map((unit) => join(unitsDir(unit.index), unitTimeseriesName(unit.index)));
  return { result: { scenario, replications, version: VERSION }, timeseriesFiles };
}
