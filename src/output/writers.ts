/**
 * The outputs of a result as a list of writers: each turns the one ResultSummary into files of the
 * result folder. They run in order and each one's files are written (atomically) before the next
 * runs, so a later writer may read what an earlier one wrote (the charts read timeseries.csv).
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chartFiles } from './charts.js';
import { reportFiles } from './report.js';
import { summaryCsv, summaryStatisticsCsv } from './summary-csv.js';
import { summaryJson } from './summary-json.js';
import type { ResultSummary } from './summary.js';
import { writeOutputs, type OutputFile } from './write.js';

export interface WriterOutput {
  files: OutputFile[];
  /** What the writer left out and why (e.g. a time-series chart without timeseries.csv). */
  notes: string[];
}

/** One output of a result: the files it makes from the summary, given the result folder. */
export type ResultWriter = (summary: ResultSummary, dir: string) => Promise<WriterOutput>;

export const RESULT_WRITERS = {
  csv: async (summary) => ({
    files: [
      { name: 'summary.csv', content: summaryCsv(summary) },
      { name: 'summary-statistics.csv', content: summaryStatisticsCsv(summary) },
    ],
    notes: [],
  }),
  json: async (summary) => ({ files: [{ name: 'summary.json', content: summaryJson(summary) }], notes: [] }),
  charts: async (summary, dir) => {
    const { files, skipped } = await chartFiles(summary, dir);
    return { files, notes: skipped };
  },
  report: async (summary, dir) => ({ files: await reportFiles(summary, dir), notes: [] }),
} satisfies Record<string, ResultWriter>;

export type WriterName = keyof typeof RESULT_WRITERS;

/** Chart files this project writes into charts/: the ones a run did not write are stale. */
const CHART_FILE = /\.(vl\.json|svg|png)$/;

/**
 * Runs the named writers in order into `dir`. For a fresh result (a run, not a report on an old
 * one), chart files of an earlier run that this one did not write are removed: they would pass
 * for this run's. Returns the writers' notes.
 */
export async function writeResult(summary: ResultSummary, dir: string, names: readonly WriterName[], options: { fresh: boolean }): Promise<string[]> {
  const notes: string[] = [];
  const written = new Set<string>();
  for (const name of names) {
    const out = await RESULT_WRITERS[name](summary, dir);
    await writeOutputs(dir, out.files);
    for (const f of out.files) written.add(f.name);
    notes.push(...out.notes);
  }
  if (!options.fresh) return notes;
  const chartsDir = join(dir, 'charts');
  const existing = await readdir(chartsDir).catch(() => [] as string[]);
  for (const file of existing) {
    if (CHART_FILE.test(file) && !written.has(`charts/${file}`)) await rm(join(chartsDir, file), { force: true });
  }
  return notes;
}
