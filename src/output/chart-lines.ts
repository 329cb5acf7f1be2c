/**
 * The line charts: a metric against a sweep path (mean and 95 % CI band), against another metric
 * (CI error bars, in sweep order), an ECDF (the replications' quantiles averaged per probability),
 * and a time-series column (mean and CI band across replications). Each series has its colour,
 * dash and markers (chart-style.ts); reference points and, on a throughput chart, the `offered =
 * throughput` line are drawn beside them (chart-reference.ts).
 */
import { ALL_CHAINS, ALL_FUNCTIONS } from '../aggregate/aggregate.js';
import { platformTimeseries } from '../platform/index.js';
import type { ChartSpec } from '../schema/types.js';
import { distributionAxis, finite, metricAxis, scaleFor, shownEstimate, shownValue, sweepAxis, timeseriesAxis, type Axis } from './chart-axes.js';
import { chartGroups, groupInterval, labelOf, meanAndInterval, means, missingNote, reporting, restLabel, restTitle as restTitleOf, shownInterval, type Row } from './chart-data.js';
import { offeredLayer, referenceLayer, referenceRows } from './chart-reference.js';
import { frame, lineEncodings, markerLayer, seriesDomain, type VegaLiteSpec } from './chart-style.js';
import type { TimeSeries } from './chart-timeseries.js';
import type { ResultSummary } from './summary.js';

/** A y axis that shows whether variants keep up with the load: the offered = throughput line is drawn. */
const THROUGHPUT = 'throughput';

/** Reference x and y values in base units, so the axes' units and domains take them in. */
function referenceValues(chart: ChartSpec, key: 'x' | 'y'): number[] {
  return chart.reference?.points.map((p) => p[key]) ?? [];
}

/** How a line's 95 % CI is drawn: a band along x, error bars, or a band along y (an ECDF's). */
type Band = 'area' | 'rule' | 'horizontal-area';

/** The CI layer of a line: its colour, and each line of a second grouping apart (`detail`). */
function bandLayer(band: Band, x: Record<string, unknown>, y: Record<string, unknown>, line: Record<string, unknown>): VegaLiteSpec {
  const series = { color: line.color, ...('detail' in line ? { detail: line.detail } : {}) };
  const valid = [{ filter: 'isValid(datum.low)' }];
  if (band === 'rule') return { mark: { type: 'rule' }, transform: valid, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color: line.color } };
  if (band === 'area') return { mark: { type: 'area', fillOpacity: 0.2 }, transform: valid, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, ...series } };
  return { mark: { type: 'area', fillOpacity: 0.2, orient: 'horizontal' }, transform: valid, encoding: { y, x: { ...x, field: 'low' }, x2: { field: 'high' }, ...series } };
}

/** The CI, the line and its markers, on shared axes. */
function lineLayers(options: {
  x: Record<string, unknown>;
  y: Record<string, unknown>;
  yField: string;
  encodings: ReturnType<typeof lineEncodings>;
  tooltip: unknown[];
  band: Band;
  markersWhere?: string;
  order?: string;
}): VegaLiteSpec[] {
  const { x, encodings, tooltip } = options;
  const y = { ...options.y, field: options.yField };
  return [
    bandLayer(options.band, x, y, encodings.line),
    { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, ...encodings.line, ...(options.order === undefined ? {} : { order: { field: options.order } }) } },
    markerLayer(x, y, encodings.marker, tooltip, options.markersWhere),
  ];
}

/** Reference points and the offered line, and the resolve that keeps the reference's diamond apart from the markers. */
function extras(chart: ChartSpec, rows: Row[], axes: { x: Axis; y: Axis }, x: Record<string, unknown>, y: Record<string, unknown>, fields: { x: string; y: string }): { layers: VegaLiteSpec[]; resolve: Record<string, unknown> } {
  const reference = referenceLayer(referenceRows(chart.reference, axes.x, axes.y, fields), x, y, axes);
  const offered = chart.y === THROUGHPUT ? offeredLayer(rows, x, y, fields) : [];
  return { layers: [...offered, ...reference], resolve: reference.length > 0 ? { resolve: { scale: { shape: 'independent' } } } : {} };
}

/** Mean and 95 % CI band of a metric over a sweep path. */
export function sweepChart(chart: ChartSpec, summary: ResultSummary, color: string): VegaLiteSpec {
  const { groups, missing } = reporting(summary, chartGroups(summary, color), chart.y);
  const offered = chart.y === THROUGHPUT ? means(groups, 'offered') : [];
  const y = metricAxis(chart.y, [...means(groups, chart.y), ...referenceValues(chart, 'y')]);
  const x = sweepAxis(summary.scenario, chart.x, [...groups.map((g) => g.point[chart.x]).filter((v): v is number => typeof v === 'number'), ...referenceValues(chart, 'x')]);
  const restTitle = restTitleOf(summary, [chart.x, color]);
  const rows: Row[] = groups.map((g) => {
    const value = g.point[chart.x];
    const e = groupInterval(g, chart.y, y.factor);
    const at = typeof value === 'number' ? value * x.factor : String(value);
    const series = labelOf(g, color);
    return { series, marker: series, rest: restLabel(summary, g, [chart.x, color]), x: at, order: g.pointIndex, ...e, shown: shownInterval(g, chart.y, y.factor, y.unit), shownX: shownValue(at, x.unit), ...(offered.length > 0 ? { offered: (g.estimates.offered?.mean ?? NaN) * y.factor } : {}) };
  });
  const numeric = rows.every((r) => typeof r.x === 'number');
  const refRows = referenceRows(chart.reference, x, y, { x: 'x', y: 'mean' });
  const xEncoding = { field: 'x', type: numeric ? 'quantitative' : 'ordinal', title: x.title, ...(numeric ? { scale: scaleFor([...rows.map((r) => r.x), ...refRows.map((r) => r.x)]) } : { sort: null }) };
  const yEncoding = { type: 'quantitative', title: y.title, scale: scaleFor([...rows.flatMap((r) => [r.mean, r.offered]), ...refRows.map((r) => r.mean)], rows.flatMap((r) => [r.low, r.high])) };
  const encodings = lineEncodings(seriesDomain(summary, color, rows), color, rows, restTitle);
  const tooltip = [{ field: 'series', title: color }, ...(restTitle === '' ? [] : [{ field: 'rest', title: restTitle }]), { field: 'shownX', title: x.title }, { field: 'shown', title: `${y.title}, mean ± 95 % CI` }, { field: 'n', title: 'replications' }];
  const more = extras(chart, rows, { x, y }, xEncoding, { ...yEncoding, field: 'mean' }, { x: 'x', y: 'mean' });
  return {
    ...frame(chart, summary, rows, `${y.title.replace(/ \(.*\)$/, '')} against ${x.title.replace(/ \(.*\)$/, '')} (mean, 95 % CI)`, missingNote(chart.y, missing)),
    layer: [...more.layers, ...lineLayers({ x: xEncoding, y: yEncoding, yField: 'mean', encodings, tooltip, band: 'area' })],
    ...more.resolve,
  };
}

/** One metric against another (each group's means), with the y CI as error bars, ordered along the sweep. */
export function metricChart(chart: ChartSpec, summary: ResultSummary, color: string): VegaLiteSpec {
  const both = reporting(summary, chartGroups(summary, color), chart.y);
  const { groups, missing } = reporting(summary, both.groups, chart.x);
  const y = metricAxis(chart.y, [...means(groups, chart.y), ...referenceValues(chart, 'y')]);
  const x = metricAxis(chart.x, [...means(groups, chart.x), ...referenceValues(chart, 'x')]);
  const rows: Row[] = groups.map((g) => {
    const e = groupInterval(g, chart.y, y.factor);
    const at = meanAndInterval(g.values[chart.x] ?? [], x.factor).mean;
    const series = labelOf(g, color);
    return { series, marker: series, rest: restLabel(summary, g, [color]), order: g.pointIndex, x: at, ...e, shown: shownInterval(g, chart.y, y.factor, y.unit), shownX: shownValue(at, x.unit), ...(chart.y === THROUGHPUT ? { offered: (g.estimates.offered?.mean ?? NaN) * y.factor } : {}) };
  });
  const refRows = referenceRows(chart.reference, x, y, { x: 'x', y: 'mean' });
  const xEncoding = { field: 'x', type: 'quantitative', title: x.title, scale: scaleFor([...rows.map((r) => r.x), ...refRows.map((r) => r.x)]) };
  const yEncoding = { type: 'quantitative', title: y.title, scale: scaleFor([...rows.flatMap((r) => [r.mean, r.offered]), ...refRows.map((r) => r.mean)], rows.flatMap((r) => [r.low, r.high])) };
  // the points of a line are the sweep points: one line per series, however many the rest
  const encodings = lineEncodings(seriesDomain(summary, color, rows), color, rows.map((r) => ({ ...r, rest: '' })), '');
  const tooltip = [{ field: 'series', title: color }, { field: 'rest', title: 'point' }, { field: 'shownX', title: x.title }, { field: 'shown', title: `${y.title}, mean ± 95 % CI` }];
  // the offered load at each point is x itself when x is `offered`: the diagonal
  const more = extras(chart, chart.x === 'offered' ? rows.map((r) => ({ ...r, offered: r.x })) : rows, { x, y }, xEncoding, { ...yEncoding, field: 'mean' }, { x: 'x', y: 'mean' });
  return {
    ...frame(chart, summary, rows, `${y.title.replace(/ \(.*\)$/, '')} against ${x.title.replace(/ \(.*\)$/, '')} (mean, 95 % CI)`, [...missingNote(chart.y, both.missing), ...missingNote(chart.x, missing)]),
    layer: [...more.layers, ...lineLayers({ x: xEncoding, y: yEncoding, yField: 'mean', encodings, tooltip, band: 'rule', order: 'order' })],
    ...more.resolve,
  };
}

/** ECDF of a distribution: per series, the replications' quantiles averaged at each probability, with their 95 % CI. */
export function cdfChart(chart: ChartSpec, summary: ResultSummary, color: string): VegaLiteSpec {
  const distribution = chart.x;
  const restTitle = restTitleOf(summary, [color]);
  const grids = chartGroups(summary, color).map((g) => ({ g, grids: (g.quantileGrids[distribution] ?? []).filter((grid) => grid.length > 0) })).filter((c) => c.grids.length > 0);
  const x = distributionAxis(distribution, [...grids.flatMap((c) => c.grids.map((grid) => grid[Math.floor(grid.length / 2)])), ...referenceValues(chart, 'x')]);
  const rows: Row[] = [];
  for (const { g, grids: perReplication } of grids) {
    const series = labelOf(g, color);
    const rest = restLabel(summary, g, [color]);
    const steps = perReplication[0].length - 1;
    for (let i = 0; i <= steps; i++) {
      // times are never negative: a wide interval around a near-zero quantile stops at 0
      const e = meanAndInterval(perReplication.map((grid) => grid[i]), x.factor, 0);
      rows.push({ series, marker: series, rest, p: i / steps, decile: i % (steps / 10) === 0 ? 1 : 0, value: e.mean, low: e.low, high: e.high, shown: shownEstimate(e.mean, e.halfWidth, x.unit) });
    }
  }
  const refRows = referenceRows(chart.reference, x, { title: '', factor: 1, unit: '' }, { x: 'value', y: 'p' });
  // the axis from the 1 % quantile up: the least of many samples (the 0 % quantile) would stretch a log axis for one point
  const tail = rows.filter((r) => (r.p as number) >= 0.01);
  const xEncoding = { field: 'value', type: 'quantitative', title: x.title, scale: scaleFor([...tail.map((r) => r.value), ...refRows.map((r) => r.value)], tail.flatMap((r) => [r.low, r.high])) };
  const yEncoding = { type: 'quantitative', title: `P(${distribution} <= x)`, scale: { domain: [0, 1] } };
  const encodings = lineEncodings(seriesDomain(summary, color, rows), color, rows, restTitle);
  const tooltip = [{ field: 'series', title: color }, ...(restTitle === '' ? [] : [{ field: 'rest', title: restTitle }]), { field: 'p', title: 'probability', format: '.2f' }, { field: 'shown', title: `${x.title}, mean ± 95 % CI` }];
  const reference = referenceLayer(refRows, xEncoding, { ...yEncoding, field: 'p' }, { x, y: { title: 'probability', factor: 1, unit: '' } });
  return {
    ...frame(chart, summary, rows, `ECDF of ${distribution} (mean quantiles, 95 % CI)`),
    layer: [...reference, ...lineLayers({ x: { ...xEncoding, field: 'value' }, y: yEncoding, yField: 'p', encodings, tooltip, band: 'horizontal-area', markersWhere: 'datum.decile === 1', order: 'p' })],
    ...(reference.length > 0 ? { resolve: { scale: { shape: 'independent' } } } : {}),
  };
}

/** Simulated time in the unit that suits a run's length. */
function timeAxis(maxSeconds: number): Axis {
  const unit = maxSeconds >= 7200 ? { factor: 1 / 3600, unit: 'h' } : maxSeconds >= 600 ? { factor: 1 / 60, unit: 'min' } : { factor: 1, unit: 's' };
  return { title: `simulated time (${unit.unit})`, ...unit };
}

/** A time-series column (summed over a tick's rows, e.g. invokers), mean and 95 % CI band across replications. */
export function timeChart(chart: ChartSpec, summary: ResultSummary, color: string, series: TimeSeries): VegaLiteSpec {
  const restTitle = restTitleOf(summary, [color]);
  const entity = platformTimeseries(summary.scenario.runs[0]?.platform.kind ?? '')?.entity;
  const drawn = series.lines.filter((line) => line.points.some(([, values]) => finite(values).length > 0));
  const y = timeseriesAxis(chart.y, entity, drawn.flatMap((line) => line.points.flatMap(([, values]) => finite(values))));
  const t = timeAxis(Math.max(0, ...drawn.flatMap((line) => line.points.map(([time]) => time))));
  const rows: Row[] = [];
  for (const line of drawn) {
    const group = summary.groups.find((g) => g.variant === line.variant && g.pointIndex === line.pointIndex && g.function === ALL_FUNCTIONS && g.chain === ALL_CHAINS);
    if (group === undefined) continue;
    const label = color === 'function' ? ALL_FUNCTIONS : labelOf(group, color);
    const rest = restLabel(summary, group, [color]);
    const every = Math.max(1, Math.round(line.points.length / 10));
    line.points.forEach(([time, values], i) => {
      // sampled levels (containers, MiB, queue lengths) are never negative: the band stops at 0
      const e = meanAndInterval(values, y.factor, 0);
      rows.push({ series: label, marker: label, rest, time: time * t.factor, tick: i % every === 0 ? 1 : 0, ...e, shown: shownEstimate(e.mean, e.halfWidth, y.unit), shownTime: shownValue(time * t.factor, t.unit) });
    });
  }
  const missing = summary.scenario.variants.filter((v) => series.lines.some((l) => l.variant === v) && !drawn.some((l) => l.variant === v));
  const refRows = referenceRows(chart.reference, t, y, { x: 'time', y: 'mean' });
  const xEncoding = { field: 'time', type: 'quantitative', title: t.title };
  const yEncoding = { type: 'quantitative', title: y.title, scale: scaleFor([...rows.map((r) => r.mean), ...refRows.map((r) => r.mean)], rows.map((r) => r.high)) };
  const encodings = lineEncodings(seriesDomain(summary, color, rows), color, rows, restTitle);
  const tooltip = [{ field: 'series', title: color }, ...(restTitle === '' ? [] : [{ field: 'rest', title: restTitle }]), { field: 'shownTime', title: t.title }, { field: 'shown', title: `${y.title}, mean ± 95 % CI` }];
  const reference = referenceLayer(refRows, xEncoding, { ...yEncoding, field: 'mean' }, { x: t, y });
  return {
    ...frame(chart, summary, rows, `${y.title.replace(/(, all .*)? \(.*\)$/, '')} over time (mean, 95 % CI)`, missingNote(chart.y, missing)),
    layer: [...reference, ...lineLayers({ x: xEncoding, y: yEncoding, yField: 'mean', encodings, tooltip, band: 'area', markersWhere: 'datum.tick === 1' })],
    ...(reference.length > 0 ? { resolve: { scale: { shape: 'independent' } } } : {}),
  };
}
