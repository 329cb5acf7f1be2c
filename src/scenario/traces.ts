import { isAbsolute, join } from 'node:path';
import type { Problem } from '../schema/errors.js';
import { traceArrivals, TraceError } from '../workload/trace.js';
import type { RunDocument } from './run-schema.js';

/**
 * Resolves every trace of a document against the scenario file's folder (so a scenario and its
 * traces move together) and checks that each can be replayed: the file is readable and in a known
 * format, and holds the function, once. Problems point at the trace or function key.
 */
export function resolveTraces(doc: RunDocument, folder: string): Problem[] {
  const problems: Problem[] = [];
  doc.workload.forEach((w, i) => {
    const arrivals = w.arrivals;
    if (arrivals.kind !== 'trace') return;
    if (!isAbsolute(arrivals.file)) arrivals.file = join(folder, arrivals.file);
    try {
      traceArrivals(arrivals.file, { function: arrivals.function, app: arrivals.app });
    } catch (error) {
      if (!(error instanceof TraceError)) throw error;
      problems.push({ path: ['workload', i, 'arrivals', error.about === 'file' ? 'trace' : 'function'], message: error.message });
    }
  });
  return problems;
}
