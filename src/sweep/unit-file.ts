/**
 * One finished unit as a JSON line: the replication's result (metrics, per-function metrics,
 * events, and whatever other per-unit data the result carries). Its time-series rows are a CSV file
 * beside it (store.ts), streamed while the unit ran. Lossless: JSON has no NaN, Infinity or -0, so
 * those numbers are written as {"$num": "NaN"} and read back as numbers.
 */
import { decodeNumber, encodeNumber } from '../run/json-numbers.js';
import type { ReplicationResult } from '../run/types.js';

export interface UnitHeader extends ReplicationResult {
  /** The unit's index in the canonical order. */
  unit: number;
  /** Fingerprint of the sweep the unit belongs to (see manifest.ts). */
  sweep: string;
}

export function encodeUnit(unit: number, sweep: string, result: ReplicationResult): string {
  return JSON.stringify({ unit, sweep, ...result }, encodeNumber) + '\n';
}

/** Parses the first line of a unit file. */
export function decodeHeader(line: string): UnitHeader {
  return JSON.parse(line, decodeNumber) as UnitHeader;
}

export function decodeUnit(text: string): { header: UnitHeader; result: ReplicationResult } {
  const newline = text.indexOf('\n');
  const header = decodeHeader(newline < 0 ? text : text.slice(0, newline));
  const { unit: _unit, sweep: _sweep, ...result } = header;
  return { header, result };
}
