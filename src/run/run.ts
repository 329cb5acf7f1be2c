import { readFileSync } from 'node:fs';
import type { RunSpec, Scenario } from '../scenario/types.js';
import type { RunObserver } from './replication.js';
import { Replication } from './replication.js';
import type { ReplicationResult, ScenarioResult } from './types.js';

export interface RunOptions {
  /** Sees every activation event (per-activation traces). */
  observer?: RunObserver;
}

/**
 * Runs one replication (1-based) of one run spec to its duration. The random streams are
 * seeded with `${spec.seed}/${replication}`, the same for every variant and sweep point.
 */
export async function runReplication(spec: RunSpec, replication: number, options: RunOptions = {}): Promise<ReplicationResult> {
  const run = new Replication(spec, replication, options.observer);
  try {
    await run.run();
    return run.result();
  } finally {
    run.close();
  }
}

export interface ScenarioOptions {
  onProgress?(done: number, total: number): void;
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

export async function runScenario(scenario: Scenario, options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const runs = orderedRuns(scenario);
  const replicationsOf = (r: RunSpec) => options.replications ?? r.replications ?? scenario.replications;
  const total = runs.reduce((sum, r) => sum + replicationsOf(r), 0);
  const replications: ReplicationResult[] = [];
  for (const r of runs) {
    const spec = options.seed === undefined ? r : { ...r, seed: options.seed };
    for (let i = 1; i <= replicationsOf(r); i++) {
      replications.push(await runReplication(spec, i));
      options.onProgress?.(replications.length, total);
      // let timers and signal handlers run between replications (progress bars, Ctrl-C)
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { scenario, replications, version: VERSION };
}

/** The package version, read once from package.json (two levels up from src/run and dist/run). */
export const VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
})();
