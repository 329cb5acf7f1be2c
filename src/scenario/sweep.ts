/**
 * The `sweep` block: dotted paths, each with a list of values; the runs cover their cartesian
 * grid, the first path varying slowest. The lists under `zip` are linked item by item (one
 * dimension of the grid) instead of crossed. Point values are reported in base units so that a
 * result row says 50 (per second), not "3000/min". An axis is its list of values, or
 * `{ values: [...], label: offered load }` when the charts should call it something else than its path.
 */
import type { Path, Problem } from '../schema/errors.js';
import { formatPath, showValue } from '../schema/errors.js';
import { dottedSegments } from './patch.js';
import { parseDuration, parseRate, parseSizeMiB } from '../schema/units.js';
import { isPlainObject } from '../schema/zod-helpers.js';
import type { SweepUnit } from '../schema/types.js';

export type SweepScalar = string | number | boolean;

export interface SweepAxis {
  /** The dotted path as written, e.g. `workload.0.arrivals.poisson`. */
  key: string;
  segments: string[];
  values: SweepScalar[];
  /** The same values in base units (what RunSpec.point holds). */
  baseValues: (number | string)[];
  /** Where the list is in the file: `['sweep', key]`, or `['sweep', 'zip', key]` for a linked axis. */
  source: Path;
  /** The grid dimension it moves along: linked (zipped) axes share one, every other axis has its own. */
  dimension: number;
  /** What the charts call the axis (words; the unit is added), when the file names it. */
  label?: string;
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

/** The sweep key whose mapping links its lists item by item, rather than crossing them. */
export const ZIP_KEY = 'zip';

export function parseSweep(raw: unknown, fileLevelKeys: readonly string[]): { axes: SweepAxis[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const axes: SweepAxis[] = [];
  if (raw === undefined) return { axes, problems };
  if (!isPlainObject(raw)) {
    return { axes, problems: [{ path: ['sweep'], message: `expected a mapping of dotted path -> list of values, got ${showValue(raw)}` }] };
  }
  let dimension = 0;
  for (const [key, values] of Object.entries(raw)) {
    if (key !== ZIP_KEY) {
      const axis = parseAxis(key, values, ['sweep', key], dimension++, fileLevelKeys, problems);
      if (axis) axes.push(axis);
      continue;
    }
    // zip: { a: [...], b: [...] }, or a list of such mappings for several linked groups
    const groups: [unknown, Path][] = Array.isArray(values) ? values.map((g, i) => [g, ['sweep', ZIP_KEY, i]]) : [[values, ['sweep', ZIP_KEY]]];
    if (groups.length === 0) problems.push({ path: ['sweep', ZIP_KEY], message: 'expected a mapping of dotted path -> list of values (or a list of such mappings), got []' });
    for (const [group, at] of groups) {
      const linked = parseZipGroup(group, at, dimension++, fileLevelKeys, problems);
      axes.push(...linked);
    }
  }
  for (const a of axes) {
    for (const b of axes) {
      if (a === b) continue;
      // Nested paths would make one axis overwrite the other.
      if (b.segments.length > a.segments.length && a.segments.every((s, i) => s === b.segments[i])) {
        problems.push({ path: b.source, message: `overlaps the sweep path ${a.key}` });
      }
      if (a.key === b.key && axes.indexOf(a) < axes.indexOf(b)) problems.push({ path: b.source, message: `${b.key} is swept twice (also at ${formatPath(a.source)})` });
    }
  }
  return { axes, problems };
}

/** One list of values; a repeated value is a problem unless `linked` (then only a repeated tuple is). */
function parseAxis(key: string, values: unknown, at: Path, dimension: number, fileLevelKeys: readonly string[], problems: Problem[], linked = false): SweepAxis | undefined {
  const segments = dottedSegments(key, fileLevelKeys, (first) => `${first} cannot be swept: it belongs to the whole file`);
  if (typeof segments === 'string') {
    problems.push({ path: at, message: segments });
    return undefined;
  }
  const labelled = labelledAxis(values, at, problems);
  if (labelled === undefined) return undefined;
  const { label } = labelled;
  values = labelled.values;
  at = labelled.at;
  if (!Array.isArray(values) || values.length === 0) {
    problems.push({ path: at, message: `expected a non-empty list of values (or { values: [...], label: words }), got ${showValue(values)}` });
    return undefined;
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
    if (earlier >= 0 && !linked) {
      problems.push({ path: [...at, i], message: `${showValue(value)} repeats item ${earlier}: each point would run twice` });
      ok = false;
    }
    baseValues.push(base);
  });
  return ok ? { key, segments, values: values as SweepScalar[], baseValues, source: at, dimension, ...(label === undefined ? {} : { label }) } : undefined;
}

/** The keys of an axis written as a mapping. */
const AXIS_KEYS = ['values', 'label'];

/**
 * `{ values: [...], label: words }` as its list (located at `values`) and label; a list as itself.
 * Undefined (with a problem) for a mapping that is not one.
 */
function labelledAxis(raw: unknown, at: Path, problems: Problem[]): { values: unknown; label?: string; at: Path } | undefined {
  if (!isPlainObject(raw)) return { values: raw, at };
  const unknown = Object.keys(raw).filter((k) => !AXIS_KEYS.includes(k));
  for (const key of unknown) problems.push({ path: [...at, key], message: `unknown key ${JSON.stringify(key)}: an axis is a list of values, or { values: [...], label: words }` });
  if (raw.label !== undefined && (typeof raw.label !== 'string' || raw.label.trim() === '')) {
    problems.push({ path: [...at, 'label'], message: `a label is the axis's name in words, got ${showValue(raw.label)}` });
    return undefined;
  }
  if (unknown.length > 0) return undefined;
  return { values: raw.values, at: [...at, 'values'], ...(raw.label === undefined ? {} : { label: raw.label as string }) };
}

/** A zip group: its lists linked item by item, so they must be as long as each other and no item tuple repeat. */
function parseZipGroup(group: unknown, at: Path, dimension: number, fileLevelKeys: readonly string[], problems: Problem[]): SweepAxis[] {
  if (!isPlainObject(group) || Object.keys(group).length === 0) {
    problems.push({ path: at, message: `zip links lists item by item: expected a mapping of dotted path -> list of values, got ${showValue(group)}` });
    return [];
  }
  const axes: SweepAxis[] = [];
  for (const [key, values] of Object.entries(group)) {
    const axis = parseAxis(key, values, [...at, key], dimension, fileLevelKeys, problems, true);
    if (axis) axes.push(axis);
  }
  if (axes.length === 0) return [];
  const first = axes[0];
  const unequal = axes.filter((a) => a.values.length !== first.values.length);
  for (const a of unequal) {
    problems.push({ path: a.source, message: `zip links its lists item by item: expected ${first.values.length} values (as ${first.key}), got ${a.values.length}` });
  }
  if (unequal.length > 0) return [];
  const tuples = first.values.map((_, i) => axes.map((a) => a.baseValues[i]));
  tuples.forEach((tuple, i) => {
    const earlier = tuples.findIndex((t, j) => j < i && t.every((v, a) => sameBaseValue(v, tuple[a])));
    if (earlier >= 0) problems.push({ path: [...first.source, i], message: `item ${i} of every zipped list repeats item ${earlier}: the point would run twice` });
  });
  return axes;
}

/**
 * Index tuples (one index per axis) of the grid: the cartesian product of the dimensions, first
 * dimension slowest; the linked axes of a zip move together. One empty point without axes.
 */
export function gridPoints(axes: readonly SweepAxis[]): number[][] {
  const dimensions = [...new Set(axes.map((a) => a.dimension))];
  let points: number[][] = [[]];
  for (const dimension of dimensions) {
    const length = axes.find((a) => a.dimension === dimension)!.values.length;
    const next: number[][] = [];
    for (const point of points) for (let i = 0; i < length; i++) next.push([...point, i]);
    points = next;
  }
  // per dimension -> per axis
  return points.map((byDimension) => axes.map((a) => byDimension[dimensions.indexOf(a.dimension)]));
}
