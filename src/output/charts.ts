import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputFile } from './write.js';
import type { ResultSummary } from './summary.js';
import { automaticCharts, chartKind, chartNames, chartSpec, type VegaLiteSpec } from './chart-spec.js';
import { readTimeSeries } from './chart-timeseries.js';
import { renderPng, renderSvg } from './chart-render.js';

export { chartSpec, chartNames, chartKind, automaticCharts, LATENCY_BREAKDOWN, type VegaLiteSpec } from './chart-spec.js';
export { renderSvg, renderPng, chartFontFile, MissingFontError } from './chart-render.js';

export interface ResultChart {
  name: string;
  spec: VegaLiteSpec;
}

/**
 * The Vega-Lite spec of each chart of the scenario (then those every result of its kind gets: a
 * secure result's latency breakdown), named; time charts read `dir`/timeseries.csv, and one whose
 * column was not sampled is left out with a note in `skipped`.
 */
export async function resultCharts(summary: ResultSummary, dir: string): Promise<{ charts: ResultChart[]; skipped: string[] }> {
  const all = [...summary.scenario.charts, ...automaticCharts(summary)];
  const names = chartNames(all);
  const charts: ResultChart[] = [];
  const skipped: string[] = [];
  const file = join(dir, 'timeseries.csv');
  for (const [i, chart] of all.entries()) {
    const timeseries = chartKind(chart, summary) === 'time' ? await readTimeSeries(file, chart.y) : undefined;
    const spec = chartSpec(chart, summary, timeseries);
    if (spec === undefined) skipped.push(`charts[${i}] (${chart.y} over time): ${existsSync(file) ? `${file} has no column ${chart.y}` : noTimeseries(summary, file)}`);
    else charts.push({ name: names[i], spec });
  }
  return { charts, skipped };
}

/** Why there is no timeseries.csv to draw from: the scenario samples nothing, or the run's rows went nowhere (a library run without a sink). */
function noTimeseries(summary: ResultSummary, file: string): string {
  if (summary.scenario.runs.every((r) => r.sampleIntervalSeconds === 0)) return 'no time series recorded: the scenario sets sampleInterval: 0';
  return `no time series recorded: pass a TimeseriesSink to runScenario (its timeseries option) and write ${file} from its rows (examples/library/timeseries.ts)`;
}

/** charts/<name>.vl.json (data inlined), .svg and .png for every chart of the scenario. */
export async function chartFiles(summary: ResultSummary, dir: string): Promise<{ files: OutputFile[]; skipped: string[] }> {
  const { charts, skipped } = await resultCharts(summary, dir);
  const files: OutputFile[] = [];
  for (const { name, spec } of charts) {
    const svg = await renderSvg(spec);
    files.push(
      { name: `charts/${name}.vl.json`, content: `${JSON.stringify(spec, null, 2)}\n` },
      { name: `charts/${name}.svg`, content: svg },
      { name: `charts/${name}.png`, content: await renderPng(svg) },
    );
  }
  return { files, skipped };
}
