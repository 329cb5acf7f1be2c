import { join } from 'node:path';
import { Interrupted, RunStopped } from './errors.js';
import { progressBar, type Progress } from './progress.js';

/**
 * Runs the simulation work of a command: a progress line on a terminal, Ctrl-C (or SIGTERM)
 * aborts `signal` so the work stops within a fraction of a second, and if the work fails or is
 * stopped, `whatHappened(finished, total)` (what was kept or lost of the replications) is said
 * after the cause. A second Ctrl-C quits at once (Node's default).
 */
export async function runWithProgress<T>(
  label: string,
  work: (progress: Progress, signal: AbortSignal) => Promise<T>,
  whatHappened: (finished: number, total: number) => string,
): Promise<T> {
  const progress = progressBar(label);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Interrupted(signal));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(progress, controller.signal);
  } catch (error) {
    // refused before any replication was planned (a --resume of other units): nothing to say of them
    if (progress.total === 0) throw error;
    throw new RunStopped(error, whatHappened(progress.finished, progress.total));
  } finally {
    progress.done();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** What became of a sweep's finished units in `out` when it stopped: kept, and how to run the rest. */
export function unitsOutcome(out: string, resume: string): (finished: number, total: number) => string {
  return (finished, total) =>
    finished === 0
      ? `none of ${total} replications had finished: nothing was kept`
      : `${finished} of ${total} replications had finished and are kept in ${join(out, 'units')}/: ${resume} runs only the rest`;
}
