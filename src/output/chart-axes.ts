/**
 * Chart axes a reader can read: titles in words with their unit (`median latency (ms)`, `arrival
 * rate (/s)`, `input (KiB)`), the unit picked from the data (sizes in KiB, MiB or GiB, times in us,
 * ms or s), proportions as percentages, log scales bounded by the data, and numbers rounded to
 * their confidence interval in tooltips.
 */
import type { Quantity } from '../model/metric-registry.js';
import { formatEstimate, formatNumber } from '../aggregate/format.js';
import { metricQuantity } from '../metrics/names.js';
import { parseSweep, sweepUnitOf, type SweepAxis } from '../scenario/sweep.js';
import type { Scenario } from '../schema/types.js';

export interface Axis {
  /** Words and unit: `median latency (ms)`. */
  title: string;
  /** Base units x factor = the numbers on the axis. */
  factor: number;
  /** The unit shown ('' for none). */
  unit: string;
}

interface Unit {
  factor: number;
  unit: string;
}

const PLAIN: Unit = { factor: 1, unit: '' };

/** The display unit of a quantity for these values (base units): the one that keeps the smallest of them at 1 or more. */
export function unitFor(quantity: Quantity | undefined, values: readonly (number | null | undefined)[]): Unit {
  const sizes = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v !== 0).map(Math.abs);
  const min = sizes.length > 0 ? Math.min(...sizes) : NaN;
  const max = sizes.length > 0 ? Math.max(...sizes) : NaN;
  switch (quantity) {
    case 'time':
      // milliseconds unless everything is below one or at least a second
      return max < 1e-3 ? { factor: 1e6, unit: 'us' } : min >= 1 ? { factor: 1, unit: 's' } : { factor: 1e3, unit: 'ms' };
    case 'MiB':
      return min < 1 ? { factor: 1024, unit: 'KiB' } : min >= 1048576 ? { factor: 1 / 1048576, unit: 'TiB' } : min >= 1024 ? { factor: 1 / 1024, unit: 'GiB' } : { factor: 1, unit: 'MiB' };
    case 'rate':
      return { factor: 1, unit: '/s' };
    case 'ratio':
      return { factor: 100, unit: '%' };
    default:
      return PLAIN;
  }
}

function axis(words: string, unit: Unit): Axis {
  return { title: unit.unit === '' ? words : `${words} (${unit.unit})`, ...unit };
}

/** What a statistic suffix says in words. */
const STATISTIC_WORDS: Record<string, string> = { mean: 'mean', max: 'peak', p50: 'median', p90: '90th percentile', p99: '99th percentile', p999: '99.9th percentile' };
const ACRONYMS: Record<string, string> = { epc: 'EPC', cpu: 'CPU', sgx: 'SGX', ecdf: 'ECDF' };

/** `coldStartRatio` -> `cold start ratio`, `epc` -> `EPC`. */
export function words(segment: string): string {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(' ')
    .map((w) => ACRONYMS[w] ?? w)
    .join(' ');
}

/** A metric in words: `latency.p99` -> `99th percentile latency`, `latency.breakdown.paging` -> `latency breakdown: paging`. */
export function metricWords(metric: string): string {
  const segments = metric.split('.');
  const breakdown = segments.indexOf('breakdown');
  if (breakdown > 0) return `${segments.slice(0, breakdown).map(words).join(' ')} breakdown: ${segments.slice(breakdown + 1).map(words).join(' ')}`;
  const statistic = STATISTIC_WORDS[segments[segments.length - 1]];
  const rest = statistic === undefined ? segments : segments.slice(0, -1);
  const text = rest.map(words).join(' ');
  return statistic === undefined ? (metric === 'offered' ? 'offered load' : text) : `${statistic} ${text}`;
}

/** A metric's axis: words, and the unit of its quantity that suits `values` (base units). */
export function metricAxis(metric: string, values: readonly (number | null | undefined)[]): Axis {
  return axis(metricWords(metric), unitFor(metricQuantity(metric), values));
}

/** A distribution's values (`latency` of an ECDF): a time. */
export function distributionAxis(distribution: string, values: readonly (number | null | undefined)[]): Axis {
  return axis(words(distribution), unitFor('time', values));
}

/** A time-series column: its unit from its name (`memoryUsedMiB`, `pagedOutPerSecond`), summed over the sampled entities. */
export function timeseriesAxis(column: string, entity: string | undefined, values: readonly (number | null | undefined)[]): Axis {
  const [stem, quantity]: [string, Quantity] = column.endsWith('MiB') ? [column.slice(0, -3), 'MiB'] : column.endsWith('PerSecond') ? [column.slice(0, -9), 'rate'] : [column, 'count'];
  const over = entity === undefined ? '' : `, all ${words(entity)}s`;
  return axis(`${words(stem)}${over}`, unitFor(quantity, values));
}

/** Paths whose meaning is better said than spelt out; `$1` is the index of the entry. */
const PATH_WORDS: [RegExp, string][] = [
  [/^workload\.(\d+)\.arrivals\.(poisson|constant)$/, 'arrival rate'],
  [/^workload\.(\d+)\.arrivals\.closedLoop\.clients$/, 'clients'],
  [/^functions\.(\d+)\.count$/, 'number of functions'],
  [/^scale$/, 'load scale'],
];

/** Segments that only say where a key sits in the file. */
const CONTAINERS = new Set(['platform', 'hardware', 'functions', 'workload', 'security', 'arrivals']);

/**
 * A sweep path in words, when the file gives it no `label`: `workload.0.arrivals.poisson` ->
 * `arrival rate`, `functions.0.enclave.heap` -> `enclave heap`, `platform.pauseGrace` -> `pause
 * grace`; an entry other than the first is named (`arrival rate of workload 1`).
 */
export function readablePath(path: string): string {
  const segments = path.split('.');
  const index = segments.find((s) => /^\d+$/.test(s));
  const entry = index !== undefined && index !== '0' ? ` of ${segments[0] === 'functions' ? 'function' : segments[0]} ${index}` : '';
  const known = PATH_WORDS.find(([pattern]) => pattern.test(path));
  if (known !== undefined) return `${known[1]}${entry}`;
  const named = segments.filter((s) => !/^\d+$/.test(s));
  const last = named[named.length - 1];
  const parent = named.length >= 2 && !CONTAINERS.has(named[named.length - 2]) ? `${words(named[named.length - 2])} ` : '';
  return `${parent}${words(last)}${entry}`;
}

/** The sweep axes as the file wrote them (labels and values with units), from the scenario's source. */
export function sweepAxesOf(scenario: Scenario): SweepAxis[] {
  let axes = writtenAxes.get(scenario);
  if (axes === undefined) {
    const sweep = (scenario.source as { sweep?: unknown } | undefined)?.sweep;
    axes = sweep === undefined ? [] : parseSweep(sweep, []).axes;
    writtenAxes.set(scenario, axes);
  }
  return axes;
}

const writtenAxes = new WeakMap<Scenario, SweepAxis[]>();

/** A sweep path's axis: its label (or the path in words) and the unit its values were written in. */
export function sweepAxis(scenario: Scenario, path: string, values: readonly (number | null | undefined)[]): Axis {
  const written = sweepAxesOf(scenario).find((a) => a.key === path);
  const quantity = (written === undefined ? undefined : sweepUnitOf(written.values)) ?? scenario.sweepUnits?.[path];
  return axis(written?.label ?? readablePath(path), quantity === undefined ? PLAIN : unitFor(quantity, values));
}

/**
 * A sweep value with its unit as a person reads it (`7.14 us`, `64 MiB`, `20 /s`), a string as
 * written: the unit of the path's axis, chosen from all the path's values in the scenario, so the
 * summary table, a chart's legend, the report and a claim's point say a value alike.
 */
export function sweepValueText(scenario: Scenario, path: string, value: number | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  // the value itself too: a result read back may hold a point its scenario's runs no longer list
  const axis = sweepAxis(scenario, path, [...pathValues(scenario, path), value]);
  return shownValue(value * axis.factor, axis.unit);
}

/** The numbers a sweep path takes over the scenario's runs (remembered: a table asks once a row). */
function pathValues(scenario: Scenario, path: string): number[] {
  let paths = sweptValues.get(scenario);
  if (paths === undefined) sweptValues.set(scenario, (paths = new Map()));
  let values = paths.get(path);
  if (values === undefined) {
    values = [...new Set(scenario.runs.map((r) => r.point[path]).filter((v): v is number => typeof v === 'number'))];
    paths.set(path, values);
  }
  return values;
}

const sweptValues = new WeakMap<Scenario, Map<string, number[]>>();

/** Finite numbers among chart values. */
export function finite(values: readonly (number | string | null | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/**
 * Log when the values that decide (the means, not their bands) are positive and span two decades
 * or more; its domain is the data's (no rounding out to powers of ten), with room for the markers
 * at its ends, and a band reaching 0 is clamped to its bottom. Linear otherwise.
 */
export function scaleFor(values: readonly (number | string | null | undefined)[], bands: readonly (number | string | null | undefined)[] = []): Record<string, unknown> {
  const xs = finite(values);
  if (xs.length === 0) return { zero: false };
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  if (!(min > 0 && max / min >= 100)) return { zero: false };
  const all = [...xs, ...finite(bands).filter((b) => b > 0)];
  return { type: 'log', domain: [Math.min(...all), Math.max(...all)], nice: false, clamp: true, padding: 8 };
}

/** A mean and its 95 % CI half-width as the tooltips show it: digits to the interval's precision, with the unit. */
export function shownEstimate(mean: number | null, halfWidth: number | null, unit: string): string {
  if (mean === null) return '-';
  const text = halfWidth === null || !Number.isFinite(halfWidth) ? formatNumber(mean) : formatEstimate(mean, halfWidth);
  return unit === '' ? text : `${text} ${unit}`;
}

/** A value with its unit, four significant digits. */
export function shownValue(value: number | string | null, unit: string): string {
  if (typeof value !== 'number') return value ?? '-';
  return unit === '' ? formatNumber(value) : `${formatNumber(value)} ${unit}`;
}
