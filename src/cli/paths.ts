import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** What is at `path`, or undefined when nothing is (also when a file stands where a folder should). */
function statOf(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The nearest existing folder at or above `path`, or a UsageError naming the file that blocks the way. */
function existingAncestor(path: string, what: string): string {
  let current = resolve(path);
  for (;;) {
    const stat = statOf(current);
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw new UsageError(`${what}: ${current} is a file, not a folder`);
      return current;
    }
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

function requireWritable(folder: string, flag: string, path: string): void {
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: cannot write in ${folder}`);
  }
}

/** Checks, before anything runs, that results can be written into the folder `dir`. */
export function checkOutputFolder(dir: string, flag = '--out', given = dir): void {
  requireWritable(existingAncestor(dir, `${flag} ${given}`), flag, given);
}

/** Checks, before anything runs, that the file `file` can be written (its folder can, and it is not a folder). */
export function checkOutputFile(file: string, flag: string): void {
  if (file === '' || /[\\/]$/.test(file) || statOf(file)?.isDirectory()) throw new UsageError(`${flag} ${file}: is a folder; name a file`);
  checkOutputFolder(dirname(file), flag, file);
}

/** File-system refusals while writing results are the user's to fix (a path, permissions): exit 2, not a crash. */
export function asUsageError(error: unknown, what: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && ['EEXIST', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC'].includes(code)) {
    return new UsageError(`cannot write ${what}: ${(error as Error).message}`);
  }
  return error;
}
