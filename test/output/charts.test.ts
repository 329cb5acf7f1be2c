import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { automaticCharts, chartNames, chartSpec, LATENCY_BREAKDOWN } from '../../src/output/chart-spec.js';
import { metricWords, readablePath } from '../../src/output/chart-axes.js';
import { readTimeSeries } from '../../src/output/chart-timeseries.js';
import { formatClaimNumber, formatEstimate } from '../../src/aggregate/format.js';
import { estimate } from '../../src/aggregate/estimate.js';
import { evaluateClaims } from '../../src/claims/evaluate.js';
import { claimIntervalText } from '../../src/output/claims-table.js';
import { summarize } from '../../src/output/summary.js';
import type { Metrics } from '../../src/model/metrics.js';
import type { ChartSpec } from '../../src/schema/types.js';
import { claim, rep, result, standardResult, SWEEP } from './fixture.js';

type Encoding = { field?: string; title?: string; value?: string; stack?: unknown; scale?: { domain?: unknown[]; range?: unknown[]; type?: string; zero?: boolean } };
type Layer = { mark: { type: string }; data?: { values: Record<string, unknown>[] }; encoding: Record<string, Encoding> };
type Spec = { title: { text: string; subtitle?: string[] }; data: { values: Record<string, unknown>[] }; layer: Layer[] };

const summary = summarize(standardResult());
const spec = (chart: ChartSpec, s = summary) => chartSpec(chart, s) as unknown as Spec;
const layer = (s: Spec, type: string) => s.layer.find((l) => l.mark.type === type && l.data === undefined)!;

describe('chart specs from a summary', () => {
  test('a proportion is drawn in percent, its band within [0, 100] (cold starts in one replication of four)', () => {
    const reps = [0, 0, 0, 0.01].map((x, i) => rep('native', 0, i + 1, { coldStartRatio: x }));
    const s = spec({ x: SWEEP, y: 'coldStartRatio' }, summarize(result(reps, [], { variants: ['native'] })));
    expect(s.data.values[0]).toMatchObject({ mean: 0.25, low: 0, n: 4 });
    expect(layer(s, 'line').encoding.y.title).toBe('cold start ratio (%)');
  });

  test('a sweep axis: one row per variant x point with the mean and 95 % CI, in display units, axes in words', () => {
    const s = spec({ x: SWEEP, y: 'latency.p50' });
    const rows = s.data.values;
    expect(rows).toHaveLength(4);
    const group = summary.groups.find((g) => g.variant === 'clemmys' && g.pointIndex === 1 && g.function === 'all')!;
    const row = rows.find((r) => r.series === 'clemmys' && r.x === 100)!;
    const e = group.estimates['latency.p50'];
    expect(row.mean).toBeCloseTo(e.mean * 1000, 9);
    expect(row.low).toBeCloseTo(e.low * 1000, 9);
    expect(row.high).toBeCloseTo(e.high * 1000, 9);
    // the tooltip's number is rounded to its interval: digits beyond the interval's precision are noise
    expect(row.shown).toBe(`${formatEstimate(e.mean * 1000, e.halfWidth * 1000)} ms`);
    const line = layer(s, 'line');
    expect(line.encoding.y.title).toBe('median latency (ms)');
    expect(line.encoding.x.title).toBe('arrival rate (/s)');
    expect(s.title.text).toBe('median latency against arrival rate (mean, 95 % CI)');
    expect(s.layer.map((l) => l.mark.type)).toEqual(['area', 'line', 'point']);
  });

  test('each variant keeps its colour, dash and marker in every chart of a result, in the file order of the variants', () => {
    const charts: ChartSpec[] = [{ x: SWEEP, y: 'throughput' }, { x: 'offered', y: 'latency.p50' }];
    const encodings = charts.map((c) => layer(spec(c), 'line').encoding);
    for (const e of encodings) expect(e.color.scale).toEqual(encodings[0].color.scale);
    expect(encodings[0].color.scale!.domain).toEqual(['native', 'clemmys']);
    // equal lines stay apart: each variant its own colour, dash and marker
    for (const channel of ['color', 'strokeDash'] as const) expect(new Set(encodings[0][channel].scale!.range!.map((r) => JSON.stringify(r))).size).toBe(2);
    const markers = layer(spec(charts[0]), 'point').encoding.shape.scale!.range!;
    expect(new Set(markers).size).toBe(2);
    const bars = spec({ x: 'variant', y: 'latency.p99' });
    expect(layer(bars, 'bar').encoding.color.scale).toEqual(encodings[0].color.scale);
  });

  test('variants side by side: bars grouped by sweep point (xOffset), never stacked', () => {
    const s = spec({ x: 'variant', y: 'throughput' });
    expect(s.layer.map((l) => l.mark.type)).toEqual(['bar', 'rule']);
    const bar = layer(s, 'bar');
    expect(bar.encoding.xOffset.field).toBe('series');
    expect(bar.encoding.x.field).toBe('group');
    expect(bar.encoding.y.stack).toBeUndefined();
    expect(s.layer[1].encoding.xOffset.field).toBe('series');
    expect(s.layer[1].encoding.y2.field).toBe('high');
    expect(s.data.values.map((r) => `${r.group}/${r.series}`)).toEqual(['50 /s/native', '50 /s/clemmys', '100 /s/native', '100 /s/clemmys']);
  });

  test('coloured by function: the functions of a variant side by side, each bar its own group', () => {
    const reps = [1, 2].flatMap((r) => ['native', 'clemmys'].map((v) => rep(v, 0, r, { 'latency.p50': 0.1 }, {
      perFunction: { hot: { 'latency.p50': 0.01 * r } as Metrics, cold: { 'latency.p50': 1 + r } as Metrics },
    })));
    const s = spec({ x: 'variant', y: 'latency.p50', color: 'function' }, summarize(result(reps, [], { sweepPaths: [] })));
    expect(s.data.values.map((r) => `${r.group}/${r.series}`)).toEqual(['native/hot', 'native/cold', 'clemmys/hot', 'clemmys/cold']);
    expect(layer(s, 'bar').encoding.xOffset.field).toBe('series');
    expect(s.data.values[1].mean).toBeCloseTo(2500, 9);
  });

  test('a log axis bounded by the data when positive means span two decades, linear otherwise', () => {
    const wide = result([1, 2].flatMap((r) => [rep('native', 0, r, { throughput: 1 + r / 10 }), rep('native', 1, r, { throughput: 500 + r })]), [], { variants: ['native'] });
    const yScale = (s: Spec) => layer(s, 'line').encoding.y.scale as Record<string, unknown>;
    const wideSummary = summarize(wide);
    const log = yScale(spec({ x: SWEEP, y: 'throughput' }, wideSummary));
    expect(log).toMatchObject({ type: 'log', nice: false });
    // the data's own ends (the bands included), not the powers of ten around them
    const [first, second] = wideSummary.groups.map((g) => g.estimates.throughput);
    expect(log.domain).toEqual([first.low, second.high]);
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
    expect(layer(s, 'line').encoding.y.title).toBe('P(latency <= x)');
    expect(layer(s, 'line').encoding.x.title).toBe('latency (ms)');
  });

  test('sizes in KiB, MiB or GiB as the values suit, from how the sweep wrote them', () => {
    const path = 'functions.0.input';
    const sizes = [1 / 1024, 1];
    const reps = sizes.flatMap((size, p) => [1, 2].map((r) => ({ ...rep('native', p, r, { 'latency.p50': 0.02 }), point: { [path]: size } })));
    const s = spec({ x: path, y: 'latency.p50' }, summarize(result(reps, [], { variants: ['native'], sweepPaths: [path], source: { sweep: { [path]: ['1KiB', '1MiB'] } } })));
    expect(layer(s, 'line').encoding.x.title).toBe('input (KiB)');
    expect(s.data.values.map((r) => r.x)).toEqual([1, 1024]);
  });

  test("a sweep axis's label names it; without one, its path in words", () => {
    const labelled = summarize(result(standardResult().replications, [], { source: { sweep: { [SWEEP]: { values: ['50/s', '100/s'], label: 'offered load' } } } }));
    expect(layer(spec({ x: SWEEP, y: 'throughput' }, labelled), 'line').encoding.x.title).toBe('offered load (/s)');
    expect(readablePath('workload.1.arrivals.poisson')).toBe('arrival rate of workload 1');
    expect(readablePath('functions.0.enclave.heap')).toBe('enclave heap');
    expect(readablePath('platform.security.augmentBatch')).toBe('augment batch');
    expect(readablePath('hardware.epc')).toBe('EPC');
    expect(metricWords('latency.breakdown.enclaveCreate')).toBe('latency breakdown: enclave create');
    expect(metricWords('epc.used.max')).toBe('peak EPC used');
  });

  test('a sweep path zipped with the x axis moves with it: one line, not one per value', () => {
    const paths = ['scale', 'platform.invokers'];
    const reps = [1, 2, 4].flatMap((scale, p) => [1, 2].map((r) => ({ ...rep('native', p, r, { coldStartRatio: 0.1 / scale }), point: { scale, 'platform.invokers': 2 * scale } })));
    const zipped = summarize(result(reps, [], { variants: ['native'], sweepPaths: paths, source: { sweep: { zip: { scale: [1, 2, 4], 'platform.invokers': [2, 4, 8] } } } }));
    const s = spec({ x: 'scale', y: 'coldStartRatio' }, zipped);
    expect(new Set(s.data.values.map((r) => r.rest))).toEqual(new Set(['']));
    const crossed = summarize(result(reps, [], { variants: ['native'], sweepPaths: paths, source: { sweep: { scale: [1, 2, 4], 'platform.invokers': [2, 4, 8] } } }));
    expect(new Set(spec({ x: 'scale', y: 'coldStartRatio' }, crossed).data.values.map((r) => r.rest))).toEqual(new Set(['2', '4', '8']));
  });

  test('a throughput chart draws the offered = throughput line, at the offered load of each point', () => {
    const s = spec({ x: SWEEP, y: 'throughput' });
    const offered = s.layer.find((l) => l.data !== undefined && l.mark.type === 'line')!;
    expect(offered.data!.values).toEqual([{ x: 50, mean: 50 }, { x: 100, mean: 100 }]);
    expect(s.layer.some((l) => l.mark.type === 'text')).toBe(true);
    expect(spec({ x: SWEEP, y: 'latency.p50' }).layer.some((l) => l.data !== undefined)).toBe(false);
  });

  test('a metric that only some variants report: the others are not drawn, and the chart says so', () => {
    const reps = [1, 2].flatMap((r) => [rep('native', 0, r, { throughput: 10 }), rep('clemmys', 0, r, { throughput: 9, 'epc.pagedIn': 1000 * r })]);
    const s = spec({ x: SWEEP, y: 'epc.pagedIn' }, summarize(result(reps)));
    expect(new Set(s.data.values.map((r) => r.series))).toEqual(new Set(['clemmys']));
    expect(s.title.subtitle).toEqual(['epc.pagedIn is not reported by native (not drawn)']);
    // the drawn variant keeps its colour; the legend lists only what is drawn
    const color = layer(s, 'line').encoding.color as { scale: { domain: string[] }; legend: { values?: string[] } };
    expect(color.scale.domain).toEqual(['native', 'clemmys']);
    expect(color.legend.values).toEqual(['clemmys']);
  });

  test('chart file names are short, safe and unique', () => {
    expect(chartNames([
      { x: SWEEP, y: 'throughput' }, { x: SWEEP, y: 'throughput' }, { x: 'a', y: 'b', title: '<script>/../x' },
      { x: 'latency', y: 'latency.cdf' }, { x: 'time', y: 'busy' }, LATENCY_BREAKDOWN,
      { x: 'variant', y: 'latency.p50', title: 'latency p50 per function: hot warm, cold1-6 cold' },
    ])).toEqual([
      'throughput-by-poisson', 'throughput-by-poisson-2', 'script-..-x', 'latency.cdf', 'busy-over-time', 'latency-breakdown', 'latency-p50-per-function-hot-warm-cold1',
    ]);
  });
});

describe('the latency breakdown', () => {
  const parts = { 'latency.breakdown.controller': 0.002, 'latency.breakdown.queueing': 0.01, 'latency.breakdown.run': 0.1, 'latency.breakdown.acks': 0.003 };
  const secure = { ...parts, 'latency.breakdown.paging': 0.08 };
  const total = (m: Record<string, number>) => Object.values(m).reduce((s, v) => s + v, 0);
  const reps = [1, 2].flatMap((r) => [
    rep('native', 0, r, { ...parts, 'latency.mean': total(parts) }),
    rep('clemmys', 0, r, { ...secure, 'latency.mean': total(secure) }),
  ]);
  const s = summarize(result(reps, [], { sweepPaths: [] }));

  test('the mean of each part stacked per variant, native parts first, the mean response time marked', () => {
    const chart = chartSpec(LATENCY_BREAKDOWN, s) as unknown as Spec;
    const rows = chart.data.values;
    const clemmys = rows.filter((r) => r.bar === 'clemmys' && r.kind === 'part');
    expect(clemmys.map((r) => r.part)).toEqual(['controller', 'queueing', 'run', 'acks', 'paging']);
    expect(clemmys.map((r) => r.mean)).toEqual([2, 10, 100, 3, 80].map((ms) => expect.closeTo(ms, 9)));
    // native has no paging: a zero part, drawn as nothing
    expect(rows.find((r) => r.bar === 'native' && r.part === 'paging')!.mean).toBe(0);
    expect(rows.find((r) => r.bar === 'clemmys' && r.kind === 'total')!.mean).toBeCloseTo(195, 9);
    const bar = chart.layer.find((l) => l.mark.type === 'bar')!;
    expect(bar.encoding.y.stack).toBe('zero');
    expect(chart.layer.find((l) => l.mark.type === 'tick')).toBeDefined();
  });

  test('is drawn for every result with parts beyond the native platforms, unless the file draws one', () => {
    expect(automaticCharts(s)).toEqual([LATENCY_BREAKDOWN]);
    const native = summarize(result(reps.filter((r) => r.variant === 'native'), [], { sweepPaths: [], variants: ['native'] }));
    expect(automaticCharts(native)).toEqual([]);
    const drawn = summarize(result(reps, [], { sweepPaths: [], charts: [{ ...LATENCY_BREAKDOWN, x: 'function' }] }));
    expect(automaticCharts(drawn)).toEqual([]);
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

describe('a ratio chart (ratio: true) shows the interval the ratio claim judges', () => {
  test('at each point its band and tooltip are the claim\'s interval, to the digit', () => {
    const claims = [claim({ id: 'p50', metric: 'latency.p50', variant: 'clemmys', baseline: 'native', ratio: { max: 1.2 } })];
    const r = standardResult(claims);
    r.scenario.baseline = 'native';
    const s = spec({ x: SWEEP, y: 'latency.p50', ratio: true }, summarize(r));
    const verdicts = evaluateClaims(r);
    expect(verdicts).toHaveLength(2);
    for (const v of verdicts) {
      const row = s.data.values.find((x) => x.series === 'clemmys' && x.order === v.pointIndex)!;
      expect([row.mean, row.low, row.high]).toEqual([v.value, v.low, v.high]);
      // the claims table's value and interval, as the paper's verdicts print them
      expect(row.shown).toBe(`${formatClaimNumber('ratio', v.metric, v.value)} ${claimIntervalText(v)}`);
    }
    // the p50 ratio's interval is wider than the Student-t one: the sketch's error is in it
    const t = estimate([1, 2, 3].map((i) => (0.022 + 0.001 * i) / (0.02 + 0.001 * i)));
    expect(verdicts[0].low).toBeLessThan(t.low);
  });
});
