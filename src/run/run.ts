import type { RunSpec, Scenario } from '../schema/types.js';
import type { ActivationListener } from '../model/activation-events.js';
import { Replication } from './replication.js';
import type { ReplicationResult, ScenarioResult, TimeseriesSink } from './types.js';
import type { TraceOptions } from './activation-trace.js';
import { VERSION } from './version.js';
import { effectiveRun, relabelled } from './effective-run.js';

export { VERSION } from './version.js';

export interface RunOptions {
  /** Sees every activation event (tests, a trace of one's own). */
  observer?: ActivationListener;
  /** Takes the time-series rows as they are sampled; without it the platform samples none. */
  timeseries?: TimeseriesSink;
  /** Takes a record of every (N-th) activation as it ends: where it ran, its breakdown parts (ActivationTraceCsvWriter). */
  trace?: TraceOptions;
  /** Sees simulated time advance within the replication (every control tick, or 1/1000 of the run). */
  onTime?(simulatedSeconds: number): void;
  /** Stops the run at its next pause (a few times a wall-clock second) with `signal.reason`. */
  signal?: AbortSignal;
}

/** How often (wall clock) a run lets timers and signal handlers in: progress lines, Ctrl-C. */
const YIELD_EVERY_MS = 50;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs one replication (1-based) of one run spec to its duration. The random streams are
 * seeded with `${spec.seed}/${replication}`, the same for every variant and sweep point.
 */
export async function runReplication(spec: RunSpec, replication: number, options: RunOptions = {}): Promise<ReplicationResult> {
  const run = new Replication(spec, replication, options.observer, options.timeseries, options.trace);
  const { onTime, signal } = options;
  let lastYield = Date.now();
  // Wall-clock time only decides when to let the event loop in: it never touches the model.
  const pause = async (simulatedSeconds: number): Promise<void> => {
    onTime?.(simulatedSeconds);
    if (Date.now() - lastYield < YIELD_EVERY_MS) return;
    await yieldToEventLoop();
    lastYield = Date.now();
    signal?.throwIfAborted();
  };
  try {
    signal?.throwIfAborted();
    await run.run(onTime !== undefined || signal !== undefined ? pause : undefined);
    return run.result();
  } finally {
    run.close();
  }
}

export interface ScenarioOptions {
  /**
   * After each replication (`current` absent), and as simulated time advances within one
   * (`current`: the replication being run, done + 1, is that far).
   */
  onProgress?(done: number, total: number, current?: { simulatedSeconds: number; durationSeconds: number }): void;
  /** Takes the time-series rows as they are sampled (e.g. output's TimeseriesCsvWriter). */
  timeseries?: TimeseriesSink;
  /** Takes a record of every (N-th) activation of every replication as it ends (e.g. output's ActivationTraceCsvWriter). */
  trace?: TraceOptions;
  /** Aborting stops the run within a fraction of a second, rejecting with `signal.reason`. */
  signal?: AbortSignal;
  /** Overrides the scenario's number of replications. */
  replications?: number;
  /** Overrides the scenario's seed. */
  seed?: number;
}

/** The order of results and of summary.csv: variant (file order), then sweep point, then replication. */
export function orderedRuns(scenario: Scenario): RunSpec[] {
  const variantRank = new Map(scenario.variants.map((v, i) => [v, i]));
  const rank = (r: RunSpec) => variantRank.get(r.variant) ?? scenario.variants.length;
  return scenario.runs
    .map((r, i) => ({ r, i }))
    .sort((x, y) => rank(x.r) - rank(y.r) || x.r.pointIndex - y.r.pointIndex || x.i - y.i)
    .map(({ r }) => r);
}

/**
 * The scenario with a different seed and/or number of replications, in every run: what
 * `runScenario` runs and records, so summary.json tells how to re-run the result.
 */
export function withOverrides(scenario: Scenario, options: Pick<ScenarioOptions, 'seed' | 'replications'>): Scenario {
  const { seed, replications } = options;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new RangeError(`seed must be a whole number >= 0, got ${seed}`);
  if (replications !== undefined && !(Number.isInteger(replications) && replications >= 1)) {
    throw new RangeError(`replications must be a whole number >= 1, got ${replications}`);
  }
  if (seed === undefined && replications === undefined) return scenario;
  const next = { seed: seed ?? scenario.seed, replications: replications ?? scenario.replications };
  return { ...scenario, ...next, runs: scenario.runs.map((run) => ({ ...run, ...next })) };
}

export async function runScenario(original: Scenario, options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const scenario = withOverrides(original, options);
  const runs = orderedRuns(scenario);
  const total = runs.reduce((sum, r) => sum + r.replications, 0);
  const replications: ReplicationResult[] = [];
  const { onProgress, timeseries, trace, signal } = options;
  // A run whose effective spec an earlier run has (a native variant at every point of a sweep over
  // security or hardware keys) is that run's result relabelled, as the sweep's units do; not while
  // rows are streamed, which carry each run's labels.
  const reuse = timeseries === undefined && trace === undefined;
  const ranFor = new Map<string, ReplicationResult[]>();
  for (const r of runs) {
    const key = reuse ? effectiveRun(r) : undefined;
    const earlier = key === undefined ? undefined : ranFor.get(key);
    if (earlier !== undefined) {
      for (const result of earlier) {
        replications.push(relabelled(result, r));
        onProgress?.(replications.length, total);
      }
      continue;
    }
    const own: ReplicationResult[] = [];
    if (key !== undefined) ranFor.set(key, own);
    for (let i = 1; i <= r.replications; i++) {
      const done = replications.length;
      const onTime =
        onProgress === undefined ? undefined : (simulatedSeconds: number) => onProgress(done, total, { simulatedSeconds, durationSeconds: r.durationSeconds });
      const result = await runReplication(r, i, { timeseries, trace, onTime, signal });
      replications.push(result);
      own.push(result);
      onProgress?.(replications.length, total);
      // let timers and signal handlers run between replications (progress bars, Ctrl-C)
      await yieldToEventLoop();
    }
  }
  return { scenario, replications, version: VERSION };
}

