import { refuseOtherResult } from '../sweep/folder-result.js';
import { mergeShards } from '../sweep/merge.js';
import { checkOutputFile, checkOutputFolder } from './paths.js';
import { EXIT_OK } from './errors.js';
import { checkChartFont, printResult, writeTraceFile } from './result.js';
import type { OutputFormat } from './options.js';

export interface MergeArgs {
  dirs: string[];
  out: string;
  format: OutputFormat;
  /** Draw the scenario's charts (default: when it has any). */
  charts?: boolean;
  /** Also write report.html. */
  report?: boolean;
  /** The table shows a row per function too. */
  functions?: boolean;
  /** The table shows a row per chain too. */
  chains?: boolean;
  /** Write over the result of another experiment in --out. */
  force?: boolean;
  /** Write the per-activation trace of the whole sweep to this file (the shards ran with --trace). */
  trace?: string;
}

/** `secfaas merge DIRS --out DIR`: the summary of a sharded sweep, byte for byte what one machine writes. */
export async function mergeCommand(args: MergeArgs): Promise<number> {
  checkOutputFolder(args.out);
  if (args.trace !== undefined) checkOutputFile(args.trace, '--trace');
  const merged = mergeShards(args.dirs, { trace: args.trace !== undefined });
  const { scenario } = merged.result;
  refuseOtherResult(args.out, { scenario: scenario.name, file: scenario.file, seed: scenario.seed, replications: scenario.replications }, { replace: args.force, compareShards: false, flag: '--out' });
  process.stderr.write(`scenario: ${merged.scenarioRead.path} (${merged.scenarioRead.place})\n`);
  const charts = args.charts ?? merged.result.scenario.charts.length > 0;
  if (charts || args.report) checkChartFont();
  if (args.trace !== undefined) await writeTraceFile(scenario, merged.trace!.files, args.trace);
  await printResult(merged, args.out, args.format, { charts, report: args.report === true, functions: args.functions, chains: args.chains });
  return EXIT_OK;
}
