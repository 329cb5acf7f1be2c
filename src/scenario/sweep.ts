/**
 * The `sweep` block: dotted paths, each with a list of values; the runs cover their cartesian
 * grid, the first path varying slowest. Point values are reported in base units so that a
 * result row says 50 (per second), not "3000/min".
 */
import type { Path, Problem } from '../spec/errors.js';
import { showValue } from '../spec/errors.js';
import { dottedSegments } from './patch.js';
import { parseDuration, parseRate, parseSizeMiB } from '../spec/units.js';
import { isPlainObject } from '../spec/zod-helpers.js';
import type { SweepUnit } from '../spec/types.js';

export type SweepScalar = string | number | boolean;

export interface SweepAxis {
  /** The dotted path as written, e.g. `workload.0.arrivals.poisson`. */
  key: string;
  segments: string[];
  values: SweepScalar[];
  /** The same values in base units (what RunSpec.point holds). */
  baseValues: (number | string)[];
}

/** A rate -> per second, a duration -> seconds, a size -> MiB; numbers stay; other strings stay strings. */
export function toBaseUnits(value: SweepScalar): number | string {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  for (const parse of [parseRate, parseDuration, parseSizeMiB]) {
    try {
      return parse(value);
    } catch {
      // not this kind of quantity; try the next
    }
  }
  return value;
}

/**
 * The quantity of an axis whose values carry a unit (`[50ms, 10s]`: time), so that it can be shown
 * with one; undefined when they are plain numbers, text, or of mixed kinds (a bare 0 goes with any).
 */
export function sweepUnitOf(values: readonly SweepScalar[]): SweepUnit | undefined {
  const kinds = new Set<SweepUnit | 'other'>();
  for (const value of values) {
    if (value === 0) continue;
    if (typeof value !== 'string') return undefined;
    const kind = UNIT_PARSERS.find(([, parse]) => parses(parse, value))?.[0] ?? 'other';
    kinds.add(kind);
  }
  const [only] = kinds;
  return kinds.size === 1 && only !== 'other' ? only : undefined;
}

const UNIT_PARSERS: readonly [SweepUnit, (value: unknown) => number][] = [['rate', parseRate], ['time', parseDuration], ['MiB', parseSizeMiB]];

function parses(parse: (value: unknown) => number, value: string): boolean {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

/** Equal in base units, allowing for rounding in unit conversion (3000/min vs 50/s). */
export function sameBaseValue(a: number | string, b: number | string): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}

export function parseSweep(raw: unknown, fileLevelKeys: readonly string[]): { axes: SweepAxis[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const axes: SweepAxis[] = [];
  if (raw === undefined) return { axes, problems };
  if (!isPlainObject(raw)) {
    return { axes, problems: [{ path: ['sweep'], message: `expected a mapping of dotted path -> list of values, got ${showValue(raw)}` }] };
  }
  for (const [key, values] of Object.entries(raw)) {
    const at: Path = ['sweep', key];
    const segments = dottedSegments(key, fileLevelKeys, (first) => `${first} cannot be swept: it belongs to the whole file`);
    if (typeof segments === 'string') {
      problems.push({ path: at, message: segments });
      continue;
    }
    if (!Array.isArray(values) || values.length === 0) {
      problems.push({ path: at, message: `expected a non-empty list of values, got ${showValue(values)}` });
      continue;
    }
    const baseValues: (number | string)[] = [];
    let ok = true;
    values.forEach((value, i) => {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        problems.push({ path: [...at, i], message: `a sweep value must be a number, a string or true/false, got ${showValue(value)}` });
        ok = false;
        return;
      }
      const base = toBaseUnits(value);
      const earlier = baseValues.findIndex((b) => sameBaseValue(b, base));
      if (earlier >= 0) {
        problems.push({ path: [...at, i], message: `${showValue(value)} repeats item ${earlier}: each point would run twice` });
        ok = false;
      }
      baseValues.push(base);
    });
    if (ok) axes.push({ key, segments, values: values as SweepScalar[], baseValues });
  }
  // Nested paths would make one axis overwrite the other.
  for (const a of axes) {
    for (const b of axes) {
      if (a !== b && b.segments.length > a.segments.length && a.segments.every((s, i) => s === b.segments[i])) {
        problems.push({ path: ['sweep', b.key], message: `overlaps the sweep path ${a.key}` });
      }
    }
  }
  return { axes, problems };
}

/** Index tuples of the cartesian grid, first axis slowest. One empty point without axes. */
export function gridPoints(axes: readonly SweepAxis[]): number[][] {
  let points: number[][] = [[]];
  for (const axis of axes) {
    const next: number[][] = [];
    for (const point of points) for (let i = 0; i < axis.values.length; i++) next.push([...point, i]);
    points = next;
  }
  return points;
}
