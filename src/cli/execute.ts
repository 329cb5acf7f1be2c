import { runScenario, withOverrides } from '../run/run.js';
import type { ScenarioResult, TimeseriesSink } from '../run/types.js';
import type { Scenario } from '../spec/types.js';
import { Interrupted, RunLost } from './errors.js';
import { progressBar } from './progress.js';

export interface ExecuteOptions {
  seed?: number;
  replications?: number;
  timeseries?: TimeseriesSink;
  /** What happens to the finished replications if the run fails, e.g. "nothing was written to a/". */
  onLoss: string;
}

/**
 * Runs a scenario for a command: a progress line on a terminal, Ctrl-C (or SIGTERM) stops it
 * within a fraction of a second, and a run that fails or is stopped says how many replications
 * had finished and that they are lost. A second Ctrl-C quits at once (Node's default).
 */
export async function executeScenario(original: Scenario, options: ExecuteOptions): Promise<ScenarioResult> {
  const scenario = withOverrides(original, options);
  const progress = progressBar(scenario.name);
  const total = scenario.runs.reduce((sum, r) => sum + r.replications, 0);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Interrupted(signal));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runScenario(scenario, { onProgress: progress.update, timeseries: options.timeseries, signal: controller.signal });
  } catch (error) {
    throw new RunLost(error, `${progress.finished} of ${total} replications of ${scenario.name} had finished; they are lost: ${options.onLoss}`);
  } finally {
    progress.done();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
