/**
 * A worker thread of the sweep pool: runs the units it is sent, one at a time, and posts each
 * result back (and, a few times a second, how far in simulated time the unit has got). Results
 * are structured clones, so NaN, Infinity and -0 arrive intact.
 */
import { parentPort } from 'node:worker_threads';
import type { ToWorker, FromWorker } from './pool.js';
import { runUnit } from './run-unit.js';

const port = parentPort;
if (port === null) throw new Error('sweep/worker.js runs as a worker thread of the sweep pool');

/** Progress messages at most this often (wall clock): enough for a progress line, cheap for the run. */
const PROGRESS_EVERY_MS = 200;

port.on('message', (message: ToWorker) => {
  let lastPosted = 0;
  const onTime = (simulatedSeconds: number) => {
    const now = Date.now();
    if (now - lastPosted < PROGRESS_EVERY_MS) return;
    lastPosted = now;
    port.postMessage({ index: message.index, simulatedSeconds } satisfies FromWorker);
  };
  runUnit(message, { onTime }).then(
    ({ result, timeseriesPath, tracePath }) => port.postMessage({ index: message.index, result, timeseriesPath, tracePath } satisfies FromWorker),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ index: message.index, error: { message: e.message, stack: e.stack } } satisfies FromWorker);
    },
  );
});
