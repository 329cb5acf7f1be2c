/**
 * What a chart draws beside the model's numbers: reference points (a chart's `reference`:
 * measurements, or a closed form such as Erlang C) as black diamonds in a legend of their own, and
 * on a throughput chart the `offered = throughput` line that a platform keeping up would follow.
 */
import type { ReferencePoints } from '../schema/types.js';
import type { Axis } from './chart-axes.js';
import { shownValue } from './chart-axes.js';
import type { Row } from './chart-data.js';
import type { VegaLiteSpec } from './chart-style.js';

/** Field names of a chart's x and y. */
export interface Fields {
  x: string;
  y: string;
}

/** The reference points in the chart's units, under the chart's field names. */
export function referenceRows(reference: ReferencePoints | undefined, x: Axis, y: Axis, fields: Fields): Row[] {
  if (reference === undefined) return [];
  return reference.points.map((p) => ({ [fields.x]: p.x * x.factor, [fields.y]: p.y * y.factor, label: reference.label, shownX: shownValue(p.x * x.factor, x.unit), shownY: shownValue(p.y * y.factor, y.unit) }));
}

/** Black diamonds at the reference points, their label in a legend titled `reference`. */
export function referenceLayer(rows: readonly Row[], x: Record<string, unknown>, y: Record<string, unknown>, axes: { x: Axis; y: Axis }): VegaLiteSpec[] {
  if (rows.length === 0) return [];
  return [
    {
      data: { values: rows },
      mark: { type: 'point', filled: true, size: 110, color: 'black', opacity: 1, tooltip: true },
      encoding: {
        x,
        y,
        shape: { field: 'label', type: 'nominal', title: 'reference', scale: { range: ['diamond'] }, legend: { symbolFillColor: 'black', symbolStrokeColor: 'black' } },
        tooltip: [{ field: 'label', title: 'reference' }, { field: 'shownX', title: axes.x.title }, { field: 'shownY', title: axes.y.title }],
      },
    },
  ];
}

/**
 * The `offered = throughput` line of a throughput chart: at each x, the mean offered load of the
 * rows there (the same for every variant: they see the same arrivals), dashed grey, labelled at its
 * end; none when the rows at one x offer different loads.
 */
export function offeredLayer(rows: readonly Row[], x: Record<string, unknown>, y: Record<string, unknown>, fields: Fields): VegaLiteSpec[] {
  const byX = new Map<number, number[]>();
  for (const r of rows) {
    if (typeof r[fields.x] !== 'number' || typeof r.offered !== 'number' || !Number.isFinite(r.offered)) continue;
    byX.set(r[fields.x] as number, [...(byX.get(r[fields.x] as number) ?? []), r.offered]);
  }
  const entries = [...byX.entries()].sort((a, b) => a[0] - b[0]);
  // rows at one x that offer different loads (another sweep path scales it): no single line
  if (entries.some(([, offered]) => Math.max(...offered) > 1.01 * Math.min(...offered))) return [];
  const line = entries.map(([at, offered]) => ({ [fields.x]: at, [fields.y]: offered.reduce((s, o) => s + o, 0) / offered.length }));
  if (line.length < 2) return [];
  const end = line[line.length - 1];
  return [
    { data: { values: line }, mark: { type: 'line', color: '#777', strokeDash: [4, 4], strokeWidth: 1.5 }, encoding: { x, y } },
    { data: { values: [{ ...end, text: 'offered = throughput' }] }, mark: { type: 'text', align: 'right', dx: -4, dy: -8, color: '#555' }, encoding: { x, y, text: { field: 'text' } } },
  ];
}
