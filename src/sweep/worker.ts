/**
 * A worker thread of the sweep pool: runs the units it is sent, one at a time, and posts each
 * result back. Results are structured clones, so NaN, Infinity and -0 arrive intact.
 */
import { parentPort } from 'node:worker_threads';
import { runReplication } from '../run/run.js';
import type { ToWorker, FromWorker } from './pool.js';

const port = parentPort;
if (port === null) throw new Error('sweep/worker.js runs as a worker thread of the sweep pool');

port.on('message', (message: ToWorker) => {
  runReplication(message.spec, message.replication).then(
    (result) => port.postMessage({ index: message.index, result } satisfies FromWorker),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ index: message.index, error: { message: e.message, stack: e.stack } } satisfies FromWorker);
    },
  );
});
