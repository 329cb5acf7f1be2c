/**
 * The `charts` block: which summary columns to draw against which. `y` is a metric of every
 * platform the scenario runs on; `x` is such a metric, a sweep path or `variant`; `color` groups by a
 * column that is not a metric: `variant`, `function` or a sweep path. Two special forms:
 * `{ x: latency, y: latency.cdf }` draws an ECDF, `{ x: time, y: busy }` a column of timeseries.csv.
 */
import { z } from 'zod';
import type { Problem } from '../schema/errors.js';
import { showValue } from '../schema/errors.js';
import { metricProblem, type MetricPlace } from './metric-check.js';
import type { ChartSpec } from '../schema/types.js';
import { allMetricNames, CDF_DISTRIBUTIONS, TIME_AXIS, timeseriesColumns } from '../metrics/names.js';
import { PARSE_OPTIONS, closestKey, problemsFromZod } from '../schema/zod-issues.js';
import { strictShape } from '../schema/zod-helpers.js';

const chartSchema = strictShape({
  x: z.string().min(1),
  y: z.string().min(1),
  color: z.string().min(1).optional(),
  title: z.string().optional(),
});

/** An x axis that is not a metric: the variants side by side. */
const VARIANT_AXIS = 'variant';

export interface ChartContext {
  /** Sweep paths as written. */
  sweepPaths: readonly string[];
  /** Each platform kind the runs use, with the variants that use it (empty when no run loaded). */
  platforms: readonly MetricPlace[];
}

export function parseCharts(raw: unknown, context: ChartContext): { charts: ChartSpec[]; problems: Problem[] } {
  if (raw === undefined || raw === null) return { charts: [], problems: [] };
  if (!Array.isArray(raw)) return { charts: [], problems: [{ path: ['charts'], message: `expected a list of charts, got ${showValue(raw)}` }] };
  const charts: ChartSpec[] = [];
  const problems: Problem[] = [];
  raw.forEach((item, i) => {
    const result = chartSchema.safeParse(item, PARSE_OPTIONS);
    if (!result.success) {
      problems.push(...problemsFromZod(result.error.issues, ['charts', i]));
      return;
    }
    const { x, y, color, title } = result.data;
    const found: Problem[] = [];
    const where = (key: string) => ['charts', i, key];
    if (x === TIME_AXIS) {
      const yProblem = timeseriesProblem(y, context);
      if (yProblem !== undefined) found.push({ path: where('y'), message: yProblem });
    } else if (y.endsWith(CDF_SUFFIX)) {
      const distribution = y.slice(0, -CDF_SUFFIX.length);
      if (!CDF_DISTRIBUTIONS.includes(distribution)) {
        found.push({ path: where('y'), message: `an ECDF is drawn for ${CDF_DISTRIBUTIONS.map((d) => JSON.stringify(d + CDF_SUFFIX)).join(', ')}; got ${JSON.stringify(y)}` });
      } else if (x !== distribution) {
        found.push({ path: where('x'), message: `the x axis of ${y} is its distribution: write x: ${distribution}` });
      }
    } else {
      const yProblem = metricProblem(y, context.platforms);
      if (yProblem !== undefined) found.push({ path: where('y'), message: yProblem });
      const xProblem = axisProblem(x, context);
      if (xProblem !== undefined) found.push({ path: where('x'), message: xProblem });
    }
    const colorProblem = color === undefined ? undefined : groupingProblem(color, context);
    if (colorProblem !== undefined) found.push({ path: ['charts', i, 'color'], message: colorProblem });
    problems.push(...found);
    if (found.length === 0) charts.push({ x, y, ...(color === undefined ? {} : { color }), ...(title === undefined ? {} : { title }) });
  });
  return { charts, problems };
}

/** `y: latency.cdf` asks for the ECDF of a distribution. */
const CDF_SUFFIX = '.cdf';

/** A time-series chart's y is a column every platform of the scenario samples. */
function timeseriesProblem(y: string, context: ChartContext): string | undefined {
  for (const { kind, variants } of context.platforms) {
    const columns = timeseriesColumns(kind);
    if (columns === undefined || columns.includes(y)) continue;
    const where = `platform ${kind} (variant ${variants.map((v) => JSON.stringify(v)).join(', ')})`;
    if (columns.length === 0) return `x: ${TIME_AXIS} draws timeseries.csv, and ${where} samples no time series`;
    const guess = closestKey(y, columns);
    return `${JSON.stringify(y)} is not a time-series column of ${where}${guess === undefined ? `; columns: ${columns.join(', ')}` : ` (did you mean ${JSON.stringify(guess)}?)`}`;
  }
  return undefined;
}

function axisProblem(x: string, context: ChartContext): string | undefined {
  if (x === VARIANT_AXIS || context.sweepPaths.includes(x)) return undefined;
  if (allMetricNames().includes(x)) return metricProblem(x, context.platforms);
  const choices = [...allMetricNames(), ...context.sweepPaths, VARIANT_AXIS, TIME_AXIS];
  const guess = closestKey(x, choices);
  const paths = context.sweepPaths.length > 0 ? `a sweep path (${context.sweepPaths.join(', ')})` : 'a sweep path (the file has no sweep)';
  return `${JSON.stringify(x)} is not a metric, ${paths}, ${VARIANT_AXIS} or ${TIME_AXIS}${guess === undefined ? '' : ` (did you mean ${JSON.stringify(guess)}?)`}`;
}

/** Columns of summary.csv that group rows rather than measure them. */
const GROUPINGS = [VARIANT_AXIS, 'function'];

function groupingProblem(color: string, context: ChartContext): string | undefined {
  const choices = [...GROUPINGS, ...context.sweepPaths];
  if (choices.includes(color)) return undefined;
  const guess = closestKey(color, choices);
  return `color groups by ${choices.map((c) => JSON.stringify(c)).join(', ')}; got ${JSON.stringify(color)}${guess === undefined ? '' : ` (did you mean ${JSON.stringify(guess)}?)`}`;
}
