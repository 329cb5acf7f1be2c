/**
 * One finished unit as JSON lines: the first line is the replication's result without its time
 * series (metrics, per-function metrics, events, and whatever other per-unit data the result
 * carries), each further line one time-series row. Lossless: JSON has no NaN, Infinity or -0, so
 * those numbers are written as {"$num": "NaN"} and read back as numbers.
 */
import type { ReplicationResult } from '../run/types.js';

export interface UnitHeader extends Omit<ReplicationResult, 'timeseries'> {
  /** The unit's index in the canonical order. */
  unit: number;
  /** Fingerprint of the sweep the unit belongs to (see manifest.ts). */
  sweep: string;
}

const NUM = '$num';

function encodeNumber(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || (Number.isFinite(value) && !Object.is(value, -0))) return value;
  return { [NUM]: Object.is(value, -0) ? '-0' : String(value) };
}

function decodeNumber(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === NUM) return Number((value as Record<string, string>)[NUM]);
  }
  return value;
}

export function encodeUnit(unit: number, sweep: string, result: ReplicationResult): string {
  const { timeseries, ...rest } = result;
  const lines = [JSON.stringify({ unit, sweep, ...rest }, encodeNumber)];
  for (const row of timeseries) lines.push(JSON.stringify(row, encodeNumber));
  return lines.join('\n') + '\n';
}

/** Parses the first line of a unit file. */
export function decodeHeader(line: string): UnitHeader {
  return JSON.parse(line, decodeNumber) as UnitHeader;
}

export function decodeUnit(text: string): { header: UnitHeader; result: ReplicationResult } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = decodeHeader(lines[0]);
  const timeseries = lines.slice(1).map((l) => JSON.parse(l, decodeNumber) as Record<string, number | string>);
  const { unit: _unit, sweep: _sweep, ...rest } = header;
  return { header, result: { ...rest, timeseries } };
}
