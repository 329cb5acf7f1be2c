import type { ClaimVerdict } from '../claims/evaluate.js';
import { ALL_CHAINS, type ResultInput } from '../aggregate/aggregate.js';
import { summaryRows } from './rows.js';
import { summarize, type ResultSummary } from './summary.js';

/**
 * JSON has no NaN or Infinity. NaN (no observation) becomes null. Infinity (an unbounded queue in
 * the resolved runs, a ratio over zero) becomes the string "Infinity" (or "-Infinity"), so that it
 * is not confused with a missing value and a re-run from summary.json keeps its meaning.
 */
export function jsonSafeNumber(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return null;
  return value > 0 ? 'Infinity' : '-Infinity';
}

/**
 * summary.json: the same rows as summary.csv, plus what is needed to re-run the result
 * (version, seed, resolved runs, the scenario file as parsed), each replication's quantile grids
 * (ECDFs), the charts to draw, and the claim verdicts (the summary's, unless given).
 * Key order is fixed by construction, so identical results give identical bytes;
 * `summaryFromJson` reads it back.
 */
export function summaryJson(input: ResultInput | ResultSummary, verdicts?: readonly ClaimVerdict[]): string {
  const summary = verdicts === undefined && 'verdicts' in input ? input : { ...summarize(input), ...(verdicts === undefined ? {} : { verdicts: [...verdicts] }) };
  const s = summary.scenario;
  const results = summaryRows(summary.groups).map((row) => {
    // A run's point holds the sweep paths in sweep order already.
    const entry: Record<string, unknown> = { variant: row.group.variant, pointIndex: row.group.pointIndex, point: row.group.point, function: row.group.function };
    if (row.group.chain !== ALL_CHAINS) entry.chain = row.group.chain;
    if (row.replication !== undefined) entry.replication = row.replication;
    else entry.statistic = row.statistic;
    entry.metrics = row.metrics;
    if (row.replication !== undefined) {
      const i = row.group.replications.indexOf(row.replication);
      const grids = Object.entries(row.group.quantileGrids).filter(([, perReplication]) => perReplication[i].length > 0);
      if (grids.length > 0) entry.quantiles = Object.fromEntries(grids.map(([name, perReplication]) => [name, perReplication[i]]));
    }
    return entry;
  });
  const doc: Record<string, unknown> = {
    secfaas: summary.version,
    scenario: s.name,
    file: s.file,
    description: s.description,
    seed: s.seed,
    replications: s.replications,
    resolved: { variants: s.variants, ...(s.baseline === undefined ? {} : { baseline: s.baseline }), sweepPaths: s.sweepPaths, runs: s.runs, charts: s.charts },
    source: s.source,
    results,
  };
  if (summary.verdicts) doc.claims = summary.verdicts;
  return JSON.stringify(doc, jsonSafeNumber, 2) + '\n';
}
