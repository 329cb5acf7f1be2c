/**
 * The result pipeline: a run is aggregated once into a ResultSummary (groups with each
 * replication's values and quantile grids, plus the claim verdicts), and every writer (summary.csv,
 * summary.json, the table, charts, the report) reads that object. `summaryFromJson` rebuilds the
 * same object from a summary.json, so `report` and `compare` work on a result folder alone.
 */
import { z } from 'zod';
import type { ClaimVerdict } from '../claims/evaluate.js';
import { evaluateClaims } from '../claims/evaluate.js';
import { aggregate, aggregated, ALL_FUNCTIONS, type AggregatedResult, type ResultInput } from '../aggregate/aggregate.js';
import type { Metrics } from '../model/metrics.js';
import type { ReplicationResult } from '../run/types.js';
import type { ChartSpec, Scenario } from '../schema/types.js';
import { ScenarioError, type Problem } from '../schema/errors.js';
import { parseSource } from '../schema/yaml-source.js';
import { problemsFromZod, PARSE_OPTIONS } from '../schema/zod-issues.js';
import { formatPath } from '../schema/errors.js';

export interface ResultSummary extends AggregatedResult {
  /** Claim verdicts, when the scenario states claims. */
  verdicts?: ClaimVerdict[];
}

/** Aggregates once and evaluates the claims on that aggregate. A summary passes through unchanged. */
export function summarize(input: ResultInput | ResultSummary): ResultSummary {
  if ('groups' in input && 'verdicts' in input) return input;
  const result = aggregated(input);
  return result.scenario.claims.length > 0 ? { ...result, verdicts: evaluateClaims(result) } : result;
}

/** JSON numbers: null is no observation (NaN); "Infinity" strings are infinities (see jsonSafeNumber). */
const jsonNumber = z.union([z.number(), z.null(), z.enum(['Infinity', '-Infinity'])]).transform((v) => {
  if (v === null) return NaN;
  if (typeof v === 'number') return v;
  return v === 'Infinity' ? Infinity : -Infinity;
});

const valueRow = z.object({
  variant: z.string(),
  pointIndex: z.number().int().min(0),
  point: z.record(z.string(), z.union([z.number(), z.string()])),
  function: z.string(),
  chain: z.string().optional(),
  replication: z.number().int().min(1),
  metrics: z.record(z.string(), jsonNumber),
  quantiles: z.record(z.string(), z.array(jsonNumber)).optional(),
});
const statisticRow = z.object({ statistic: z.string() });
/** A chart as summary.json holds it: reference points inlined, so a report needs no other file. */
const chartRow = z.object({
  x: z.string(),
  y: z.string(),
  color: z.string().optional(),
  title: z.string().optional(),
  breakdown: z.string().optional(),
  reference: z.object({ file: z.string(), x: z.string(), y: z.string(), label: z.string(), points: z.array(z.object({ x: z.number(), y: z.number() })) }).optional(),
});

const summaryDocument = z.object({
  secfaas: z.string(),
  scenario: z.string(),
  file: z.string(),
  description: z.string().optional(),
  seed: z.number(),
  replications: z.number(),
  resolved: z.object({
    variants: z.array(z.string()),
    baseline: z.string().optional(),
    sweepPaths: z.array(z.string()),
    runs: z.array(z.unknown()),
    charts: z.array(chartRow).default([]),
  }),
  source: z.unknown(),
  results: z.array(z.union([valueRow, statisticRow])),
  claims: z.array(z.record(z.string(), z.unknown())).optional(),
});

/**
 * Reads summary.json text back into the summary it was written from: the per-replication rows
 * are aggregated again (the statistic rows are derived, so they are not read). Bad input is a
 * ScenarioError located in `file` (line, column, path).
 */
export function summaryFromJson(text: string, file: string): ResultSummary {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const parsed = parseSource(text);
    const problems = 'problems' in parsed ? parsed.problems : [{ line: 1, column: 1, message: 'not JSON' }];
    throw new ScenarioError(problems.map((p) => ({ file, line: p.line, column: p.column, path: '', message: `not a summary.json: ${p.message}` })));
  }
  const parsedDoc = summaryDocument.safeParse(data, PARSE_OPTIONS);
  if (!parsedDoc.success) throw located(text, file, problemsFromZod(parsedDoc.error.issues));
  const doc = parsedDoc.data;
  const byRun = new Map<string, ReplicationResult>();
  for (const row of doc.results) {
    if (!('replication' in row)) continue;
    const key = JSON.stringify([row.variant, row.pointIndex, row.replication]);
    let rep = byRun.get(key);
    if (rep === undefined) {
      rep = { variant: row.variant, pointIndex: row.pointIndex, point: row.point, replication: row.replication, metrics: {}, perFunction: {}, events: 0 };
      byRun.set(key, rep);
    }
    const grids = Object.fromEntries(Object.entries(row.quantiles ?? {}).map(([name, grid]) => [name, grid]));
    if (row.chain !== undefined) {
      (rep.perChain ??= {})[row.chain] = row.metrics as Metrics;
    } else if (row.function === ALL_FUNCTIONS) {
      rep.metrics = row.metrics as Metrics;
      rep.quantileGrids = grids;
    } else {
      rep.perFunction[row.function] = row.metrics as Metrics;
      (rep.perFunctionQuantileGrids ??= {})[row.function] = grids;
    }
  }
  const scenario: Scenario = {
    name: doc.scenario,
    file: doc.file,
    ...(doc.description === undefined ? {} : { description: doc.description }),
    seed: doc.seed,
    replications: doc.replications,
    variants: doc.resolved.variants,
    ...(doc.resolved.baseline === undefined ? {} : { baseline: doc.resolved.baseline }),
    sweepPaths: doc.resolved.sweepPaths,
    runs: doc.resolved.runs as Scenario['runs'],
    claims: [],
    // optional keys that are absent stay absent: a chart read back is the chart written
    charts: doc.resolved.charts.map((chart) => Object.fromEntries(Object.entries(chart).filter(([, v]) => v !== undefined)) as unknown as ChartSpec),
    source: doc.source,
  };
  const summary: ResultSummary = { version: doc.secfaas, scenario, groups: aggregate({ replications: [...byRun.values()] }) };
  if (doc.claims !== undefined) summary.verdicts = doc.claims.map(reviveVerdict);
  return summary;
}

/** A verdict as summary.json holds it: its numbers may be null (NaN). */
function reviveVerdict(raw: Record<string, unknown>): ClaimVerdict {
  const number = (v: unknown) => (typeof v === 'number' ? v : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN);
  return { ...(raw as unknown as ClaimVerdict), replications: number(raw.replications), n: number(raw.n), value: number(raw.value), low: number(raw.low), high: number(raw.high) };
}

function located(text: string, file: string, problems: Problem[]): ScenarioError {
  const parsed = parseSource(text);
  const locate = 'problems' in parsed ? () => ({ line: 0, column: 0 }) : parsed.locate;
  return new ScenarioError(problems.map((p) => ({ file, ...locate(p.path), path: formatPath(p.path), message: p.message })));
}
