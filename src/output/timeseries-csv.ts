/**
 * timeseries.csv, streamed: rows go to disk as the run samples them and are never kept. Each
 * replication (a sweep unit) writes its rows to a file of its own (TimeseriesCsvWriter, no header),
 * and timeseries.csv is the header followed by those files in canonical order
 * (assembleTimeseriesCsv), copied in fixed-size chunks. A 24 h run's millions of rows cost no memory.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { stringify } from 'csv-stringify/sync';
import type { TimeSeriesRow } from '../model/platform.js';
import { runTimeseriesColumns } from '../run/platform.js';
import type { TimeseriesSink } from '../run/types.js';
import type { RunSpec, Scenario } from '../schema/types.js';
import { csvCell } from './summary-csv.js';
import { tempNameFor, type OutputFile } from './write.js';

const LEADING = ['scenario', 'variant', 'point', 'replication'];

/**
 * Rows are encoded into one reused buffer of this many bytes and written when it is full: memory
 * stays flat whatever the run's length, and each row's text dies young (a growing string of rows
 * would survive into the old generation and cost more in garbage collection than the run itself).
 */
const BUFFER_BYTES = 1 << 20;

/** One CSV record (no line end), quoted where CSV needs it. */
const record = (cells: readonly (string | number)[]) => stringify([cells.map((c) => (typeof c === 'number' ? csvCell(c) : c))]).slice(0, -1);

/** What every replication's rows of one scenario share: plain data, so it can be posted to a worker thread. */
export interface TimeseriesLayout {
  scenario: string;
  sweepPaths: string[];
  /** scenario, variant, point, replication, the sweep paths, then the sampled columns. */
  header: string[];
}

/**
 * The layout of a scenario's timeseries.csv: the sampled columns are the union of those its runs'
 * platforms declare (in the order of the runs). Undefined when no run samples.
 */
export function timeseriesLayout(scenario: Scenario): TimeseriesLayout | undefined {
  const sampled = new Set<string>();
  for (const run of scenario.runs) {
    const sampling = run.sampleIntervalSeconds > 0 ? runTimeseriesColumns(run) : undefined;
    if (sampling !== undefined) for (const column of ['time', sampling.entity, ...sampling.columns]) sampled.add(column);
  }
  if (sampled.size === 0) return undefined;
  return { scenario: scenario.name, sweepPaths: [...scenario.sweepPaths], header: [...LEADING, ...scenario.sweepPaths, ...sampled] };
}

/** The cells every row of one replication starts with (scenario, variant, point, replication, sweep values), as CSV. */
export function timeseriesPrefix(layout: TimeseriesLayout, spec: RunSpec, replication: number): string {
  return record([layout.scenario, spec.variant, spec.pointIndex, replication, ...layout.sweepPaths.map((p) => spec.point[p] ?? '')]);
}

/** Writes a byte buffer to an open file, all of it. */
function writeAll(fd: number, buffer: Buffer, length: number): void {
  let written = 0;
  while (written < length) written += writeSync(fd, buffer, written, length - written);
}

/**
 * The rows of one replication, as CSV records (no header) in a file of their own, written as they
 * are sampled through one reused buffer. `finish` closes it and tells whether any row was written
 * (a file without rows is removed); `discard` removes it (the run failed or was stopped).
 */
export class TimeseriesCsvWriter implements TimeseriesSink {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private rows = 0;
  private spec: RunSpec | undefined;
  private replication = 0;
  private prefix = '';
  private closed = false;
  private readonly fixed: number;

  constructor(
    readonly path: string,
    private readonly layout: TimeseriesLayout,
  ) {
    this.fd = openSync(path, 'wx');
    this.fixed = LEADING.length + layout.sweepPaths.length;
  }

  row(spec: RunSpec, replication: number, row: TimeSeriesRow): void {
    const header = this.layout.header;
    if (spec !== this.spec || replication !== this.replication) {
      this.spec = spec;
      this.replication = replication;
      this.prefix = timeseriesPrefix(this.layout, spec, replication);
      // A column the platform did not declare would be dropped without a word: refuse it (once per run).
      const declared = new Set(header.slice(this.fixed));
      const unknown = Object.keys(row).filter((k) => !declared.has(k));
      if (unknown.length > 0) throw new Error(`time-series column(s) ${unknown.join(', ')} of ${spec.platform.kind} are not among the columns its platform declares`);
    }
    let line = this.prefix;
    for (let i = this.fixed; i < header.length; i++) {
      const value = row[header[i]];
      line += `,${typeof value === 'number' ? csvCell(value) : value === undefined ? '' : record([value])}`;
    }
    this.append(`${line}\n`);
    this.rows++;
  }

  /** Flushes and closes the file; true when it holds rows, false (and the file removed) when nothing was sampled. */
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

  private append(text: string): void {
    // at most 3 bytes per UTF-16 unit in UTF-8
    if (this.used + 3 * text.length > BUFFER_BYTES) this.flush();
    if (3 * text.length > BUFFER_BYTES) writeSync(this.fd, text);
    else this.used += this.buffer.write(text, this.used, 'utf8');
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

/**
 * The rows of one replication (a file TimeseriesCsvWriter wrote) as another run's with the same
 * samples: every line's leading cells `fromPrefix` replaced by `toPrefix`, streamed in chunks to a
 * new file at `toPath`. What a unit whose run is another's but for its labels gets (sweep/units.ts).
 */
export function relabelTimeseries(fromPath: string, toPath: string, fromPrefix: string, toPrefix: string): void {
  const out = openSync(toPath, 'wx');
  try {
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
    fsyncSync(out);
  } catch (error) {
    closeSync(out);
    rmSync(toPath, { force: true });
    throw error;
  }
  closeSync(out);
}

/**
 * timeseries.csv in `dir` from the rows of every replication, in the order given (files that do
 * not exist hold no rows): a temporary file, header first, then each file copied in 1 MiB chunks,
 * for writeOutputs to rename into place with the other outputs. Undefined when no file has rows.
 */
export function assembleTimeseriesCsv(dir: string, layout: TimeseriesLayout, rowFiles: readonly string[]): OutputFile | undefined {
  const present = rowFiles.filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
  if (present.length === 0) return undefined;
  mkdirSync(dir, { recursive: true });
  const tempPath = join(dir, tempNameFor('timeseries.csv'));
  const out = openSync(tempPath, 'wx');
  try {
    const header = Buffer.from(`${record(layout.header)}\n`);
    writeAll(out, header, header.length);
    const chunk = Buffer.allocUnsafe(BUFFER_BYTES);
    for (const file of present) {
      const from = openSync(file, 'r');
      try {
        for (let n = readSync(from, chunk, 0, BUFFER_BYTES, null); n > 0; n = readSync(from, chunk, 0, BUFFER_BYTES, null)) writeAll(out, chunk, n);
      } finally {
        closeSync(from);
      }
    }
    fsyncSync(out);
  } catch (error) {
    closeSync(out);
    rmSync(tempPath, { force: true });
    throw error;
  }
  closeSync(out);
  return { name: 'timeseries.csv', tempPath };
}
