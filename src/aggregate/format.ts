/** Number and table formatting for the terminal (summary and claim tables). */
import type { Quantity } from '../model/metric-registry.js';
import { metricQuantity } from '../metrics/names.js';

/** Digits a plain number is shown with. */
const SIGNIFICANT_DIGITS = 4;

/** Four significant digits, no trailing zeros; '-' for no value. */
export function formatNumber(x: number, significant = SIGNIFICANT_DIGITS): string {
  if (Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  return String(Number(x.toPrecision(significant)));
}

/**
 * `mean ± halfWidth`, the half-width to two significant digits and the mean to the same decimal
 * place: digits beyond the interval's precision are noise. An interval far narrower than the mean
 * (float noise between replications that agree: ± 1e-12) stops at the mean's fourth significant
 * digit, as a plain number does: `22.75 ± 0.00`. Just the mean when there is no interval.
 */
export function formatEstimate(mean: number, halfWidth: number): string {
  if (!Number.isFinite(mean) || !Number.isFinite(halfWidth)) return formatNumber(mean);
  if (halfWidth === 0) return `${formatNumber(mean)} ± 0`;
  const rounded = Number(Math.abs(halfWidth).toPrecision(2));
  const exponent = Math.floor(Math.log10(rounded));
  const meanDecimals = mean === 0 ? Infinity : SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(Math.abs(mean)));
  const decimals = Math.min(15, Math.max(0, Math.min(1 - exponent, meanDecimals)));
  if (1 - exponent > 0) return `${mean.toFixed(decimals)} ± ${rounded.toFixed(decimals)}`;
  const step = 10 ** (exponent - 1);
  return `${Math.round(mean / step) * step} ± ${rounded}`;
}

/** An estimate across replications, times `factor`: mean ± half-width, or the mean alone with one replication (no interval). */
export function formatEstimateOf(e: { n: number; mean: number; halfWidth: number }, factor = 1): string {
  return e.n >= 2 ? formatEstimate(e.mean * factor, e.halfWidth * factor) : formatNumber(e.mean * factor);
}

/**
 * An estimate with its interval, times `factor`: `mean ± half-width` when the interval is the
 * Student-t one, `mean [low, high]` when it is not symmetric about the mean (widened by a
 * quantile's sketch error or clipped to a metric's range, see judgedEstimate), so the interval
 * shown is the one judged, to the digit of a claim's; the mean alone with one replication.
 */
export function formatInterval(e: { n: number; mean: number; halfWidth: number; low: number; high: number }, factor = 1): string {
  if (e.n < 2) return formatNumber(e.mean * factor);
  const tolerance = 1e-12 * Math.max(1, Math.abs(e.mean));
  const symmetric = Math.abs(e.mean - e.halfWidth - e.low) <= tolerance && Math.abs(e.mean + e.halfWidth - e.high) <= tolerance;
  if (symmetric) return formatEstimate(e.mean * factor, e.halfWidth * factor);
  return `${formatNumber(e.mean * factor)} [${formatNumber(e.low * factor)}, ${formatNumber(e.high * factor)}]`;
}

/** How each quantity is shown: times in ms (they are seconds inside), rates per second, sizes in MiB. */
const DISPLAY_UNITS: Record<Quantity, { factor: number; unit: string }> = {
  time: { factor: 1000, unit: 'ms' },
  rate: { factor: 1, unit: '/s' },
  MiB: { factor: 1, unit: 'MiB' },
  count: { factor: 1, unit: '' },
  ratio: { factor: 1, unit: '' },
};

/**
 * Larger units for values that are settings rather than measurements (a sweep's `10s` pause
 * grace, `4GiB` of memory): used from `from` (in base units) up.
 */
const LARGER_UNITS: Partial<Record<Quantity, { factor: number; unit: string; from: number }>> = {
  time: { factor: 1, unit: 's', from: 1 },
  MiB: { factor: 1 / 1024, unit: 'GiB', from: 1024 },
};

/** A value of a quantity (base units in) with its display unit, the larger one when it is large: `50 ms`, `10 s`, `1 GiB`. */
export function formatQuantity(quantity: Quantity | undefined, x: number): string {
  if (quantity === undefined) return formatNumber(x);
  const larger = LARGER_UNITS[quantity];
  return withUnit(x, larger !== undefined && Math.abs(x) >= larger.from ? larger : DISPLAY_UNITS[quantity]);
}

function withUnit(x: number, { factor, unit }: { factor: number; unit: string }): string {
  const text = formatNumber(x * factor);
  return unit && Number.isFinite(x) ? `${text} ${unit}` : text;
}

/** How a metric is shown: in the display unit of its declared quantity; an undeclared one as is. */
export function displayUnit(metric: string): { factor: number; unit: string } {
  const quantity = metricQuantity(metric);
  return quantity === undefined ? { factor: 1, unit: '' } : DISPLAY_UNITS[quantity];
}

/** A metric value in its display unit, e.g. 0.0213 for latency.p50 -> "21.3 ms". */
export function formatMetricValue(metric: string, x: number): string {
  return withUnit(x, displayUnit(metric));
}

/**
 * A number of a claim: a ratio plain, to `ratioDigits` significant digits (bounds as written show
 * 6, measured ratios 4); a value in its metric's display unit.
 */
export function formatClaimNumber(kind: 'value' | 'ratio', metric: string, x: number, ratioDigits = 4): string {
  return kind === 'ratio' ? formatNumber(x, ratioDigits) : formatMetricValue(metric, x);
}

export interface TableOptions {
  /** Columns to right-align (numbers). */
  right?: readonly boolean[];
  /** ANSI bold header; only when printing to a terminal. */
  color?: boolean;
}

/** Plain aligned columns, two spaces apart, a dashed rule under the header. */
export function alignTable(header: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (options.right?.[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const head = line(header);
  const out = [options.color ? `\u001b[1m${head}\u001b[0m` : head, widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of rows) out.push(line(header.map((_, c) => row[c] ?? '')));
  return out.join('\n') + '\n';
}
