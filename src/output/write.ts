import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';

/**
 * A file to write: a relative name inside the output directory (may contain sub-folders, e.g.
 * charts/x.svg), with its content, or already written and synced at `tempPath` (a file streamed
 * while the run went on, in the same folder as its final name) to be renamed with the others.
 */
export type OutputFile = { name: string; content: string | Uint8Array } | { name: string; tempPath: string };

let tempCounter = 0;

/** A temporary name next to `name`: dot-prefixed, pid and counter, so invisible to globs like *.csv and unique within the machine. */
export function tempNameFor(name: string): string {
  return join(dirname(name), `.${basename(name)}.${process.pid}.${++tempCounter}.tmp`);
}

/** Whether a file name (no folder) is one of tempNameFor's: what a killed writer left behind. */
export const isTempName = (name: string): boolean => /^\..+\.\d+\.\d+\.tmp$/.test(name);

function checkName(name: string): string {
  const n = normalize(name);
  if (name === '' || isAbsolute(name) || n === '.' || n.split(sep).includes('..')) {
    throw new Error(`output file name must be relative and stay inside the output directory, got ${JSON.stringify(name)}`);
  }
  return n;
}

/**
 * Writes the files into `dir` (created if missing) so that a reader never sees a half-written file
 * and a failure leaves the previous outputs as they were: every file goes to a temporary name in
 * its final folder (same file system, so rename is atomic) and is synced; only when all are written
 * are they renamed into place. On failure the temporary files are removed and the error rethrown.
 */
export async function writeOutputs(dir: string, files: readonly OutputFile[]): Promise<void> {
  const targets = files.map((f) => ({ file: f, path: join(dir, checkName(f.name)), temp: 'tempPath' in f ? f.tempPath : '' }));
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.path)) throw new Error(`output file ${JSON.stringify(t.file.name)} is given twice`);
    seen.add(t.path);
  }
  await mkdir(dir, { recursive: true });
  try {
    for (const t of targets) {
      if (!('content' in t.file)) continue;
      await mkdir(dirname(t.path), { recursive: true });
      t.temp = tempNameFor(t.path);
      const handle = await open(t.temp, 'wx');
      try {
        await handle.writeFile(t.file.content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    // Refuse before renaming anything: a rename onto a folder would fail half-way through the set.
    for (const t of targets) {
      const existing = await lstat(t.path).catch(() => undefined);
      if (existing?.isDirectory()) throw new Error(`cannot write ${t.path}: it is a directory`);
    }
    for (const t of targets) {
      await rename(t.temp, t.path);
      t.temp = '';
    }
  } catch (error) {
    await Promise.all(targets.filter((t) => t.temp !== '').map((t) => rm(t.temp, { force: true })));
    throw error;
  }
}
