/**
 * Time-series charts read the timeseries.csv a run wrote, streaming (the run does not keep its
 * samples for the charts), and keep per variant x point x tick one sum per replication; long runs
 * are downsampled to a few hundred ticks, so a chart's inlined data stays small.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { parse } from 'csv-parse';

export interface TimeSeriesLine {
  variant: string;
  pointIndex: number;
  /** [time in seconds, the column's value per replication (replication order)], by time. */
  points: [number, number[]][];
}

export interface TimeSeries {
  column: string;
  lines: TimeSeriesLine[];
}

/** Ticks kept per line at most: beyond, consecutive ticks are averaged in equal bins. */
export const MAX_TIME_POINTS = 400;

/**
 * The column `column` of a timeseries.csv, summed over the rows of one tick (OpenWhisk writes one
 * per invoker). Undefined when the file does not exist or has no such column.
 */
export async function readTimeSeries(file: string, column: string, maxPoints = MAX_TIME_POINTS): Promise<TimeSeries | undefined> {
  if (!(await access(file).then(() => true, () => false))) return undefined;
  // variant/point -> time -> replication -> sum
  const cells = new Map<string, { variant: string; pointIndex: number; ticks: Map<number, Map<number, number>> }>();
  const replications = new Set<number>();
  let hasColumn = false;
  const parser = createReadStream(file).pipe(parse({ columns: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    if (!hasColumn && !(column in row)) return undefined;
    hasColumn = true;
    const key = `${row.variant}\u0000${row.point}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { variant: row.variant, pointIndex: Number(row.point), ticks: new Map() };
      cells.set(key, cell);
    }
    const time = Number(row.time);
    const replication = Number(row.replication);
    replications.add(replication);
    let tick = cell.ticks.get(time);
    if (tick === undefined) {
      tick = new Map();
      cell.ticks.set(time, tick);
    }
    const value = row[column] === '' ? NaN : Number(row[column]);
    tick.set(replication, (tick.get(replication) ?? 0) + value);
  }
  if (!hasColumn) return undefined;
  const order = [...replications].sort((a, b) => a - b);
  const lines = [...cells.values()].map(({ variant, pointIndex, ticks }) => {
    const points = [...ticks.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([time, byReplication]): [number, number[]] => [time, order.filter((r) => byReplication.has(r)).map((r) => byReplication.get(r)!)]);
    return { variant, pointIndex, points: downsample(points, maxPoints) };
  });
  return { column, lines };
}

/** Averages consecutive ticks in equal bins (time and each replication's value) down to at most `max` points. */
function downsample(points: [number, number[]][], max: number): [number, number[]][] {
  if (points.length <= max) return points;
  const width = Math.ceil(points.length / max);
  const out: [number, number[]][] = [];
  for (let start = 0; start < points.length; start += width) {
    const bin = points.slice(start, start + width);
    const time = bin.reduce((s, p) => s + p[0], 0) / bin.length;
    const n = Math.min(...bin.map((p) => p[1].length));
    const values = Array.from({ length: n }, (_, r) => bin.reduce((s, p) => s + p[1][r], 0) / bin.length);
    out.push([time, values]);
  }
  return out;
}
