/**
 * A scenario's `charts` entries as Vega-Lite specs, with the data of the run inlined. What is drawn
 * follows from the axes: a metric against a sweep path (mean and 95 % CI band), against another
 * metric, bars of the variants side by side, an ECDF for `y: <distribution>.cdf`, a time series for
 * `x: time`, a stacked breakdown for `breakdown: latency` (chart-lines.ts, chart-bars.ts). A result
 * of a secure platform also gets its latency breakdown drawn, whether or not the file asks for it.
 */
import { ALL_CHAINS, ALL_FUNCTIONS } from '../aggregate/aggregate.js';
import { metricNames, TIME_AXIS } from '../metrics/names.js';
import { platformKinds } from '../platform/index.js';
import type { ChartSpec } from '../schema/types.js';
import { breakdownChart, breakdownParts, variantChart } from './chart-bars.js';
import { cdfChart, metricChart, sweepChart, timeChart } from './chart-lines.js';
import type { VegaLiteSpec } from './chart-style.js';
import type { TimeSeries } from './chart-timeseries.js';
import type { ResultSummary } from './summary.js';

export type { VegaLiteSpec } from './chart-style.js';

/** The kind of chart an entry asks for, decided by its axes (see the file comment). */
export type ChartKind = 'time' | 'cdf' | 'variant' | 'sweep' | 'metric' | 'breakdown';

export function chartKind(chart: ChartSpec, summary: ResultSummary): ChartKind {
  if (chart.breakdown !== undefined) return 'breakdown';
  if (chart.x === TIME_AXIS) return 'time';
  if (chart.y.endsWith('.cdf')) return 'cdf';
  if (chart.x === 'variant') return 'variant';
  return summary.scenario.sweepPaths.includes(chart.x) ? 'sweep' : 'metric';
}

/**
 * The Vega-Lite spec of one chart entry. `timeseries` is what timeseries.csv holds for the
 * chart's column (time charts only); a time chart without it is undefined (nothing to draw).
 */
export function chartSpec(chart: ChartSpec, summary: ResultSummary, timeseries?: TimeSeries): VegaLiteSpec | undefined {
  const color = chart.color ?? 'variant';
  const kind = chartKind(chart, summary);
  switch (kind) {
    case 'breakdown':
      return breakdownChart(chart, summary);
    case 'time':
      return timeseries === undefined ? undefined : timeChart(chart, summary, color, timeseries);
    case 'cdf':
      return cdfChart(chart, summary, color);
    case 'variant':
      return variantChart(chart, summary, color);
    case 'sweep':
      return sweepChart(chart, summary, color);
    case 'metric':
      return metricChart(chart, summary, color);
  }
}

/** The breakdown every secure result gets. */
export const LATENCY_BREAKDOWN: ChartSpec = { breakdown: 'latency', x: 'variant', y: 'latency.mean' };

/**
 * Charts drawn whatever the file says: the latency breakdown of a result whose runs report parts
 * beyond the native platforms' (enclave creation, attestation, paging, the gateway ...), unless
 * the file draws a breakdown itself.
 */
export function automaticCharts(summary: ResultSummary): ChartSpec[] {
  if (summary.scenario.charts.some((c) => c.breakdown !== undefined)) return [];
  const native = new Set(platformKinds().flatMap((kind) => metricNames(kind) ?? []));
  const secureParts = breakdownParts('latency').filter((part) => !native.has(part));
  const whole = summary.groups.filter((g) => g.function === ALL_FUNCTIONS && g.chain === ALL_CHAINS);
  return whole.some((g) => secureParts.some((part) => g.metrics.includes(part))) ? [LATENCY_BREAKDOWN] : [];
}

/** Lower-case words joined by `-`, cut at a word under `max` characters (a title's; what a chart draws is short already). */
function slug(text: string, max = Infinity): string {
  const words = text.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  if (words.length <= max) return words;
  const cut = words.slice(0, max + 1);
  return cut.slice(0, Math.max(cut.lastIndexOf('-'), 1)).replace(/[-.]+$/, '');
}

/** The short name of an axis in a file name: a path into the file by its last word (`poisson`, `heap`), a metric as is. */
function shortAxis(x: string): string {
  const segments = x.split('.');
  if (!/^(workload|functions|platform|hardware|chains)$/.test(segments[0]) || segments.length === 1) return x;
  return segments.filter((s) => !/^\d+$/.test(s)).at(-1)!;
}

/** The file-name stem of a chart: its title, or what it draws (`latency.p99-by-poisson`, `latency-breakdown`). */
function chartStem(c: ChartSpec): string {
  if (c.title !== undefined) return slug(c.title, 40);
  if (c.breakdown !== undefined) return slug(`${c.breakdown}-breakdown${c.x === 'variant' ? '' : `-by-${c.x}`}`);
  if (c.y.endsWith('.cdf')) return slug(c.y);
  if (c.x === TIME_AXIS) return slug(`${c.y}-over-time`);
  return slug(`${c.y}-by-${shortAxis(c.x)}`);
}

/** File-name stem of each chart, made safe and short; a repeated stem gets -2, -3, ... */
export function chartNames(charts: readonly ChartSpec[]): string[] {
  const seen = new Map<string, number>();
  return charts.map((c) => {
    const stem = chartStem(c) || 'chart';
    const count = (seen.get(stem) ?? 0) + 1;
    seen.set(stem, count);
    return count === 1 ? stem : `${stem}-${count}`;
  });
}
