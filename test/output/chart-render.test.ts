import { describe, expect, test } from '@jest/globals';
import { Resvg } from '@resvg/resvg-js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartFontFile, chartSpec, LATENCY_BREAKDOWN, renderPng, renderSvg } from '../../src/output/charts.js';
import { summarize } from '../../src/output/summary.js';
import type { Metrics } from '../../src/model/metrics.js';
import type { ChartSpec } from '../../src/schema/types.js';
import { rep, result, standardResult, SWEEP } from './fixture.js';

const summary = summarize(standardResult());
const svgOf = (chart: ChartSpec, s = summary) => renderSvg(chartSpec(chart, s)!);

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}

/** The bars vega drew (`M x,y h w v h h -w Z` paths), with their aria labels. */
function bars(svg: string): Rect[] {
  return [...svg.matchAll(/<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="bar" d="M([\d.-]+),([\d.-]+)h([\d.-]+)v([\d.-]+)h/g)].map((m) => ({
    label: m[1], x: Number(m[2]), y: Number(m[3]), width: Number(m[4]), height: Number(m[5]),
  }));
}

describe('rendered bar charts', () => {
  // two functions per variant whose p50s differ: stacked, the bars would be their sums
  const p50 = { native: { hot: [0.2, 0.4], cold: [2, 3] }, clemmys: { hot: [0.5, 0.7], cold: [1, 1.4] } };
  const reps = [0, 1].flatMap((i) => (['native', 'clemmys'] as const).map((v) => rep(v, 0, i + 1, { 'latency.p50': 1 }, {
    perFunction: { hot: { 'latency.p50': p50[v].hot[i] } as Metrics, cold: { 'latency.p50': p50[v].cold[i] } as Metrics },
  })));
  const grouped = summarize(result(reps, [], { sweepPaths: [] }));

  test('the bars of a colour grouping stand side by side on one baseline, each as high as its mean', async () => {
    const drawn = bars(await svgOf({ x: 'variant', y: 'latency.p50', color: 'function' }, grouped));
    const means = grouped.groups.filter((g) => g.function !== 'all').map((g) => ({ key: `${g.variant}/${g.function}`, mean: g.estimates['latency.p50'].mean }));
    expect(drawn).toHaveLength(4);
    // one baseline: no bar starts on top of another
    const baseline = drawn[0].y + drawn[0].height;
    for (const bar of drawn) expect(bar.y + bar.height).toBeCloseTo(baseline, 6);
    // heights in proportion to the summary's means, in the order of the groups
    const pxPerSecond = drawn[1].height / means[1].mean;
    drawn.forEach((bar, i) => {
      expect(bar.label).toContain(`variant: ${means[i].key.split('/')[0]}`);
      expect(bar.label).toContain(`function: ${means[i].key.split('/')[1]}`);
      expect(bar.height).toBeCloseTo(means[i].mean * pxPerSecond, 6);
    });
    // side by side: no two bars share any x
    const sorted = [...drawn].sort((a, b) => a.x - b.x);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].x).toBeGreaterThanOrEqual(sorted[i - 1].x + sorted[i - 1].width - 1e-9);
  });

  test("a breakdown's parts are stacked up to the mean response time, which the tick marks", async () => {
    const parts = { 'latency.breakdown.controller': 0.002, 'latency.breakdown.queueing': 0.01, 'latency.breakdown.run': 0.1, 'latency.breakdown.paging': 0.08 };
    const total = Object.values(parts).reduce((s, v) => s + v, 0);
    const s = summarize(result([1, 2].map((r) => rep('clemmys', 0, r, { ...parts, 'latency.mean': total })), [], { sweepPaths: [], variants: ['clemmys'] }));
    const svg = await svgOf(LATENCY_BREAKDOWN, s);
    const stacked = bars(svg).filter((b) => b.height > 0);
    expect(stacked).toHaveLength(4);
    const baseline = Math.max(...stacked.map((b) => b.y + b.height));
    const top = Math.min(...stacked.map((b) => b.y));
    // each part on the one below it: the heights add up to the stack
    expect(stacked.reduce((sum, b) => sum + b.height, 0)).toBeCloseTo(baseline - top, 6);
    const tick = /aria-roledescription="tick" d="M[\d.-]+,([\d.-]+)h[\d.-]+v([\d.-]+)/.exec(svg)!;
    expect(Number(tick[1]) + Number(tick[2]) / 2).toBeCloseTo(top, 6);
  });
});

describe('rendered line charts', () => {
  test('the legend draws each variant as its line is drawn: the same colour and the same dash', async () => {
    const svg = await svgOf({ x: SWEEP, y: 'latency.p50' });
    const lines = [...svg.matchAll(/aria-roledescription="line mark" d="[^"]*" stroke="(#[0-9a-f]+)" stroke-width="2" stroke-dasharray="([\d,]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
    const legend = [...svg.matchAll(/d="M-10,0L10,0" fill="#[0-9a-f]+" stroke="(#[0-9a-f]+)" stroke-width="2.5" stroke-dasharray="([\d,]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(new Set(lines).size).toBe(2);
    expect(legend.sort()).toEqual([...new Set(lines)].sort());
  });

  test('SVG and PNG are byte-identical across renders', async () => {
    const [a, b] = [await svgOf({ x: SWEEP, y: 'latency.p50' }), await svgOf({ x: SWEEP, y: 'latency.p50' })];
    expect(a).toBe(b);
    expect(Buffer.from(await renderPng(a)).equals(Buffer.from(await renderPng(b)))).toBe(true);
  });

  test('the PNG shows the x axis title: dark text pixels where the SVG places it, none without a font', async () => {
    const svg = await svgOf({ x: SWEEP, y: 'latency.p50' });
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)![1]);
    expect(svg).toContain('>arrival rate (/s)</text>');
    const png = await renderPng(svg);
    const zoom = 2;
    const pixels = pngPixels(png, width * zoom, height * zoom);
    // the x title is centred under the plot, in the bottom band of the image
    const box = { x0: Math.round(width * zoom * 0.25), x1: Math.round(width * zoom * 0.6), y0: (height - 14) * zoom, y1: height * zoom };
    expect(darkPixels(pixels, width * zoom, box)).toBeGreaterThan(100);
    // the same SVG drawn without any font: resvg drops the text, and the band is empty
    const noText = new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: zoom }, font: { loadSystemFonts: false, fontFiles: [] } }).render().pixels;
    expect(darkPixels(noText, width * zoom, box)).toBe(0);
    expect(chartFontFile()).toMatch(/DejaVuSans\.ttf$/);
  });
});

/** The pixels of a PNG, decoded by drawing it as the only image of an SVG of its size. */
function pngPixels(png: Uint8Array, width: number, height: number): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/></svg>`;
  return new Resvg(svg).render().pixels;
}

/** Dark pixels in a box of an RGBA image. */
function darkPixels(pixels: Buffer, width: number, box: { x0: number; y0: number; x1: number; y1: number }): number {
  let dark = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * width + x) * 4;
      if (pixels[i] < 128 && pixels[i + 1] < 128 && pixels[i + 2] < 128) dark++;
    }
  }
  return dark;
}

describe('a time-series chart of a real OpenWhisk run', () => {
  const text = `name: ow-series
seed: 2
duration: 20s
warmup: 0
replications: 2
sampleInterval: 1s
platform: { kind: openwhisk, invokers: 2 }
functions:
  - { name: f, exec: { dist: exponential, mean: 50ms } }
workload:
  - { function: f, arrivals: { poisson: 20/s } }
variants:
  one: {}
  two: { platform: { invokers: 3 } }
charts:
  - { x: time, y: busy }
`;

  test('reads the written timeseries.csv: busy containers summed over invokers, per variant, mean of the replications', async () => {
    const { parseScenario } = await import('../../src/scenario/load.js');
    const { runScenario } = await import('../../src/run/run.js');
    const { assembleTimeseriesCsv, TimeseriesCsvWriter, timeseriesLayout } = await import('../../src/output/timeseries-csv.js');
    const { writeOutputs } = await import('../../src/output/write.js');
    const { resultCharts } = await import('../../src/output/charts.js');
    const { timeseriesColumns } = await import('../../src/metrics/names.js');
    const scenario = parseScenario(text, 'ow.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'secfaas-ow-'));
    // the run streams its rows to a file, as the CLI does; the test keeps a copy to count by hand
    const kept: { variant: string; replication: number; row: Record<string, number | string> }[] = [];
    const writer = new TimeseriesCsvWriter(join(dir, 'rows'), timeseriesLayout(scenario)!);
    const run = await runScenario(scenario, {
      timeseries: { row: (spec, replication, row) => (kept.push({ variant: spec.variant, replication, row }), writer.row(spec, replication, row)) },
    });
    writer.finish();
    await writeOutputs(dir, [assembleTimeseriesCsv(dir, timeseriesLayout(scenario)!, [join(dir, 'rows')])!]);
    // the vocabulary charts are validated against is what the platform really samples
    const sampled = Object.keys(kept[0].row).filter((k) => k !== 'time' && k !== 'invoker');
    expect(sampled).toEqual([...timeseriesColumns('openwhisk')!]);
    const { charts, skipped } = await resultCharts(summarize(run), dir);
    expect(skipped).toEqual([]);
    const rows = (charts[0].spec as unknown as { data: { values: Record<string, number | string>[] } }).data.values;
    const at = (variant: string, time: number) => rows.find((r) => r.series === variant && r.time === time)!;
    // by hand: busy at t = 10 s in replication 1 of variant two, summed over its three invokers
    const byHand = [1, 2].map((replication) => kept
      .filter((k) => k.variant === 'two' && k.replication === replication && k.row.time === 10)
      .reduce((sum, k) => sum + (k.row.busy as number), 0));
    expect(at('two', 10).mean).toBeCloseTo((byHand[0] + byHand[1]) / 2, 12);
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set(['one', 'two']));
    const svg = await renderSvg(charts[0].spec);
    expect(svg).toContain('simulated time (s)');
    expect(svg).toContain('busy, all invokers');
  });
});
