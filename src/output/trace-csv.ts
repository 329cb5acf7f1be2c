/**
 * The per-activation trace as CSV (`secfaas run --trace FILE`): one row per activation (or per N-th),
 * streamed as activations end, one file of rows per replication (a sweep unit), then assembled into
 * FILE with its header in canonical order, as timeseries.csv is (csv-rows.ts): the same scenario and
 * seed give the same bytes whatever the workers or shards, and memory stays flat however long the run.
 */
import type { ActivationTraceSink, TracedActivation } from '../run/activation-trace.js';
import { traceParts } from '../run/activation-trace.js';
import type { RunSpec, Scenario } from '../schema/types.js';
import { assembleCsv, CsvRowsFile, record, UNIT_COLUMNS, unitRowPrefix } from './csv-rows.js';
import { csvCell } from './summary-csv.js';
import type { OutputFile } from './write.js';

/** The columns of an activation, after the unit's (scenario, variant, point, replication, sweep values) and before its parts. */
export const TRACE_COLUMNS = ['id', 'function', 'chain', 'step', 'invoker', 'container', 'startKind', 'outcome', 'blocking', 'arrival', 'start', 'response', 'end'] as const;

/** What every replication's rows of one scenario share: plain data, so it can be posted to a worker thread. */
export interface TraceLayout {
  scenario: string;
  sweepPaths: string[];
  /** The parts of a response time any of its runs reports (`latency.breakdown.*`), in the order of the runs. */
  parts: string[];
  /** scenario, variant, point, replication, the sweep paths, TRACE_COLUMNS, then the parts. */
  header: string[];
}

/** The layout of a scenario's trace: its part columns are the union of its runs' parts (a native run's SGX cells stay empty). */
export function traceLayout(scenario: Scenario): TraceLayout {
  const parts = new Set<string>();
  for (const run of scenario.runs) for (const part of traceParts(run)) parts.add(part);
  const sweepPaths = [...scenario.sweepPaths];
  return { scenario: scenario.name, sweepPaths, parts: [...parts], header: [...UNIT_COLUMNS, ...sweepPaths, ...TRACE_COLUMNS, ...parts] };
}

/** A whole number the model leaves at -1 when it does not apply: an empty cell then. */
const orEmpty = (n: number) => (n < 0 ? '' : String(n));

/**
 * The rows of one replication's trace, as CSV records (no header) in a file of their own, written
 * as activations end through one reused buffer. `finish` closes it and tells whether any row was
 * written (a file without rows is removed); `discard` removes it (the run failed or was stopped).
 */
export class ActivationTraceCsvWriter implements ActivationTraceSink {
  readonly parts: readonly string[];
  private readonly file: CsvRowsFile;
  private spec: RunSpec | undefined;
  private replication = 0;
  private prefix = '';
  /** The run's function and chain names as CSV cells, by index. */
  private functionCells: string[] = [];
  private chainCells: string[] = [];

  constructor(
    readonly path: string,
    private readonly layout: TraceLayout,
  ) {
    this.file = new CsvRowsFile(path);
    this.parts = layout.parts;
  }

  row(spec: RunSpec, replication: number, traced: TracedActivation): void {
    if (spec !== this.spec || replication !== this.replication) {
      this.spec = spec;
      this.replication = replication;
      this.prefix = unitRowPrefix(this.layout, spec, replication);
      this.functionCells = spec.functions.map((f) => record([f.name]));
      this.chainCells = (spec.chains ?? []).map((c) => record([c.name]));
    }
    const a = traced.a;
    const chained = traced.chain >= 0;
    let line =
      `${this.prefix},${a.id},${this.functionCells[a.fn]},${chained ? this.chainCells[traced.chain] : ''},${chained ? a.chainStep : ''},` +
      `${orEmpty(traced.invoker)},${orEmpty(traced.container)},${a.startKind === 'none' ? '' : a.startKind},${traced.outcome},${a.blocking},` +
      `${csvCell(a.arrival)},${csvCell(a.start)},${csvCell(a.response)},${csvCell(a.end)}`;
    const parts = traced.parts;
    for (let i = 0; i < parts.length; i++) line += `,${csvCell(parts[i])}`;
    this.file.line(`${line}\n`);
  }

  /** Flushes and closes the file; true when it holds rows, false (and the file removed) when none was traced. */
  finish(): boolean {
    return this.file.finish();
  }

  /** Closes and removes the file (the run failed or was stopped). */
  discard(): void {
    this.file.discard();
  }
}

/**
 * The trace file `name` in `dir` from the rows of every replication, in the order given (files that
 * do not exist hold no rows): a temporary file for writeOutputs to rename into place; the header
 * alone when nothing was traced.
 */
export function assembleTraceCsv(dir: string, name: string, layout: TraceLayout, rowFiles: readonly string[]): OutputFile {
  return assembleCsv(dir, name, layout.header, rowFiles, true)!;
}
