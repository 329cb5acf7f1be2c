/**
 * CSV rows streamed to disk as a run makes them, never kept: each replication (a sweep unit)
 * writes its rows to a file of its own (CsvRowsFile, no header), and the CSV is the header
 * followed by those files in canonical order (assembleCsv), copied in fixed-size chunks. What
 * timeseries.csv and the per-activation trace share: millions of rows cost no memory.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { stringify } from 'csv-stringify/sync';
import type { RunSpec } from '../schema/types.js';
import { csvCell } from './summary-csv.js';
import { tempNameFor, type OutputFile } from './write.js';

/**
 * Rows are encoded into one reused buffer of this many bytes and written when it is full: memory
 * stays flat whatever the run's length, and each row's text dies young (a growing string of rows
 * would survive into the old generation and cost more in garbage collection than the run itself).
 */
const BUFFER_BYTES = 1 << 20;

/** One CSV record (no line end), quoted where CSV needs it. */
export const record = (cells: readonly (string | number)[]): string => stringify([cells.map((c) => (typeof c === 'number' ? csvCell(c) : c))]).slice(0, -1);

/** The columns every row of a unit starts with: which scenario, variant, point and replication. */
export const UNIT_COLUMNS = ['scenario', 'variant', 'point', 'replication'];

/** The cells every row of one replication starts with (scenario, variant, point, replication, sweep values), as CSV. */
export function unitRowPrefix(layout: { scenario: string; sweepPaths: readonly string[] }, spec: RunSpec, replication: number): string {
  return record([layout.scenario, spec.variant, spec.pointIndex, replication, ...layout.sweepPaths.map((p) => spec.point[p] ?? '')]);
}

/** Writes a byte buffer to an open file, all of it. */
function writeAll(fd: number, buffer: Buffer, length: number): void {
  let written = 0;
  while (written < length) written += writeSync(fd, buffer, written, length - written);
}

/**
 * The rows of one replication, as CSV lines (no header) in a file of their own, written through one
 * reused buffer. `finish` closes it and tells whether any row was written (a file without rows is
 * removed); `discard` removes it (the run failed or was stopped).
 */
export class CsvRowsFile {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private rows = 0;
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'wx');
  }

  /** One row: a CSV line with its line end. */
  line(text: string): void {
    // at most 3 bytes per UTF-16 unit in UTF-8
    if (this.used + 3 * text.length > BUFFER_BYTES) this.flush();
    if (3 * text.length > BUFFER_BYTES) writeSync(this.fd, text);
    else this.used += this.buffer.write(text, this.used, 'utf8');
    this.rows++;
  }

  /** Flushes and closes the file; true when it holds rows, false (and the file removed) when there were none. */
  finish(): boolean {
    this.flush();
    fsyncSync(this.fd);
    this.close();
    if (this.rows > 0) return true;
    rmSync(this.path, { force: true });
    return false;
  }

  /** Closes and removes the file (the run failed or was stopped). */
  discard(): void {
    this.close();
    rmSync(this.path, { force: true });
  }

  private flush(): void {
    writeAll(this.fd, this.buffer, this.used);
    this.used = 0;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Writes a new file at `path` through `fill`, synced; on failure it is removed and the error rethrown. */
function writeNewFile(path: string, fill: (fd: number) => void): void {
  const out = openSync(path, 'wx');
  try {
    fill(out);
    fsyncSync(out);
  } catch (error) {
    closeSync(out);
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(out);
}

/**
 * The rows of one replication (a file CsvRowsFile wrote) as another run's with the same rows: every
 * line's leading cells `fromPrefix` replaced by `toPrefix`, streamed in chunks to a new file at
 * `toPath`. What a unit whose run is another's but for its labels gets (sweep/reuse.ts).
 */
export function relabelRows(fromPath: string, toPath: string, fromPrefix: string, toPrefix: string): void {
  writeNewFile(toPath, (out) => {
    const from = openSync(fromPath, 'r');
    try {
      const chunk = Buffer.allocUnsafe(BUFFER_BYTES);
      // a character cut by a chunk's end is completed by the next chunk
      const utf8 = new StringDecoder('utf8');
      let rest = '';
      for (let n = readSync(from, chunk, 0, BUFFER_BYTES, null); n > 0; n = readSync(from, chunk, 0, BUFFER_BYTES, null)) {
        const lines = (rest + utf8.write(chunk.subarray(0, n))).split('\n');
        rest = lines.pop()!;
        let text = '';
        for (const line of lines) {
          if (!line.startsWith(`${fromPrefix},`)) throw new Error(`${fromPath}: a row that does not start with ${fromPrefix}`);
          text += `${toPrefix}${line.slice(fromPrefix.length)}\n`;
        }
        const bytes = Buffer.from(text);
        writeAll(out, bytes, bytes.length);
      }
      if (rest !== '') throw new Error(`${fromPath}: its last row has no line end`);
    } finally {
      closeSync(from);
    }
  });
}

/**
 * The CSV `name` in `dir` from the rows of every replication, in the order given (files that do not
 * exist hold no rows): a temporary file, header first, then each file copied in 1 MiB chunks, for
 * writeOutputs to rename into place. Undefined when no file has rows, unless `evenEmpty` (the header alone).
 */
export function assembleCsv(dir: string, name: string, header: readonly string[], rowFiles: readonly string[], evenEmpty = false): OutputFile | undefined {
  const present = rowFiles.filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
  if (present.length === 0 && !evenEmpty) return undefined;
  mkdirSync(dir, { recursive: true });
  const tempPath = join(dir, tempNameFor(name));
  writeNewFile(tempPath, (out) => {
    const head = Buffer.from(`${record(header)}\n`);
    writeAll(out, head, head.length);
    const chunk = Buffer.allocUnsafe(BUFFER_BYTES);
    for (const file of present) {
      const from = openSync(file, 'r');
      try {
        for (let n = readSync(from, chunk, 0, BUFFER_BYTES, null); n > 0; n = readSync(from, chunk, 0, BUFFER_BYTES, null)) writeAll(out, chunk, n);
      } finally {
        closeSync(from);
      }
    }
  });
  return { name, tempPath };
}
