/**
 * The claims' verdicts as data for `secfaas check --format csv|json`: one row per claim x point,
 * numbers in base units (seconds, per second, MiB; ratios plain), as summary.csv and summary.json.
 */
import { stringify } from 'csv-stringify/sync';
import type { ClaimVerdict } from '../claims/evaluate.js';
import { pointText } from './claims-table.js';
import { csvCell } from './summary-csv.js';
import { jsonSafeNumber } from './summary-json.js';

const COLUMNS = ['scenario', 'file', 'claim', 'metric', 'variant', 'baseline', 'function', 'chain', 'kind', 'point', 'replications', 'n', 'value', 'ci95.low', 'ci95.high', 'min', 'max', 'paper', 'paper.expected', 'verdict', 'ok', 'problem'] as const;

/** One row per verdict; an absent field (no baseline, no bound, no interval) is an empty cell. */
export function claimsCsv(verdicts: readonly ClaimVerdict[]): string {
  const cells = (v: ClaimVerdict): Record<(typeof COLUMNS)[number], string | number | undefined> => ({
    scenario: v.scenario,
    file: v.file,
    claim: v.claim,
    metric: v.metric,
    variant: v.variant,
    baseline: v.baseline,
    function: v.function,
    chain: v.chain,
    kind: v.kind,
    point: v.pointIndex === undefined ? undefined : pointText(v.point),
    replications: v.replications,
    n: v.n,
    value: v.value,
    'ci95.low': v.low,
    'ci95.high': v.high,
    min: v.bounds.min,
    max: v.bounds.max,
    paper: v.paper,
    'paper.expected': v.paperExpected,
    verdict: v.verdict,
    ok: String(v.ok),
    problem: v.problem,
  });
  const rows = verdicts.map((v) => {
    const c = cells(v);
    return COLUMNS.map((name) => csvCell(c[name]));
  });
  return stringify([[...COLUMNS], ...rows], { record_delimiter: '\n' });
}

/** `{ "claims": [verdict, ...] }`, NaN as null (as summary.json's `claims`). */
export function claimsJson(verdicts: readonly ClaimVerdict[]): string {
  return JSON.stringify({ claims: verdicts }, jsonSafeNumber, 2) + '\n';
}
