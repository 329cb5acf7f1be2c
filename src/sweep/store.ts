/**
 * Finished units on disk: `<out>/units/manifest.json` says which sweep and which shard the folder
 * holds; `<out>/units/<index>.jsonl` is one finished unit, written atomically (temporary name,
 * then rename) the moment it is done, so a killed run loses only the units still running and a
 * reader never sees half a unit.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { isTempName, writeOutputs } from '../output/write.js';
import { jsonSafeNumber } from '../output/summary-json.js';
import type { ReplicationResult } from '../run/types.js';
import type { Scenario } from '../schema/types.js';
import { decodeHeader, encodeUnit } from './unit-file.js';
import { describeUnit, formatShard, type Shard, type Unit } from './units.js';
import { StoreError } from './store-error.js';

export const UNITS_FOLDER = 'units';
const MANIFEST = 'manifest.json';
const UNIT_FILE = /^(\d+)\.jsonl$/;

export interface Manifest {
  secfaas: string;
  scenario: string;
  /** The scenario file as the run named it: merge loads it from there (summary.json records it). */
  file: string;
  /** The folder the run named `file` from (absolute): merge finds the file there from another folder. */
  ranIn?: string;
  /** That folder relative to the output folder: merge finds the file when both moved together (another machine). */
  ranInFromOut?: string;
  seed: number;
  replications: number;
  /** Fingerprint of everything that decides the results (see sweepFingerprint). */
  sweep: string;
  shard: Shard;
  /** Units in the whole sweep, all shards together. */
  units: number;
  /**
   * With `--trace`: its units also hold their per-activation trace rows, every N-th activation.
   * Absent: not traced. Not part of the fingerprint: a trace changes no result.
   */
  trace?: TraceSetting;
}

/** Which activations a traced sweep traces: every N-th, by id. */
export interface TraceSetting {
  every: number;
}

/** What a manifest says of the trace, in a message. */
export function describeTrace(trace: TraceSetting | undefined): string {
  return trace === undefined ? 'without --trace' : trace.every === 1 ? 'with --trace' : `with --trace --trace-sample ${trace.every}`;
}

/**
 * A hash of what decides every unit's bytes and the outputs' bytes: the version, the resolved
 * runs, seed, replications and the scenario as written. Shards, resumed units and merges must agree on it.
 */
export function sweepFingerprint(scenario: Scenario, version: string): string {
  const { name, file, seed, replications, variants, sweepPaths, runs, source } = scenario;
  const text = JSON.stringify({ version, name, file, seed, replications, variants, sweepPaths, runs, source }, jsonSafeNumber);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The manifest of a run of `scenario` into `out`, named from the current folder. */
export function manifestFor(scenario: Scenario, version: string, shard: Shard, units: number, out: string, trace?: TraceSetting): Manifest {
  const { name: scenarioName, file, seed, replications } = scenario;
  const ranIn = process.cwd();
  const ranInFromOut = relative(resolve(out), ranIn) || '.';
  const manifest: Manifest = { secfaas: version, scenario: scenarioName, file, ranIn, ranInFromOut, seed, replications, sweep: sweepFingerprint(scenario, version), shard, units };
  return trace === undefined ? manifest : { ...manifest, trace };
}

export function describeManifest(m: Manifest): string {
  return `scenario ${m.scenario} (${m.file}), seed ${m.seed}, ${m.replications} replications, shard ${formatShard(m.shard)}, secfaas ${m.secfaas}`;
}

export const unitFileName = (index: number) => `${index}.jsonl`;
/** A unit's time-series rows (CSV records without a header), beside its unit file; absent when it sampled nothing. */
export const unitTimeseriesName = (index: number) => `${index}.timeseries.csv`;
/** A unit's per-activation trace rows (CSV records without a header), beside its unit file; absent when it traced nothing. */
export const unitTraceName = (index: number) => `${index}.trace.csv`;

/** Reads `<dir>/units/manifest.json`, or undefined when the folder holds none. Throws on a damaged one. */
export function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, UNITS_FOLDER, MANIFEST);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as Manifest;
  } catch (error) {
    throw new StoreError(`${path}: not a secfaas manifest: ${(error as Error).message}`);
  }
}

/** The unit indices whose files are in `<dir>/units`, ascending. */
export function finishedIndices(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(join(dir, UNITS_FOLDER));
  } catch {
    return [];
  }
  return names
    .map((n) => UNIT_FILE.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** The temporary files of a unit's rows, written while it ran (absent: none). */
export interface UnitRows {
  timeseries?: string;
  trace?: string;
}

export { StoreError } from './store-error.js';

/**
 * The units folder of one run or shard. `open` starts it afresh, or with `resume` keeps the units
 * already finished for the same sweep and shard (and refuses a folder of another sweep), removing
 * the temporary files of the units a killed run left half-written.
 */
export class UnitStore {
  private constructor(
    readonly dir: string,
    readonly manifest: Manifest,
    /** Units already finished when opened (resume). */
    readonly finished: ReadonlySet<number>,
    /** Temporary files of units stopped half-way, removed when opened (resume). */
    readonly removedTemporary: number,
  ) {}

  static async open(dir: string, manifest: Manifest, resume: boolean): Promise<UnitStore> {
    const existing = readManifest(dir);
    let finished = new Set<number>();
    let removed = 0;
    if (resume && existing !== undefined) {
      if (existing.sweep !== manifest.sweep || existing.shard.index !== manifest.shard.index || existing.shard.count !== manifest.shard.count) {
        throw new StoreError(
          `--resume: ${join(dir, UNITS_FOLDER)} holds units of another run (${describeManifest(existing)}), not of this one (${describeManifest(manifest)}): name another --out, or drop --resume to start again`,
        );
      }
      // the units kept carry their trace rows or not: the rest must be run the same way
      if (manifest.trace !== undefined && existing.trace?.every !== manifest.trace.every) {
        throw new StoreError(
          `--resume: the units in ${join(dir, UNITS_FOLDER)} were run ${describeTrace(existing.trace)}, this run is ${describeTrace(manifest.trace)}: resume as they were run, or drop --resume to run them all again`,
        );
      }
      finished = new Set(finishedIndices(dir));
      removed = await removeTemporaryFiles(join(dir, UNITS_FOLDER));
    } else {
      await rm(join(dir, UNITS_FOLDER), { recursive: true, force: true });
    }
    await writeOutputs(join(dir, UNITS_FOLDER), [{ name: MANIFEST, content: JSON.stringify(manifest, null, 2) + '\n' }]);
    return new UnitStore(dir, manifest, finished, removed);
  }

  /** Checks that a unit kept from before is the one this sweep expects (same sweep, same place). */
  check(unit: Unit): void {
    const path = join(this.dir, UNITS_FOLDER, unitFileName(unit.index));
    checkHeader(path, readFileSync(path, 'utf8'), this.manifest.sweep, unit);
  }

  /**
   * Keeps a finished unit: its time-series and trace rows (already written at temporary names in
   * this folder) are renamed into place before the unit file, so a unit file on disk means its rows are too.
   */
  async write(unit: Unit, result: ReplicationResult, rows: UnitRows = {}): Promise<void> {
    const unitFile = { name: unitFileName(unit.index), content: encodeUnit(unit.index, this.manifest.sweep, result) };
    const series = rows.timeseries === undefined ? [] : [{ name: unitTimeseriesName(unit.index), tempPath: rows.timeseries }];
    const trace = rows.trace === undefined ? [] : [{ name: unitTraceName(unit.index), tempPath: rows.trace }];
    await writeOutputs(this.unitsDir, [...series, ...trace, unitFile]);
  }

  get unitsDir(): string {
    return join(this.dir, UNITS_FOLDER);
  }

  /** Whether the units folder holds a file of that name (a unit's time-series rows). */
  hasFile(name: string): boolean {
    return statSync(join(this.unitsDir, name), { throwIfNoEntry: false })?.isFile() === true;
  }
}

/** Removes the temporary files a killed run left in `folder` (units and time series half-written); how many. */
async function removeTemporaryFiles(folder: string): Promise<number> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const temporary = names.filter(isTempName);
  await Promise.all(temporary.map((name) => rm(join(folder, name), { force: true })));
  return temporary.length;
}

/** Throws a StoreError naming the file when the unit file at `path` is not `unit` of sweep `sweep`. */
export function checkHeader(path: string, text: string, sweep: string, unit: Unit): void {
  const newline = text.indexOf('\n');
  let header;
  try {
    header = decodeHeader(newline < 0 ? text : text.slice(0, newline));
  } catch (error) {
    throw new StoreError(`${path}: not a secfaas unit file: ${(error as Error).message}`);
  }
  const same =
    header.sweep === sweep &&
    header.unit === unit.index &&
    header.variant === unit.spec.variant &&
    header.pointIndex === unit.spec.pointIndex &&
    header.replication === unit.replication;
  if (!same) throw new StoreError(`${path}: holds unit ${header.unit} of sweep ${header.sweep}, expected ${describeUnit(unit)} of sweep ${sweep}`);
}
