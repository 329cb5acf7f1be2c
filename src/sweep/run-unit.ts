/**
 * Runs one unit where it is (the main thread or a worker thread): its replication, with its
 * time-series rows and its trace streamed to the files the main thread named (unique there, so
 * workers never collide), and simulated time reported as it advances.
 */
import { TimeseriesCsvWriter, type TimeseriesLayout } from '../output/timeseries-csv.js';
import { ActivationTraceCsvWriter, type TraceLayout } from '../output/trace-csv.js';
import { runReplication } from '../run/run.js';
import type { ReplicationResult } from '../run/types.js';
import type { RunSpec } from '../schema/types.js';

/** What a unit needs to run: plain data, so that it can be posted to a worker thread. */
export interface UnitTask {
  index: number;
  spec: RunSpec;
  replication: number;
  /** Where to stream the rows (a temporary name in the units folder), and their layout; absent when nothing samples. */
  timeseries?: { layout: TimeseriesLayout; path: string };
  /** Where to stream its per-activation trace (a temporary name), its layout, and which activations (every N-th); absent: not traced. */
  trace?: { layout: TraceLayout; path: string; every: number };
}

export interface UnitOutcome {
  result: ReplicationResult;
  /** The file of rows written, or undefined when the unit sampled nothing. */
  timeseriesPath?: string;
  /** The file of trace rows written, or undefined when it traced nothing. */
  tracePath?: string;
}

export async function runUnit(task: UnitTask, options: { onTime?(simulatedSeconds: number): void; signal?: AbortSignal } = {}): Promise<UnitOutcome> {
  const writer = task.timeseries === undefined ? undefined : new TimeseriesCsvWriter(task.timeseries.path, task.timeseries.layout);
  let tracer: ActivationTraceCsvWriter | undefined;
  try {
    tracer = task.trace === undefined ? undefined : new ActivationTraceCsvWriter(task.trace.path, task.trace.layout);
    const trace = tracer === undefined ? undefined : { sink: tracer, every: task.trace!.every };
    const result = await runReplication(task.spec, task.replication, { timeseries: writer, trace, onTime: options.onTime, signal: options.signal });
    const sampled = writer?.finish() === true;
    const traced = tracer?.finish() === true;
    return { result, ...(sampled ? { timeseriesPath: writer!.path } : {}), ...(traced ? { tracePath: tracer!.path } : {}) };
  } catch (error) {
    writer?.discard();
    tracer?.discard();
    throw error;
  }
}
