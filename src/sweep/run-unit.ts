/**
 * Runs one unit where it is (the main thread or a worker thread): its replication, with its
 * time-series rows streamed to the file the main thread named (unique there, so workers never
 * collide), and simulated time reported as it advances.
 */
import { TimeseriesCsvWriter, type TimeseriesLayout } from '../output/timeseries-csv.js';
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
}

export interface UnitOutcome {
  result: ReplicationResult;
  /** The file of rows written, or undefined when the unit sampled nothing. */
  timeseriesPath?: string;
}

export async function runUnit(task: UnitTask, options: { onTime?(simulatedSeconds: number): void; signal?: AbortSignal } = {}): Promise<UnitOutcome> {
  const writer = task.timeseries === undefined ? undefined : new TimeseriesCsvWriter(task.timeseries.path, task.timeseries.layout);
  try {
    const result = await runReplication(task.spec, task.replication, { timeseries: writer, onTime: options.onTime, signal: options.signal });
    const sampled = writer?.finish() === true;
    return sampled ? { result, timeseriesPath: writer!.path } : { result };
  } catch (error) {
    writer?.discard();
    throw error;
  }
}
