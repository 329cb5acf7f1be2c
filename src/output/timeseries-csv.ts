/**
 * timeseries.csv, streamed: rows go to disk as the run samples them and are never kept. Each
 * replication (a sweep unit) writes its rows to a file of its own (TimeseriesCsvWriter, no header),
 * and timeseries.csv is the header followed by those files in canonical order
 * (assembleTimeseriesCsv), copied in fixed-size chunks (csv-rows.ts). A 24 h run's millions of rows cost no memory.
 */
import type { TimeSeriesRow } from '../model/platform.js';
import { runTimeseriesColumns } from '../run/platform.js';
import type { TimeseriesSink } from '../run/types.js';
import type { RunSpec, Scenario } from '../schema/types.js';
import { csvCell } from './summary-csv.js';
import { assembleCsv, CsvRowsFile, record, UNIT_COLUMNS, unitRowPrefix } from './csv-rows.js';
import type { OutputFile } from './write.js';

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
  return { scenario: scenario.name, sweepPaths: [...scenario.sweepPaths], header: [...UNIT_COLUMNS, ...scenario.sweepPaths, ...sampled] };
}

/** The cells every row of one replication starts with (scenario, variant, point, replication, sweep values), as CSV. */
export function timeseriesPrefix(layout: TimeseriesLayout, spec: RunSpec, replication: number): string {
  return unitRowPrefix(layout, spec, replication);
}

/**
 * The rows of one replication, as CSV records (no header) in a file of their own, written as they
 * are sampled through one reused buffer. `finish` closes it and tells whether any row was written
 * (a file without rows is removed); `discard` removes it (the run failed or was stopped).
 */
export class TimeseriesCsvWriter implements TimeseriesSink {
  private readonly file: CsvRowsFile;
  private spec: RunSpec | undefined;
  private replication = 0;
  private prefix = '';
  private readonly fixed: number;

  constructor(
    readonly path: string,
    private readonly layout: TimeseriesLayout,
  ) {
    this.file = new CsvRowsFile(path);
    this.fixed = UNIT_COLUMNS.length + layout.sweepPaths.length;
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
    this.file.line(`${line}\n`);
  }

  /** Flushes and closes the file; true when it holds rows, false (and the file removed) when nothing was sampled. */
  finish(): boolean {
    return this.file.finish();
  }

  /** Closes and removes the file (the run failed or was stopped). */
  discard(): void {
    this.file.discard();
  }
}

/**
 * timeseries.csv in `dir` from the rows of every replication, in the order given (files that do
 * not exist hold no rows): a temporary file, header first, then each file copied in 1 MiB chunks,
 * for writeOutputs to rename into place with the other outputs. Undefined when no file has rows.
 */
export function assembleTimeseriesCsv(dir: string, layout: TimeseriesLayout, rowFiles: readonly string[]): OutputFile | undefined {
  return assembleCsv(dir, 'timeseries.csv', layout.header, rowFiles);
}
