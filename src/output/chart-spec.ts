/**
 * A scenario's `charts` entries as Vega-Lite specs, with the data of the run inlined. The defaults
 * are the ones a researcher would pick: mean and 95 % CI band over a sweep axis, grouped bars with
 * error bars for variants, an ECDF for `y: <distribution>.cdf`, a time series (mean and CI band
 * across replications) for `x: time`; log axes when positive values span two decades or more; units
 * in the axis titles; one colour per variant, the same in every chart of a result.
 */
import { ALL_CHAINS, ALL_FUNCTIONS, type AggregateGroup } from '../aggregate/aggregate.js';
import { estimate } from '../aggregate/estimate.js';
import { TIME_AXIS } from '../metrics/names.js';
import type { ChartSpec } from '../schema/types.js';
import { displayUnit } from '../aggregate/format.js';
import type { ResultSummary } from './summary.js';
import type { TimeSeries } from './chart-timeseries.js';

/** A Vega-Lite spec (plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

/** Tableau 10: distinct, colour-blind-friendlier than the rainbow; cycled beyond ten series. */
const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

const WIDTH = 480;
const HEIGHT = 300;

/** One row of a chart's inlined data. `series` is the colour, `rest` what neither axis nor colour tells apart. */
type Row = Record<string, number | string | null>;

/** An axis: its data field's title (with unit), and what to multiply base units by. */
interface Axis {
  title: string;
  factor: number;
}

function metricAxis(metric: string): Axis {
  const { factor, unit } = displayUnit(metric);
  return { title: unit ? `${metric} (${unit})` : metric, factor };
}

/** A sweep path's unit, from how the scenario wrote its values (`100/s`, `50ms`): values are in base units. */
function sweepAxis(summary: ResultSummary, path: string): Axis {
  const sweep = (summary.scenario.source as { sweep?: Record<string, unknown> } | undefined)?.sweep;
  const first = Array.isArray(sweep?.[path]) ? String((sweep[path] as unknown[])[0]) : '';
  if (/\/(s|min|h)$/.test(first)) return { title: `${path} (/s)`, factor: 1 };
  if (/^[\d.]+\s*(us|ms|s|min|h)$/.test(first)) return { title: `${path} (s)`, factor: 1 };
  return { title: path, factor: 1 };
}

/** The label of a group on a grouping column: `variant`, `function` or a sweep path. */
function labelOf(group: AggregateGroup, column: string): string {
  if (column === 'variant') return group.variant;
  if (column === 'function') return group.function;
  return String(group.point[column] ?? '');
}

/** The groups a chart draws: per function when it colours by function (and the run has them), else whole-run. */
function chartGroups(summary: ResultSummary, color: string): AggregateGroup[] {
  const perFunction = summary.groups.filter((g) => g.function !== ALL_FUNCTIONS);
  return color === 'function' && perFunction.length > 0 ? perFunction : summary.groups.filter((g) => g.function === ALL_FUNCTIONS && g.chain === ALL_CHAINS);
}

/** The columns that tell apart the groups sharing an x and a colour: the variant and the other sweep paths. */
function restColumns(summary: ResultSummary, used: readonly string[]): string[] {
  return ['variant', ...summary.scenario.sweepPaths].filter((c) => !used.includes(c));
}

/** A group's values on the rest columns, e.g. `100` for one sweep path, `native, 100` for two columns. */
function restLabel(summary: ResultSummary, group: AggregateGroup, used: readonly string[]): string {
  return restColumns(summary, used).map((c) => labelOf(group, c)).join(', ');
}

/** Colour scale: variants in file order (stable across every chart of a result), else first-seen order. */
function colorScale(summary: ResultSummary, color: string, rows: readonly Row[]): { domain: string[]; range: string[] } {
  const domain = color === 'variant' ? summary.scenario.variants : [...new Set(rows.map((r) => String(r.series)))];
  return { domain, range: domain.map((_, i) => PALETTE[i % PALETTE.length]) };
}

/** Log when every value is positive and they span two decades or more. */
function scaleFor(values: readonly (number | string | null)[]): Record<string, unknown> {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return { zero: false };
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  return min > 0 && max / min >= 100 ? { type: 'log' } : { zero: false };
}

const num = (x: number, factor: number): number | null => (Number.isFinite(x) ? x * factor : null);

/** A metric's mean and 95 % CI from its group's estimate (a proportion's interval clipped to [0, 1], as in summary-statistics.csv). */
function groupInterval(g: AggregateGroup, metric: string, factor: number): { mean: number | null; low: number | null; high: number | null; n: number } {
  const e = g.estimates[metric];
  if (e === undefined) return { mean: null, low: null, high: null, n: 0 };
  return { mean: num(e.mean, factor), low: num(e.low, factor), high: num(e.high, factor), n: e.n };
}

function meanAndInterval(values: readonly number[], factor: number): { mean: number | null; low: number | null; high: number | null; n: number } {
  const e = estimate(values);
  return { mean: num(e.mean, factor), low: num(e.low, factor), high: num(e.high, factor), n: e.n };
}

/** The parts every chart shares: title, size, inlined data, and a colour legend of its series. */
function frame(chart: ChartSpec, summary: ResultSummary, rows: Row[], color: string, title: string): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: chart.title ?? title,
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    data: { values: rows },
    config: { legend: { titleLimit: 400, labelLimit: 300 } },
    usermeta: { secfaas: { scenario: summary.scenario.name, x: chart.x, y: chart.y } },
    encoding: {
      color: { field: 'series', type: 'nominal', title: color, scale: colorScale(summary, color, rows) },
    },
  };
}

/** A dash per rest label, when there are several (e.g. sweep points in an ECDF coloured by variant). */
function restEncoding(rows: readonly Row[], title: string): Record<string, unknown> {
  return new Set(rows.map((r) => r.rest)).size > 1 ? { strokeDash: { field: 'rest', type: 'nominal', title, sort: null } } : {};
}

/** Mean and 95 % CI band of a metric over a sweep path. */
function sweepChart(chart: ChartSpec, summary: ResultSummary, color: string): VegaLiteSpec {
  const y = metricAxis(chart.y);
  const x = sweepAxis(summary, chart.x);
  const restTitle = restColumns(summary, [chart.x, color]).join(', ');
  const rows: Row[] = chartGroups(summary, color).map((g) => ({
    series: labelOf(g, color),
    rest: restLabel(summary, g, [chart.x, color]),
    x: typeof g.point[chart.x] === 'number' ? (g.point[chart.x] as number) * x.factor : String(g.point[chart.x]),
    ...groupInterval(g, chart.y, y.factor),
  }));
  const numeric = rows.every((r) => typeof r.x === 'number');
  const xEncoding = { field: 'x', type: numeric ? 'quantitative' : 'ordinal', title: x.title, ...(numeric ? { scale: scaleFor(rows.map((r) => r.x)) } : {}) };
  const yScale = scaleFor(rows.flatMap((r) => [r.mean, r.low, r.high]));
  const tooltip = [{ field: 'series', title: color }, { field: 'x', title: x.title }, { field: 'mean', title: `mean ${y.title}`, format: '.4~g' }, { field: 'low', title: 'ci95.low', format: '.4~g' }, { field: 'high', title: 'ci95.high', format: '.4~g' }, { field: 'n', title: 'replications' }];
  return {
    ...frame(chart, summary, rows, color, `${chart.y} against ${chart.x} (mean, 95 % CI)`),
    layer: [
      { mark: { type: 'errorband', opacity: 0.25 }, transform: [{ filter: 'isValid(datum.low)' }], encoding: { x: xEncoding, y: { field: 'low', type: 'quantitative', title: y.title, scale: yScale }, y2: { field: 'high' }, detail: { field: 'rest' } } },
      { mark: { type: 'line', point: true, tooltip: true }, encoding: { x: xEncoding, y: { field: 'mean', type: 'quantitative', title: y.title, scale: yScale }, tooltip, ...restEncoding(rows, restTitle) } },
    ],
  };
}

/** One metric against another (each group's means), with the y CI as error bars, ordered along the sweep. */
function metricChart(chart: ChartSpec, summary: ResultSummary, color: string): VegaLiteSpec {
  const y = metricAxis(chart.y);
  const x = metricAxis(chart.x);
  const rows: Row[] = chartGroups(summary, color).map((g) => ({
    series: labelOf(g, color),
    rest: restLabel(summary, g, [color]),
    order: g.pointIndex,
    x: meanAndInterval(g.values[chart.x] ?? [], x.factor).mean,
    ...groupInterval(g, chart.y, y.factor),
  }));
  const xEncoding = { field: 'x', type: 'quantitative', title: x.title, scale: scaleFor(rows.map((r) => r.x)) };
  const yScale = scaleFor(rows.flatMap((r) => [r.mean, r.low, r.high]));
  const tooltip = [{ field: 'series', title: color }, { field: 'rest', title: 'point' }, { field: 'x', title: x.title, format: '.4~g' }, { field: 'mean', title: y.title, format: '.4~g' }, { field: 'low', title: 'ci95.low', format: '.4~g' }, { field: 'high', title: 'ci95.high', format: '.4~g' }];
  return {
    ...frame(chart, summary, rows, color, `${chart.y} against ${chart.x} (mean, 95 % CI)`),
    layer: [
      { mark: { type: 'rule' }, transform: [{ filter: 'isValid(datum.low)' }], encoding: { x: xEncoding, y: { field: 'low', type: 'quantitative', title: y.title, scale: yScale }, y2: { field: 'high' } } },
      { mark: { type: 'line', point: true, tooltip: true }, encoding: { x: xEncoding, y: { field: 'mean', type: 'quantitative', title: y.title, scale: yScale }, order: { field: 'order' }, tooltip } },
    ],
  };
}

/** Bars of the means with 95 % CI error bars: variants side by side, grouped by sweep point when there are several. */
function variantChart(chart: ChartSpec, summary: ResultSummary, color: string): VegaLiteSpec {
  const y = metricAxis(chart.y);
  const groups = chartGroups(summary, color);
  const rows: Row[] = groups.map((g) => ({
    series: labelOf(g, color),
    variant: g.variant,
    point: restLabel(summary, g, ['variant']) || 'all',
    // bars are grouped by sweep point: its values, the axis title names the paths
    pointIndex: g.pointIndex,
    ...groupInterval(g, chart.y, y.factor),
  }));
  const points = new Set(rows.map((r) => r.point)).size;
  const variantOrder = summary.scenario.variants;
  const pointOrder = [...new Set([...rows].sort((a, b) => (a.pointIndex as number) - (b.pointIndex as number)).map((r) => String(r.point)))];
  const grouped = points > 1;
  const xEncoding = grouped
    ? { field: 'point', type: 'nominal', title: summary.scenario.sweepPaths.join(', '), sort: pointOrder, axis: { labelAngle: 0 } }
    : { field: 'variant', type: 'nominal', title: 'variant', sort: variantOrder, axis: { labelAngle: 0 } };
  const offset = grouped ? { xOffset: { field: 'variant', type: 'nominal', sort: variantOrder } } : {};
  const yEncoding = { type: 'quantitative', title: y.title };
  const tooltip = [{ field: 'variant' }, { field: 'point' }, { field: 'mean', title: y.title, format: '.4~g' }, { field: 'low', title: 'ci95.low', format: '.4~g' }, { field: 'high', title: 'ci95.high', format: '.4~g' }, { field: 'n', title: 'replications' }];
  return {
    ...frame(chart, summary, rows, color, `${chart.y} by variant (mean, 95 % CI)`),
    layer: [
      { mark: { type: 'bar', tooltip: true }, encoding: { x: xEncoding, ...offset, y: { field: 'mean', ...yEncoding }, tooltip } },
      { mark: { type: 'rule' }, transform: [{ filter: 'isValid(datum.low)' }], encoding: { x: xEncoding, ...offset, y: { field: 'low', ...yEncoding }, y2: { field: 'high' }, color: { value: 'black' } } },
    ],
  };
}

/** ECDF of a distribution: per series, the replications' quantiles averaged at each probability, with their 95 % CI. */
function cdfChart(chart: ChartSpec, summary: ResultSummary, color: string): VegaLiteSpec {
  const distribution = chart.x;
  const x = metricAxis(`${distribution}.mean`);
  const restTitle = restColumns(summary, [color]).join(', ');
  const rows: Row[] = [];
  for (const g of chartGroups(summary, color)) {
    const grids = (g.quantileGrids[distribution] ?? []).filter((grid) => grid.length > 0);
    if (grids.length === 0) continue;
    const series = labelOf(g, color);
    const rest = restLabel(summary, g, [color]);
    const steps = grids[0].length - 1;
    for (let i = 0; i <= steps; i++) {
      const e = meanAndInterval(grids.map((grid) => grid[i]), x.factor);
      // times are never negative: a wide interval around a near-zero quantile stops at 0
      rows.push({ series, rest, p: i / steps, value: e.mean, low: e.low === null ? null : Math.max(0, e.low), high: e.high });
    }
  }
  const xEncoding = { type: 'quantitative', title: x.title.replace(`${distribution}.mean`, distribution), scale: scaleFor(rows.flatMap((r) => [r.value, r.low])) };
  const yEncoding = { field: 'p', type: 'quantitative', title: `P(${distribution} <= x)`, scale: { domain: [0, 1] } };
  const tooltip = [{ field: 'series', title: color }, { field: 'rest', title: 'point' }, { field: 'p', title: 'quantile', format: '.2f' }, { field: 'value', title: xEncoding.title, format: '.4~g' }];
  return {
    ...frame(chart, summary, rows, color, `ECDF of ${distribution} (mean quantiles, 95 % CI)`),
    layer: [
      { mark: { type: 'area', opacity: 0.25, orient: 'horizontal' }, transform: [{ filter: 'isValid(datum.low)' }], encoding: { y: yEncoding, x: { field: 'low', ...xEncoding }, x2: { field: 'high' }, detail: { field: 'rest' } } },
      { mark: { type: 'line', tooltip: true, interpolate: 'step-after' }, encoding: { y: yEncoding, x: { field: 'value', ...xEncoding }, order: { field: 'p' }, tooltip, ...restEncoding(rows, restTitle) } },
    ],
  };
}

/** A time-series column (summed over a tick's rows, e.g. invokers), mean and 95 % CI band across replications. */
function timeChart(chart: ChartSpec, summary: ResultSummary, color: string, series: TimeSeries): VegaLiteSpec {
  const restTitle = restColumns(summary, [color]).join(', ');
  const rows: Row[] = [];
  for (const line of series.lines) {
    const group = summary.groups.find((g) => g.variant === line.variant && g.pointIndex === line.pointIndex && g.function === ALL_FUNCTIONS && g.chain === ALL_CHAINS);
    if (group === undefined) continue;
    const label = color === 'function' ? ALL_FUNCTIONS : labelOf(group, color);
    const rest = restLabel(summary, group, [color]);
    for (const [time, values] of line.points) {
      const e = meanAndInterval(values, 1);
      // sampled levels (containers, MiB, queue lengths) are never negative: the band stops at 0
      rows.push({ series: label, rest, time, ...e, low: e.low === null ? null : Math.max(0, e.low) });
    }
  }
  const xEncoding = { field: 'time', type: 'quantitative', title: 'time (s)' };
  // a tick has one row per invoker (OpenWhisk): the chart shows their sum
  const yTitle = `${chart.y} (all invokers)`;
  const yEncoding = { type: 'quantitative', title: yTitle };
  const tooltip = [{ field: 'series', title: color }, { field: 'rest', title: 'point' }, { field: 'time', title: 'time (s)' }, { field: 'mean', title: yTitle, format: '.4~g' }];
  return {
    ...frame(chart, summary, rows, color, `${chart.y} over time (mean, 95 % CI)`),
    layer: [
      { mark: { type: 'errorband', opacity: 0.25 }, transform: [{ filter: 'isValid(datum.low)' }], encoding: { x: xEncoding, y: { field: 'low', ...yEncoding }, y2: { field: 'high' }, detail: { field: 'rest' } } },
      { mark: { type: 'line', tooltip: true }, encoding: { x: xEncoding, y: { field: 'mean', ...yEncoding }, tooltip, ...restEncoding(rows, restTitle) } },
    ],
  };
}

/** The kind of chart an entry asks for, decided by its axes (see the file comment). */
export type ChartKind = 'time' | 'cdf' | 'variant' | 'sweep' | 'metric';

export function chartKind(chart: ChartSpec, summary: ResultSummary): ChartKind {
  if (chart.x === TIME_AXIS) return 'time';
  if (chart.y.endsWith('.cdf')) return 'cdf';
  if (chart.x === 'variant') return 'variant';
  return summary.scenario.sweepPaths.includes(chart.x) ? 'sweep' : 'metric';
}

/**
 * The Vega-Lite spec of one chart entry. `timeseries` is what timeseries.csv holds for the
 * chart's column (time charts only); a time chart without it is undefined (nothing to draw).
 */
export function chartSpec(chart: ChartSpec, summary: ResultSummary, timeseries?: TimeSeries): VegaLiteSpec | undefined {
  const color = chart.color ?? 'variant';
  const kind = chartKind(chart, summary);
  switch (kind) {
    case 'time':
      return timeseries === undefined ? undefined : timeChart(chart, summary, color, timeseries);
    case 'cdf':
      return cdfChart(chart, summary, color);
    case 'variant':
      return variantChart(chart, summary, color);
    case 'sweep':
      return sweepChart(chart, summary, color);
    case 'metric':
      return metricChart(chart, summary, color);
  }
}

/** File-name stem of a chart: its title or `y-by-x`, made safe; a repeated stem gets -2, -3, ... */
export function chartNames(charts: readonly ChartSpec[]): string[] {
  const seen = new Map<string, number>();
  return charts.map((c) => {
    const stem = (c.title ?? `${c.y}-by-${c.x}`).toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80) || 'chart';
    const count = (seen.get(stem) ?? 0) + 1;
    seen.set(stem, count);
    return count === 1 ? stem : `${stem}-${count}`;
  });
}
