/**
 * What a file a scenario reads may be. A regular file only: a device, a pipe or a socket may never
 * end (`/dev/zero` behind a symbolic link filled memory without a word). And no larger than the
 * limit of its kind, so that a wrong path fails at once instead of minutes later; `force` lifts
 * the size limit (a scenario or trace that big on purpose), never the rest; a profile or measurements
 * file that big is no profile, so `force` is not offered for them.
 */
import { realpathSync, statSync, type Stats } from 'node:fs';

const MiB = 1024 * 1024;

/** Bytes a file of each kind may hold without `force`, far above what they need (the README states them). */
export const INPUT_FILE_LIMITS = {
  /** A scenario: the shipped ones are under 10 KiB; lists of 10,000 values stay far below. */
  scenario: 16 * MiB,
  /** A trace replayed by a scenario: read line by line, only the chosen function's data kept. */
  trace: 1024 * MiB,
  /** A hardware profile file: a few KiB of { value, mark, source }. */
  profile: 1 * MiB,
  /** The measured create times `calibrate` fits: a few lines. */
  measurements: 16 * MiB,
} as const;

export type InputFileKind = keyof typeof INPUT_FILE_LIMITS;

const sizeText = (bytes: number) => (bytes >= 1024 * MiB ? `${Number((bytes / (1024 * MiB)).toFixed(1))} GiB` : `${Number((bytes / MiB).toFixed(1))} MiB`);

function typeOf(stat: Stats): string {
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Why `path` cannot be read as an input file (of `kind`, when its size is limited), or undefined
 * when it can. Looks before opening: opening a named pipe would wait for a writer.
 */
export function inputFileProblem(path: string, kind?: InputFileKind, options: { force?: boolean } = {}): string | undefined {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : code === 'ENOTDIR' ? 'no such file (a part of the path is a file)' : (error as Error).message;
  }
  if (stat.isDirectory()) return 'is a directory, not a file';
  if (!stat.isFile()) {
    let target = '';
    try {
      const real = realpathSync(path);
      if (real !== path) target = `a link to ${real}, `;
    } catch {
      // the type alone says enough
    }
    return `is ${target}${typeOf(stat)}, not a regular file: it may never end; name a file`;
  }
  if (kind === undefined || options.force) return undefined;
  const limit = INPUT_FILE_LIMITS[kind];
  const forcible = kind === 'scenario' || kind === 'trace';
  if (stat.size > limit) return `is ${sizeText(stat.size)}, more than the ${sizeText(limit)} a ${kind} file may be (a wrong file?)${forcible ? '; --force reads it anyway' : ''}`;
  return undefined;
}
