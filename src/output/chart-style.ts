/**
 * How a chart tells its series apart: each series (a variant, by default) keeps one colour, one
 * dash and one marker in every chart of a result, so two lines with the same values stay visible
 * (one dashed over the other, a square beside a circle). The legend draws each series as a short
 * stroke in its line's colour and dash; a second grouping (other sweep points) gets its own dashes
 * and a legend of grey strokes.
 */
import type { ChartSpec } from '../schema/types.js';
import type { Row } from './chart-data.js';
import type { ResultSummary } from './summary.js';

/** A Vega-Lite spec (plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

/** Tableau 10: distinct, colour-blind-friendlier than the rainbow; cycled beyond ten series. */
export const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
/** Solid, then dashes that stay distinct when drawn over each other. */
const DASHES = [[1, 0], [7, 3], [2, 2], [10, 3, 2, 3], [4, 4], [12, 2, 2, 2, 2, 2], [1, 3], [6, 2, 1, 2]];
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left'];

export const WIDTH = 480;
export const HEIGHT = 300;

/** Legend entries drawn as strokes: the line's colour and dash. */
const STROKE_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 400 };

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length];

/** The series of a chart in order: variants in file order (stable across every chart of a result), else first-seen order. */
export function seriesDomain(summary: ResultSummary, color: string, rows: readonly Row[]): string[] {
  return color === 'variant' ? [...summary.scenario.variants] : [...new Set(rows.map((r) => String(r.series)))];
}

/**
 * The colour of each series. A variant left out of a chart (it does not report the metric) keeps
 * its slot, so the others keep their colours, but is not in the legend.
 */
export function colorEncoding(domain: readonly string[], title: string, rows: readonly Row[], legend: Record<string, unknown> = STROKE_LEGEND): Record<string, unknown> {
  return { field: 'series', type: 'nominal', title, scale: { domain, range: domain.map((_, i) => pick(PALETTE, i)) }, legend: legendOf(domain, rows, legend) };
}

/** A legend of the drawn series only. */
function legendOf(domain: readonly string[], rows: readonly Row[], legend: Record<string, unknown>): Record<string, unknown> {
  const drawn = new Set(rows.map((r) => String(r.series)));
  const values = domain.filter((d) => drawn.has(d));
  return values.length < domain.length ? { ...legend, values } : legend;
}

/**
 * Colour, dash and marker of the series of a line chart. With a second grouping (`rest`: other
 * sweep points) the dashes tell those apart instead, in a legend of their own.
 */
export function lineEncodings(domain: readonly string[], title: string, rows: readonly Row[], restTitle: string): { line: Record<string, unknown>; marker: Record<string, unknown> } {
  const rests = [...new Set(rows.map((r) => String(r.rest)))];
  const dash =
    rests.length > 1
      ? { field: 'rest', type: 'nominal', title: restTitle, sort: null, scale: { domain: rests, range: rests.map((_, i) => pick(DASHES, i)) }, legend: { ...STROKE_LEGEND, symbolStrokeColor: '#555' } }
      : { field: 'series', type: 'nominal', title, scale: { domain, range: domain.map((_, i) => pick(DASHES, i)) }, legend: legendOf(domain, rows, STROKE_LEGEND) };
  // markers on a field of their own: a marker legend would hide the strokes'
  const shape = { field: 'marker', type: 'nominal', scale: { domain, range: domain.map((_, i) => pick(SHAPES, i)) }, legend: null };
  return { line: { color: colorEncoding(domain, title, rows), strokeDash: dash, ...(rests.length > 1 ? { detail: { field: 'rest' } } : {}) }, marker: { color: colorEncoding(domain, title, rows), shape } };
}

/** The marker layer of a line chart: a filled shape per series at each row (or each row `where` keeps). */
export function markerLayer(x: Record<string, unknown>, y: Record<string, unknown>, marker: Record<string, unknown>, tooltip: unknown[], where?: string): VegaLiteSpec {
  return {
    mark: { type: 'point', filled: true, size: 45, opacity: 1, tooltip: true },
    ...(where === undefined ? {} : { transform: [{ filter: where }] }),
    encoding: { x, y, ...marker, tooltip },
  };
}

/** The parts every chart shares: title (notes as a subtitle), size, inlined data, legends that show whole names. */
export function frame(chart: ChartSpec, summary: ResultSummary, rows: Row[], title: string, notes: readonly string[] = []): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title ?? title, ...(notes.length > 0 ? { subtitle: [...notes], subtitleColor: '#a04000' } : {}) },
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    data: { values: rows },
    config: { legend: { titleLimit: 400, labelLimit: 300 } },
    usermeta: { secfaas: { scenario: summary.scenario.name, x: chart.x, y: chart.y, ...(chart.breakdown === undefined ? {} : { breakdown: chart.breakdown }) } },
  };
}
