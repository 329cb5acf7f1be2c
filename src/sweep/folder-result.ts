/**
 * What result an output folder already holds, so that a run or merge into it does not replace the
 * result of another experiment without a word. An experiment is a scenario file (its name and
 * path) at a seed and number of replications, and for a run its shard: an edited scenario file run
 * again into its folder replaces its old result (the everyday loop); another scenario, seed, number
 * of replications or shard is refused unless the caller says to replace it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { readManifest, StoreError, UNITS_FOLDER } from './store.js';
import { formatShard, WHOLE, type Shard } from './units.js';

export interface ResultIdentity {
  scenario: string;
  /** The scenario file as the run named it. */
  file: string;
  /** The folder the run named it from (absolute), when known: two relative names compare from there. */
  ranIn?: string;
  seed: number;
  replications: number;
  /** Absent for a merged result. */
  shard?: Shard;
}

/** `absolute`: the file as a full path (when the folder it was named from is known), to tell two files of one relative name apart. */
export function describeIdentity(r: ResultIdentity, absolute = false): string {
  const shard = r.shard === undefined || r.shard.count === 1 ? '' : `, shard ${formatShard(r.shard)}`;
  const file = absolute && r.ranIn !== undefined ? resolve(r.ranIn, r.file) : r.file;
  return `scenario ${r.scenario} (${file}), seed ${r.seed}, ${r.replications} replications${shard}`;
}

/** What `dir` holds: a result, something that is not secfaas's where secfaas writes (`foreign`), or nothing. */
export function resultIn(dir: string): ResultIdentity | { foreign: string } | undefined {
  const manifest = readManifest(dir);
  if (manifest !== undefined) {
    const { scenario, file, ranIn, seed, replications, shard } = manifest;
    return { scenario, file, ranIn, seed, replications, shard };
  }
  const summary = join(dir, 'summary.json');
  if (existsSync(summary)) {
    try {
      const json = JSON.parse(readFileSync(summary, 'utf8')) as Record<string, unknown>;
      const { scenario, file, seed, replications } = json;
      if (typeof scenario === 'string' && typeof file === 'string' && typeof seed === 'number' && typeof replications === 'number') return { scenario, file, seed, replications };
    } catch {
      // not ours: said below
    }
    return { foreign: `${summary} is not a secfaas summary` };
  }
  const units = join(dir, UNITS_FOLDER);
  if (existsSync(units) && statSync(units).isDirectory()) return { foreign: `${units}/ holds no secfaas manifest.json` };
  return undefined;
}

/** The same scenario file: from the folders the names were given in when both are known, else as given. */
function sameFile(a: ResultIdentity, b: ResultIdentity): boolean {
  if (a.ranIn !== undefined && b.ranIn !== undefined) return resolve(a.ranIn, a.file) === resolve(b.ranIn, b.file);
  return normalize(a.file) === normalize(b.file);
}

function sameExperiment(a: ResultIdentity, b: ResultIdentity, compareShards: boolean): boolean {
  const sameShard = !compareShards || formatShard(a.shard ?? WHOLE) === formatShard(b.shard ?? WHOLE);
  return a.scenario === b.scenario && sameFile(a, b) && a.seed === b.seed && a.replications === b.replications && sameShard;
}

/**
 * Throws a StoreError naming both when `dir` holds the result of another experiment than `next`
 * (or files that are not secfaas's where it writes), unless `replace`. `compareShards`: a run
 * writes one shard's units there; a merge writes only the summary, also into a shard's own folder.
 */
export function refuseOtherResult(dir: string, next: ResultIdentity, options: { replace?: boolean; compareShards: boolean; flag: string }): void {
  if (options.replace) return;
  const held = resultIn(dir);
  if (held === undefined) return;
  if ('foreign' in held) throw new StoreError(`${options.flag} ${dir}: ${held.foreign}: name another folder, or --force to write over it`);
  if (sameExperiment(held, next, options.compareShards)) return;
  // the same relative name run from two folders (two clones): the full paths say which is which
  const absolute = describeIdentity(held) === describeIdentity(next);
  throw new StoreError(
    `${options.flag} ${dir} holds the result of ${describeIdentity(held, absolute)}, not of this one (${describeIdentity(next, absolute)}): name another folder, or --force to replace it`,
  );
}
