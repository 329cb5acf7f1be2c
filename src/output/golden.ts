/**
 * Golden outputs: for a shipped scenario, the bytes of its summary.csv, summary-statistics.csv and the events handled per
 * replication. test/golden.test.ts compares a fresh run with the stored reference byte for byte, so a
 * refactor that moves a result fails, and a model change shows up as a reviewed diff of the
 * references (`npm run golden` rewrites them on purpose).
 */
import { relative } from 'node:path';
import { summaryCsv, summaryStatisticsCsv } from './summary-csv.js';
import { aggregated } from '../aggregate/aggregate.js';
import { loadScenario } from '../scenario/load.js';
import { runScenario } from '../run/run.js';

export interface GoldenOutput {
  summaryCsv: string;
  /** summary-statistics.csv: the means and (clipped) intervals, guarded too. */
  statisticsCsv: string;
  /** One line per replication: `variant point replication events`. */
  events: string;
}

/** The reference file stem of a scenario: its path below the scenarios folder, `/` as `__`. */
export function goldenStem(scenariosFolder: string, file: string): string {
  return relative(scenariosFolder, file).replace(/\.(ya?ml|json)$/i, '').split(/[\\/]/).join('__');
}

export async function goldenOutput(file: string): Promise<GoldenOutput> {
  const result = await runScenario(loadScenario(file));
  const events = result.replications.map((r) => `${r.variant} ${r.pointIndex} ${r.replication} ${r.events}\n`).join('');
  const summary = aggregated(result);
  return { summaryCsv: summaryCsv(summary), statisticsCsv: summaryStatisticsCsv(summary), events };
}
