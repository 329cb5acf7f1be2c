import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { timeseriesColumns } from '../platform/index.js';
import type { TimeSeriesRow } from '../model/platform.js';
import type { TimeseriesSink } from '../run/types.js';
import type { RunSpec, Scenario } from '../spec/types.js';
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

/**
 * The columns of a scenario's timeseries.csv: scenario, variant, point, replication, the sweep
 * values, then the union of the columns its platforms sample (in the order of the runs). Empty
 * when no run samples.
 */
export function timeseriesHeader(scenario: Scenario): string[] {
  const sampled = new Set<string>();
  for (const run of scenario.runs) {
    if (run.sampleIntervalSeconds > 0) for (const column of timeseriesColumns(run.platform.kind)) sampled.add(column);
  }
  return sampled.size === 0 ? [] : [...LEADING, ...scenario.sweepPaths, ...sampled];
}

/**
 * timeseries.csv, streamed as the run samples it: rows go to a temporary file in the output
 * folder (buffered, never kept), so a 24 h run's millions of rows cost no memory. `finish` hands
 * back the file for writeOutputs to rename into place with the other outputs (a reader never sees
 * half a file); `discard` removes it (an interrupted or failed run).
 */
export class TimeseriesCsvFile implements TimeseriesSink {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private rows = 0;
  private spec: RunSpec | undefined;
  private replication = 0;
  private prefix = '';
  private closed = false;

  private constructor(
    private readonly scenario: Scenario,
    private readonly header: readonly string[],
    readonly tempPath: string,
  ) {
    this.fd = openSync(tempPath, 'wx');
    this.append(`${record(header)}\n`);
  }

  /** A file in `dir` (which must exist) for the scenario's time series; undefined when no run of it samples. */
  static open(dir: string, scenario: Scenario): TimeseriesCsvFile | undefined {
    const header = timeseriesHeader(scenario);
    return header.length === 0 ? undefined : new TimeseriesCsvFile(scenario, header, join(dir, tempNameFor('timeseries.csv')));
  }

  row(spec: RunSpec, replication: number, row: TimeSeriesRow): void {
    if (spec !== this.spec || replication !== this.replication) {
      this.spec = spec;
      this.replication = replication;
      const sweep = this.scenario.sweepPaths.map((p) => spec.point[p] ?? '');
      this.prefix = record([this.scenario.name, spec.variant, spec.pointIndex, replication, ...sweep]);
    }
    const fixed = LEADING.length + this.scenario.sweepPaths.length;
    let line = this.prefix;
    for (let i = fixed; i < this.header.length; i++) {
      const value = row[this.header[i]];
      line += `,${typeof value === 'number' ? csvCell(value) : value === undefined ? '' : record([value])}`;
    }
    this.append(`${line}\n`);
    this.rows++;
  }

  private append(text: string): void {
    // at most 3 bytes per UTF-16 unit in UTF-8
    if (this.used + 3 * text.length > BUFFER_BYTES) this.flush();
    if (3 * text.length > BUFFER_BYTES) writeSync(this.fd, text);
    else this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** Flushes and closes the file: the output to rename into place, or undefined (file removed) when nothing was sampled. */
  finish(): OutputFile | undefined {
    this.flush();
    fsyncSync(this.fd);
    this.close();
    if (this.rows > 0) return { name: 'timeseries.csv', tempPath: this.tempPath };
    rmSync(this.tempPath, { force: true });
    return undefined;
  }

  /** Closes and removes the temporary file (the run failed or was interrupted). */
  discard(): void {
    this.close();
    rmSync(this.tempPath, { force: true });
  }

  private flush(): void {
    let written = 0;
    while (written < this.used) written += writeSync(this.fd, this.buffer, written, this.used - written);
    this.used = 0;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
