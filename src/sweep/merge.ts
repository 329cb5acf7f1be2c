/**
 * Gathers finished units from one or more output folders (a whole run, or the shards of one) into
 * the ScenarioResult one machine would have produced: the scenario reloaded from the file the
 * shards name (found from here, or from where they ran), every unit exactly once, in canonical order. Missing, duplicated, foreign or
 * incomplete shards are errors that name the folders.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VERSION, withOverrides } from '../run/run.js';
import type { ReplicationResult, ScenarioResult } from '../run/types.js';
import { loadScenario } from '../scenario/load.js';
import { ScenarioError } from '../schema/errors.js';
import type { Scenario } from '../schema/types.js';
import {
  checkHeader,
  describeManifest,
  describeTrace,
  finishedIndices,
  readManifest,
  StoreError,
  sweepFingerprint,
  unitFileName,
  unitTimeseriesName,
  unitTraceName,
  UNITS_FOLDER,
  type Manifest,
  type TraceSetting,
} from './store.js';
import { decodeUnit } from './unit-file.js';
import { formatShard, planUnits, unitsOfShard } from './units.js';

export interface ShardFolder {
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

/** The scenario of a sweep, and where its file was read from. */
export interface ShardsScenario {
  scenario: Scenario;
  /** The path read, and which place it was: "from this folder", "where the shards ran", ... */
  read: { path: string; place: string };
}

/**
 * Where the scenario file may be, in the order tried. The manifests name it as the run was given
 * it, relative to the folder the run was in: first from here (the rule, as summary.json's `file`),
 * then from the folder each shard ran in (another working folder on the same machine), then from
 * that folder's place relative to the shard's output folder (both moved together, another machine).
 */
function scenarioPlaces(folders: readonly ShardFolder[]): { base: string; place: string }[] {
  const places = [{ base: '', place: 'the path in the manifests, from this folder' }];
  for (const { dir, manifest } of folders) {
    if (manifest.ranIn !== undefined) places.push({ base: manifest.ranIn, place: `from ${manifest.ranIn}, where the shards ran` });
    if (manifest.ranInFromOut !== undefined) {
      places.push({ base: resolve(dir, manifest.ranInFromOut), place: `from ${join(dir, manifest.ranInFromOut)}, where the shards ran as seen from ${dir}` });
    }
  }
  const file = folders[0].manifest.file;
  const seen = new Set<string>();
  return places.filter(({ base }) => {
    const path = resolve(base, file);
    if (seen.has(path)) return false;
    seen.add(path);
    return true;
  });
}

/**
 * The scenario the shards ran: loaded from the first place that holds the file the manifests name
 * (scenarioPlaces), with their seed and replications, and checked against their fingerprint. It
 * keeps the file's name (and its traces' paths) as the shards gave them, so the outputs are the
 * bytes of one machine's wherever merge runs.
 */
export function scenarioOfShards(folders: readonly ShardFolder[]): ShardsScenario {
  const manifest = folders[0].manifest;
  if (manifest.secfaas !== VERSION) throw new StoreError(`the units were made by secfaas ${manifest.secfaas}, this is ${VERSION}: merge with the same version`);
  const tried: string[] = [];
  for (const { base, place } of scenarioPlaces(folders)) {
    const path = resolve(base, manifest.file);
    if (!existsSync(path)) {
      tried.push(`${base === '' ? manifest.file : path} (absent)`);
      continue;
    }
    let scenario: Scenario;
    try {
      // the shards read it already: a size over the limit was their --force's to allow
      scenario = withOverrides(loadScenario(manifest.file, { base, force: true }), { seed: manifest.seed, replications: manifest.replications });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      tried.push(`${path} (${error.issues.length} problem(s): ${error.issues[0].message})`);
      continue;
    }
    if (sweepFingerprint(scenario, VERSION) === manifest.sweep) return { scenario, read: { path: base === '' ? manifest.file : path, place } };
    tried.push(`${path} (not the scenario the units were run from: it changed since, or another file stands there)`);
  }
  const changed = tried.filter((t) => !t.endsWith('(absent)'));
  if (changed.length === 1 && tried[0] === changed[0]) {
    throw new StoreError(`${manifest.file} is not the scenario the units were run from (it changed since, or another file stands there): run the sweep again`);
  }
  throw new StoreError(
    `cannot find the scenario file the units were run from: the manifests name ${manifest.file}, relative to the folder the shards ran in; tried ${tried.join('; ')}. Run merge in that folder, or put the file back as it was`,
  );
}

/** A sweep's result assembled from its unit files, and where each unit's time-series rows are (in the same order). */
export interface MergedSweep {
  result: ScenarioResult;
  /** Where the scenario file was read from. */
  scenarioRead: ShardsScenario['read'];
  /** One per unit, in canonical order; a unit that sampled nothing has no file there. */
  timeseriesFiles: string[];
  /** With `trace`: which activations the units traced, and their trace rows, one file per unit in canonical order (absent: none traced). */
  trace?: TraceSetting & { files: string[] };
}

/**
 * How the shards were traced: the same way in every one, or a StoreError naming the folders (a
 * trace of some units only, or of every N-th activation here and every M-th there, is no trace).
 */
export function traceOfShards(folders: readonly ShardFolder[]): TraceSetting {
  const first = folders[0];
  const untraced = folders.find((f) => f.manifest.trace === undefined);
  if (untraced !== undefined) {
    throw new StoreError(`--trace: ${untraced.dir} was run without --trace: its units hold no trace; run it again with --trace (and the same --trace-sample as the others)`);
  }
  const other = folders.find((f) => f.manifest.trace!.every !== first.manifest.trace!.every);
  if (other !== undefined) {
    throw new StoreError(`--trace: ${first.dir} was run ${describeTrace(first.manifest.trace)}, ${other.dir} ${describeTrace(other.manifest.trace)}: run them alike`);
  }
  return { every: first.manifest.trace!.every };
}

/**
 * The result of the whole sweep from its shard folders, in canonical order; with `trace`, also the
 * units' trace rows (every shard must have been run with the same trace, else a StoreError).
 */
export function mergeShards(dirs: readonly string[], options: { trace?: boolean } = {}): MergedSweep {
  const folders = readShardFolders(dirs);
  const traced = options.trace ? traceOfShards(folders) : undefined;
  const manifest = folders[0].manifest;
  const { scenario, read } = scenarioOfShards(folders);
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
  const trace = traced === undefined ? undefined : { ...traced, files: units.map((unit) => join(unitsDir(unit.index), unitTraceName(unit.index))) };
  return { result: { scenario, replications, version: VERSION }, scenarioRead: read, timeseriesFiles, ...(trace === undefined ? {} : { trace }) };
}
