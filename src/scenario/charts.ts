/**
 * The `charts` block: which summary columns to draw against which. `y` is a metric that some
 * platform of the scenario reports (a secure metric beside a native variant: the chart draws the
 * variants that report it and names the others); `x` is such a metric, a sweep path or `variant`;
 * `color` groups by a column that is not a metric: `variant`, `function` or a sweep path. Special
 * forms: `{ x: latency, y: latency.cdf }` draws an ECDF, `{ x: time, y: busy }` a column of
 * timeseries.csv, `{ breakdown: latency, x: variant }` the parts of the mean response time.
 * `reference: { file, x, y, label }` adds points read from a CSV file (chart-reference.ts).
 */
import { z } from 'zod';
import type { Path, Problem } from '../schema/errors.js';
import { showValue } from '../schema/errors.js';
import { metricProblem, type MetricPlace } from './metric-check.js';
import type { ChartSpec, ReferencePoints } from '../schema/types.js';
import { allMetricNames, CDF_DISTRIBUTIONS, TIME_AXIS, timeseriesColumns } from '../metrics/names.js';
import { PARSE_OPTIONS, closestKey, problemsFromZod } from '../schema/zod-issues.js';
import { strictShape } from '../schema/zod-helpers.js';
import { readReference } from './chart-reference.js';

const referenceSchema = strictShape({
  file: z.string().min(1),
  x: z.string().min(1),
  y: z.string().min(1),
  label: z.string().min(1).optional(),
});

const chartSchema = strictShape({
  x: z.string().min(1),
  y: z.string().min(1).optional(),
  color: z.string().min(1).optional(),
  title: z.string().optional(),
  breakdown: z.string().min(1).optional(),
  reference: referenceSchema.optional(),
});

type ChartAsWritten = z.output<typeof chartSchema>;

/** An x axis that is not a metric: the variants side by side. */
const VARIANT_AXIS = 'variant';
/** The x axes of a breakdown: a bar per variant, or per function. */
const BREAKDOWN_AXES = [VARIANT_AXIS, 'function'];

export interface ChartContext {
  /** Sweep paths as written. */
  sweepPaths: readonly string[];
  /** Each platform kind the runs use, with the variants that use it (empty when no run loaded). */
  platforms: readonly MetricPlace[];
  /** The scenario file's folder: reference files are relative to it. */
  folder: string;
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
    const found: Problem[] = [];
    const chart = result.data.breakdown === undefined ? checkChart(result.data, context, found) : checkBreakdown(result.data, context, found);
    let reference: ReferencePoints | undefined;
    if (result.data.reference !== undefined && chart !== undefined) {
      if (chart.breakdown !== undefined || chart.x === VARIANT_AXIS) {
        found.push({ path: ['reference'], message: 'reference points need a numeric x axis: a sweep path, a metric, a distribution or time' });
      } else {
        const read = readReference(result.data.reference, context.folder);
        found.push(...read.problems.map((p) => ({ path: ['reference', ...p.path], message: p.message })));
        reference = read.reference;
      }
    }
    problems.push(...found.map((p) => ({ path: ['charts', i, ...p.path] as Path, message: p.message })));
    if (found.length === 0 && chart !== undefined) charts.push({ ...chart, ...(reference === undefined ? {} : { reference }) });
  });
  return { charts, problems };
}

/** `{ x, y, color, title }`: the axes and the colour checked against the scenario. */
function checkChart(written: ChartAsWritten, context: ChartContext, found: Problem[]): ChartSpec | undefined {
  const { x, y, color, title } = written;
  if (y === undefined) {
    found.push({ path: ['y'], message: 'required, but missing: a chart draws a metric (y), or a breakdown (breakdown: latency)' });
    return undefined;
  }
  if (x === TIME_AXIS) {
    const yProblem = timeseriesProblem(y, context);
    if (yProblem !== undefined) found.push({ path: ['y'], message: yProblem });
  } else if (y.endsWith(CDF_SUFFIX)) {
    const distribution = y.slice(0, -CDF_SUFFIX.length);
    if (!CDF_DISTRIBUTIONS.includes(distribution)) {
      found.push({ path: ['y'], message: `an ECDF is drawn for ${CDF_DISTRIBUTIONS.map((d) => JSON.stringify(d + CDF_SUFFIX)).join(', ')}; got ${JSON.stringify(y)}` });
    } else if (x !== distribution) {
      found.push({ path: ['x'], message: `the x axis of ${y} is its distribution: write x: ${distribution}` });
    }
  } else {
    const yProblem = reportedSomewhere(y, context.platforms);
    if (yProblem !== undefined) found.push({ path: ['y'], message: yProblem });
    const xProblem = axisProblem(x, context);
    if (xProblem !== undefined) found.push({ path: ['x'], message: xProblem });
  }
  const colorProblem = color === undefined ? undefined : groupingProblem(color, context);
  if (colorProblem !== undefined) found.push({ path: ['color'], message: colorProblem });
  return { x, y, ...(color === undefined ? {} : { color }), ...(title === undefined ? {} : { title }) };
}

/** The metrics a breakdown stacks: `<name>.breakdown.<part>`, by the name they break down. */
function breakdownNames(): string[] {
  return [...new Set(allMetricNames().filter((m) => m.includes('.breakdown.')).map((m) => m.slice(0, m.indexOf('.breakdown.'))))];
}

/** `{ breakdown: latency, x: variant | function, title }`: the parts of `latency.mean`, stacked. */
function checkBreakdown(written: ChartAsWritten, context: ChartContext, found: Problem[]): ChartSpec | undefined {
  const breakdown = written.breakdown!;
  const names = breakdownNames();
  if (!names.includes(breakdown)) {
    found.push({ path: ['breakdown'], message: `a breakdown draws the parts of ${names.map((n) => JSON.stringify(n)).join(', ')}; got ${JSON.stringify(breakdown)}` });
    return undefined;
  }
  if (!BREAKDOWN_AXES.includes(written.x)) found.push({ path: ['x'], message: `a breakdown has a bar per ${BREAKDOWN_AXES.join(' or per ')}: write x: ${BREAKDOWN_AXES.join(' or x: ')}; got ${JSON.stringify(written.x)}` });
  if (written.y !== undefined) found.push({ path: ['y'], message: `a breakdown draws the parts of ${breakdown}.mean (marked on each bar): leave out y` });
  if (written.color !== undefined) found.push({ path: ['color'], message: 'the colours of a breakdown are its parts: leave out color' });
  const parts = allMetricNames().filter((m) => m.startsWith(`${breakdown}.breakdown.`));
  if (context.platforms.length > 0 && parts.every((part) => reportedSomewhere(part, context.platforms) !== undefined)) {
    found.push({ path: ['breakdown'], message: `no platform of this scenario reports the parts of ${breakdown} (${parts.join(', ')}): OpenWhisk does` });
  }
  return { breakdown, x: written.x, y: `${breakdown}.mean`, ...(written.title === undefined ? {} : { title: written.title }) };
}

/** `y: latency.cdf` asks for the ECDF of a distribution. */
const CDF_SUFFIX = '.cdf';

/**
 * Why no platform of the scenario reports `metric` (undefined when one does: the chart draws the
 * variants that report it). Unknown names are refused with a guess.
 */
function reportedSomewhere(metric: string, places: readonly MetricPlace[]): string | undefined {
  if (!allMetricNames().includes(metric) || places.length === 0) return metricProblem(metric, places);
  const problems = places.map((place) => metricProblem(metric, [place]));
  return problems.every((p) => p !== undefined) ? problems[0] : undefined;
}

/** A time-series chart's y is a column that some platform of the scenario samples. */
function timeseriesProblem(y: string, context: ChartContext): string | undefined {
  const sampled: string[] = [];
  for (const { kind } of context.platforms) {
    const columns = timeseriesColumns(kind);
    if (columns === undefined || columns.includes(y)) return undefined;
    sampled.push(...columns.filter((c) => !sampled.includes(c)));
  }
  if (context.platforms.length === 0) return undefined;
  const kinds = context.platforms.map(({ kind, variants }) => `${kind} (variant ${variants.map((v) => JSON.stringify(v)).join(', ')})`).join(', ');
  const where = `platform${context.platforms.length > 1 ? 's' : ''} ${kinds}`;
  if (sampled.length === 0) return `x: ${TIME_AXIS} draws timeseries.csv, and ${where} sample${context.platforms.length > 1 ? '' : 's'} no time series`;
  const guess = closestKey(y, sampled);
  return `${JSON.stringify(y)} is not a time-series column of ${where}${guess === undefined ? `; columns: ${sampled.join(', ')}` : ` (did you mean ${JSON.stringify(guess)}?)`}`;
}

function axisProblem(x: string, context: ChartContext): string | undefined {
  if (x === VARIANT_AXIS || context.sweepPaths.includes(x)) return undefined;
  if (allMetricNames().includes(x)) return reportedSomewhere(x, context.platforms);
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
