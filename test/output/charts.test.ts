import { describe, expect, test } from '@jest/globals';
import { Resvg } from '@resvg/resvg-js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartFontFile, chartNames, chartSpec, renderPng, renderSvg } from '../../src/output/charts.js';
import { readTimeSeries } from '../../src/output/chart-timeseries.js';
import { summarize } from '../../src/output/summary.js';
import type { ChartSpec } from '../../src/schema/types.js';
import { rep, result, standardResult, SWEEP } from './fixture.js';

type Layer = { mark: { type: string }; encoding: Record<string, { field?: string; title?: string; scale?: Record<string, unknown> }> };
type Spec = { data: { values: Record<string, unknown>[] }; layer: Layer[]; encoding: { color: { scale: { domain: string[]; range: string[] } } } };

const summary = summarize(standardResult());
const spec = (chart: ChartSpec, s = summary) => chartSpec(chart, s) as unknown as Spec;

describe('chart specs from a summary', () => {
  test("a proportion's band stays within [0, 1] (cold starts in one replication of four)", () => {
    const reps = [0, 0, 0, 0.01].map((x, i) => rep('native', 0, i + 1, { coldStartRatio: x }));
    const rows = spec({ x: SWEEP, y: 'coldStartRatio' }, summarize(result(reps, [], { variants: ['native'] }))).data.values;
    expect(rows[0]).toMatchObject({ mean: 0.0025, low: 0, n: 4 });
  });

  test('a sweep axis: one row per variant x point with the replications mean and 95 % CI, in display units', () => {
    const s = spec({ x: SWEEP, y: 'latency.p50' });
    const rows = s.data.values;
    expect(rows).toHaveLength(4);
    const group = summary.groups.find((g) => g.variant === 'clemmys' && g.pointIndex === 1 && g.function === 'all')!;
    const row = rows.find((r) => r.series === 'clemmys' && r.x === 100)!;
    const e = group.estimates['latency.p50'];
    expect(row.mean).toBeCloseTo(e.mean * 1000, 9);
    expect(row.low).toBeCloseTo(e.low * 1000, 9);
    expect(row.high).toBeCloseTo(e.high * 1000, 9);
    const line = s.layer.find((l) => l.mark.type === 'line')!;
    expect(line.encoding.y.title).toBe('latency.p50 (ms)');
    expect(line.encoding.x.title).toBe(`${SWEEP} (/s)`);
    expect(s.layer.map((l) => l.mark.type)).toEqual(['errorband', 'line']);
  });

  test('one colour per variant, the same in every chart of a result, in the file order of the variants', () => {
    const charts: ChartSpec[] = [{ x: SWEEP, y: 'throughput' }, { x: 'variant', y: 'latency.p99' }, { x: 'offered', y: 'latency.p50' }];
    const scales = charts.map((c) => spec(c).encoding.color.scale);
    for (const scale of scales) expect(scale).toEqual(scales[0]);
    expect(scales[0].domain).toEqual(['native', 'clemmys']);
    expect(new Set(scales[0].range).size).toBe(2);
  });

  test('variants side by side: grouped bars by sweep point with error bars', () => {
    const s = spec({ x: 'variant', y: 'throughput' });
    expect(s.layer.map((l) => l.mark.type)).toEqual(['bar', 'rule']);
    expect(s.layer[0].encoding.xOffset.field).toBe('variant');
    expect(s.layer[0].encoding.x.field).toBe('point');
    expect(s.layer[1].encoding.y2.field).toBe('high');
  });

  test('a log axis when positive values span two decades, linear otherwise', () => {
    const wide = result([1, 2].flatMap((r) => [rep('native', 0, r, { throughput: 1 + r / 10 }), rep('native', 1, r, { throughput: 500 + r })]), [], { variants: ['native'] });
    const yScale = (s: Spec) => s.layer.find((l) => l.mark.type === 'line')!.encoding.y.scale;
    expect(yScale(spec({ x: SWEEP, y: 'throughput' }, summarize(wide)))).toEqual({ type: 'log' });
    expect(yScale(spec({ x: SWEEP, y: 'throughput' }))).toEqual({ zero: false });
  });

  test('an ECDF from the replications quantile grids: mean quantile at each probability', () => {
    const grid = (scale: number) => Array.from({ length: 101 }, (_, i) => (i / 100) * scale);
    const reps = [1, 2, 3].map((r) => rep('native', 0, r, { 'latency.mean': 0.01 }, { quantileGrids: { latency: grid(0.01 * r) } }));
    const s = spec({ x: 'latency', y: 'latency.cdf' }, summarize(result(reps, [], { variants: ['native'] })));
    const rows = s.data.values;
    expect(rows).toHaveLength(101);
    // the median of the three replications' medians: 5, 10, 15 ms -> 10 ms
    expect(rows[50]).toMatchObject({ p: 0.5, series: 'native' });
    expect(rows[50].value).toBeCloseTo(10, 9);
    expect(rows[100].p).toBe(1);
    expect(s.layer.find((l) => l.mark.type === 'line')!.encoding.y.title).toBe('P(latency <= x)');
  });

  test('chart file names are safe and unique', () => {
    expect(chartNames([{ x: SWEEP, y: 'throughput' }, { x: SWEEP, y: 'throughput' }, { x: 'a', y: 'b', title: '<script>/../x' }])).toEqual([
      `throughput-by-${SWEEP}`, `throughput-by-${SWEEP}-2`, 'script-..-x',
    ]);
  });
});

describe('time series from timeseries.csv', () => {
  test('sums the rows of a tick (invokers), keeps each replication, downsamples long runs in equal bins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secfaas-ts-'));
    const lines = ['scenario,variant,point,replication,time,invoker,busy'];
    for (const replication of [1, 2]) {
      for (let t = 1; t <= 10; t++) for (const invoker of [0, 1]) lines.push(`s,base,0,${replication},${t},${invoker},${t * replication + invoker}`);
    }
    writeFileSync(join(dir, 'timeseries.csv'), lines.join('\n') + '\n');
    const full = (await readTimeSeries(join(dir, 'timeseries.csv'), 'busy'))!;
    expect(full.lines).toHaveLength(1);
    expect(full.lines[0].points[2]).toEqual([3, [3 * 1 * 2 + 1, 3 * 2 * 2 + 1]]);
    const binned = (await readTimeSeries(join(dir, 'timeseries.csv'), 'busy', 5))!;
    expect(binned.lines[0].points).toHaveLength(5);
    // ticks 1 and 2 averaged: time 1.5, replication 1: (3 + 5) / 2
    expect(binned.lines[0].points[0]).toEqual([1.5, [4, 7]]);
    expect(await readTimeSeries(join(dir, 'timeseries.csv'), 'nope')).toBeUndefined();
    expect(await readTimeSeries(join(dir, 'missing.csv'), 'busy')).toBeUndefined();
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

describe('rendered charts', () => {
  test('SVG and PNG are byte-identical across renders', async () => {
    const chart = spec({ x: SWEEP, y: 'latency.p50' }) as unknown as Record<string, unknown>;
    const [a, b] = [await renderSvg(chart), await renderSvg(chart)];
    expect(a).toBe(b);
    expect(Buffer.from(await renderPng(a)).equals(Buffer.from(await renderPng(b)))).toBe(true);
  });

  test('the PNG shows the x axis title: dark text pixels where the SVG places it, none without a font', async () => {
    const chart = spec({ x: SWEEP, y: 'latency.p50' }) as unknown as Record<string, unknown>;
    const svg = await renderSvg(chart);
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)![1]);
    expect(svg).toContain(`>${SWEEP} (/s)</text>`);
    const png = await renderPng(svg);
    const zoom = 2;
    const pixels = pngPixels(png, width * zoom, height * zoom);
    // the x title is centred under the plot, in the bottom band of the image
    const box = { x0: Math.round(width * zoom * 0.25), x1: Math.round(width * zoom * 0.75), y0: (height - 14) * zoom, y1: height * zoom };
    expect(darkPixels(pixels, width * zoom, box)).toBeGreaterThan(100);
    // the same SVG drawn without any font: resvg drops the text, and the band is empty
    const noText = new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: zoom }, font: { loadSystemFonts: false, fontFiles: [] } }).render().pixels;
    expect(darkPixels(noText, width * zoom, box)).toBe(0);
    expect(chartFontFile()).toMatch(/DejaVuSans\.ttf$/);
  });
});

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
    const rows = (charts[0].spec as unknown as Spec).data.values;
    const at = (variant: string, time: number) => rows.find((r) => r.series === variant && r.time === time)!;
    // by hand: busy at t = 10 s in replication 1 of variant two, summed over its three invokers
    const byHand = [1, 2].map((replication) => kept
      .filter((k) => k.variant === 'two' && k.replication === replication && k.row.time === 10)
      .reduce((sum, k) => sum + (k.row.busy as number), 0));
    expect(at('two', 10).mean).toBeCloseTo((byHand[0] + byHand[1]) / 2, 12);
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set(['one', 'two']));
    expect(await renderSvg(charts[0].spec)).toContain('time (s)');
  });
});
