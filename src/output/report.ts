import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { resultCharts } from './charts.js';
import type { ResultSummary } from './summary.js';
import type { OutputFile } from './write.js';
import { ASSETS_FOLDER, REPORT_SCRIPTS, reportHtml } from './report-html.js';

export { reportHtml, escapeHtml, scriptJson, REPORT_SCRIPTS, ASSETS_FOLDER } from './report-html.js';

const require = createRequire(import.meta.url);

/** The browser build of each script, from the installed package (its exports hide the build folder). */
const SCRIPT_PACKAGES: Record<(typeof REPORT_SCRIPTS)[number], string> = {
  'vega.min.js': 'vega',
  'vega-lite.min.js': 'vega-lite',
  'vega-embed.min.js': 'vega-embed',
};

function packageFolder(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = parent;
  }
  return dir;
}

/** report.html and the scripts it loads from report-assets/, for the result in `dir` (charts read its timeseries.csv). */
export async function reportFiles(summary: ResultSummary, dir: string): Promise<OutputFile[]> {
  const { charts, skipped } = await resultCharts(summary, dir);
  const files: OutputFile[] = [{ name: 'report.html', content: reportHtml(summary, charts, skipped) }];
  if (charts.length > 0) {
    for (const script of REPORT_SCRIPTS) {
      const content = await readFile(join(packageFolder(SCRIPT_PACKAGES[script]), 'build', script));
      files.push({ name: `${ASSETS_FOLDER}/${script}`, content });
    }
  }
  return files;
}
