/**
 * Runs units on worker threads (or in this thread when one worker is enough). Units are handed out
 * in canonical order, one at a time to whichever worker is free, and each result goes to `onDone`
 * as soon as it arrives; where a unit ran does not change its bytes, and the outputs are put in
 * canonical order afterwards, so any number of workers gives the same outputs.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ReplicationResult } from '../run/types.js';
import { runUnit, type UnitOutcome, type UnitTask } from './run-unit.js';
import type { Unit } from './units.js';

export type ToWorker = UnitTask;

export type FromWorker =
  | { index: number; result: ReplicationResult; timeseriesPath?: string; tracePath?: string }
  | { index: number; simulatedSeconds: number }
  | { index: number; error: { message: string; stack?: string } };

export interface PoolOptions {
  /** Worker threads; default: the cores available. */
  workers?: number;
  /** The task of a unit (its time-series and trace files, if it samples or traces). */
  taskOf(unit: Unit): UnitTask;
  /** Called once per unit, as it finishes (in any order); awaited before the unit counts as done. */
  onDone(unit: Unit, outcome: UnitOutcome): Promise<void> | void;
  /** A unit under way has got this far in simulated time (a few times a wall-clock second at most). */
  onTime?(unit: Unit, simulatedSeconds: number): void;
  /** Aborting stops every unit under way (workers are terminated) and rejects with `signal.reason`. */
  signal?: AbortSignal;
}

export const defaultWorkers = (): number => availableParallelism();

export async function runUnits(units: readonly Unit[], options: PoolOptions): Promise<void> {
  const workers = Math.min(options.workers ?? defaultWorkers(), units.length);
  if (workers <= 1) return runInline(units, options);
  return runOnWorkers(units, workers, options);
}

async function runInline(units: readonly Unit[], options: PoolOptions): Promise<void> {
  for (const unit of units) {
    const onTime = options.onTime === undefined ? undefined : (seconds: number) => options.onTime!(unit, seconds);
    await options.onDone(unit, await runUnit(options.taskOf(unit), { onTime, signal: options.signal }));
    // let timers and signal handlers run between units (progress bar, Ctrl-C)
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The worker script next to this module (dist/sweep/worker.js once built). */
const WORKER_URL = new URL('./worker.js', import.meta.url);

function runOnWorkers(units: readonly Unit[], count: number, options: PoolOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const byIndex = new Map(units.map((u) => [u.index, u]));
    const threads: Worker[] = [];
    let next = 0;
    let pending = units.length;
    let failed = false;
    // One onDone at a time, in arrival order: writers need not be re-entrant.
    let chain: Promise<void> = Promise.resolve();

    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      options.signal?.removeEventListener('abort', abort);
      for (const t of threads) void t.terminate();
      reject(error);
    };
    const abort = () => fail(options.signal!.reason);
    if (options.signal?.aborted) return abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    const feed = (thread: Worker) => {
      if (failed || next >= units.length) return;
      const unit = units[next++];
      thread.postMessage(options.taskOf(unit) satisfies ToWorker);
    };

    for (let i = 0; i < count; i++) {
      const thread = new Worker(WORKER_URL);
      threads.push(thread);
      thread.on('message', (message: FromWorker) => {
        if ('error' in message) {
          const error = new Error(message.error.message);
          if (message.error.stack) error.stack = message.error.stack;
          fail(error);
          return;
        }
        const unit = byIndex.get(message.index)!;
        if ('simulatedSeconds' in message) {
          if (!failed) options.onTime?.(unit, message.simulatedSeconds);
          return;
        }
        feed(thread);
        const { timeseriesPath, tracePath } = message;
        const outcome: UnitOutcome = { result: message.result, ...(timeseriesPath === undefined ? {} : { timeseriesPath }), ...(tracePath === undefined ? {} : { tracePath }) };
        chain = chain
          .then(() => options.onDone(unit, outcome))
          .then(() => {
            if (--pending === 0 && !failed) {
              options.signal?.removeEventListener('abort', abort);
              for (const t of threads) void t.terminate();
              resolve();
            }
          }, fail);
      });
      thread.on('error', fail);
      thread.on('exit', (code) => {
        if (pending > 0 && !failed) fail(new Error(`a sweep worker thread stopped (exit code ${code}) with ${pending} units left`));
      });
      feed(thread);
    }
  });
}
