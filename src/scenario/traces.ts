import { isAbsolute, join, resolve } from 'node:path';
import type { Problem } from '../schema/errors.js';
import { inputFileProblem } from '../schema/input-files.js';
import { traceArrivals, TraceError } from '../workload/trace.js';
import type { RunDocument } from './run-schema.js';

/** Where a scenario's trace files are, and how they may be read. */
export interface TraceFiles {
  /** The scenario file's folder, as given: a trace path is recorded relative to it. */
  folder: string;
  /** The folder relative paths are read from ('' : the current one). */
  base: string;
  /** Read a trace larger than its limit. */
  force: boolean;
}

/**
 * Resolves every trace of a document against the scenario file's folder (so a scenario and its
 * traces move together) and checks that each can be replayed: a regular file within its size
 * limit, in a known format, that holds the function once. Problems point at the trace or function key.
 */
export function resolveTraces(doc: RunDocument, files: TraceFiles): Problem[] {
  const problems: Problem[] = [];
  doc.workload.forEach((w, i) => {
    const arrivals = w.arrivals;
    if (arrivals.kind !== 'trace') return;
    if (!isAbsolute(arrivals.file)) arrivals.file = join(files.folder, arrivals.file);
    const path = files.base === '' ? arrivals.file : resolve(files.base, arrivals.file);
    const problem = inputFileProblem(path, 'trace', files);
    if (problem !== undefined) {
      problems.push({ path: ['workload', i, 'arrivals', 'trace'], message: `cannot read the trace ${arrivals.file}: ${problem}` });
      return;
    }
    try {
      traceArrivals(path, { function: arrivals.function, app: arrivals.app });
    } catch (error) {
      if (!(error instanceof TraceError)) throw error;
      problems.push({ path: ['workload', i, 'arrivals', error.about === 'file' ? 'trace' : 'function'], message: error.message });
    }
  });
  return problems;
}
