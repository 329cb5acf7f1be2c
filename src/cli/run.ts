import { join } from 'node:path';
import { runScenario } from '../run/run.js';
import { formatSummaryTable, resultFiles, summaryCsv, summaryJson, writeOutputs } from '../output/index.js';
import { evaluateClaims } from '../claims/index.js';
import { loadAll } from './scenarios.js';
import { progressBar } from './progress.js';
import { EXIT_OK } from './errors.js';

export interface RunArgs {
  file: string;
  out?: string;
  seed?: number;
  replications?: number;
  format: 'table' | 'json' | 'csv';
}

/** `secfaas run FILE`: runs every variant x sweep point x replication, prints a summary, writes the result files. */
export async function runCommand(args: RunArgs): Promise<number> {
  const [scenario] = loadAll([args.file], args);
  const progress = progressBar(scenario.name);
  const result = await runScenario(scenario, { onProgress: progress.update });
  progress.done();
  const verdicts = scenario.claims.length > 0 ? evaluateClaims(result) : undefined;
  const out = args.out ?? join('results', scenario.name);
  await writeOutputs(out, resultFiles(result, verdicts));
  if (args.format === 'csv') process.stdout.write(summaryCsv(result));
  else if (args.format === 'json') process.stdout.write(summaryJson(result, verdicts));
  else {
    process.stdout.write(`${formatSummaryTable(result, { color: process.stdout.isTTY === true })}\n`);
    process.stderr.write(`wrote ${out}/\n`);
  }
  return EXIT_OK;
}
