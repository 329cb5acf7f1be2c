import type { Bound, ClaimSpec } from '../schema/types.js';
import { aggregated, ALL_CHAINS, ALL_FUNCTIONS, type AggregatedResult, type AggregateGroup, type ResultInput } from '../aggregate/aggregate.js';
import { judgedEstimate } from '../aggregate/estimate.js';
import { pairedRatios } from '../aggregate/ratio.js';
import { sameBaseValue } from '../scenario/sweep.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'error';

/** Whether a paper's claim (a claim with `paper: true`) holds: the verdict on its bound, in words. */
export type PaperVerdict = 'holds' | 'does not hold' | 'undecided';

const PAPER_VERDICTS: Record<'pass' | 'fail' | 'inconclusive', PaperVerdict> = { pass: 'holds', fail: 'does not hold', inconclusive: 'undecided' };

/**
 * The outcome of one claim at one sweep point, as numbers: the table, JUnit XML and the HTML
 * report format them (output/claims-table.ts).
 */
export interface ClaimVerdict {
  scenario: string;
  file: string;
  claim: string;
  description?: string;
  metric: string;
  variant: string;
  baseline?: string;
  function?: string;
  /** The chain whose rows the metric is read from (`chain.*` metrics), as the claim names it. */
  chain?: string;
  /** `value`: the metric against absolute bounds; `ratio`: variant / baseline against ratio bounds. */
  kind: 'value' | 'ratio';
  /** Absent for an error that concerns the claim as a whole (no point to evaluate). */
  pointIndex?: number;
  point: Record<string, number | string>;
  /** Replications evaluated; `n` of them had a value. */
  replications: number;
  /** Replications with a value. */
  n: number;
  /** Mean of the metric (value claims) or of the paired ratios (ratio claims); base units. */
  value: number;
  /** 95 % confidence interval; the mean itself with one replication. */
  low: number;
  high: number;
  /** The claim's bounds: on the metric in base units (value claims) or on the ratio. */
  bounds: Bound;
  /**
   * The check: pass when the interval meets the bound. For a paper's claim (`paper` present), pass
   * when the paper's claim holds or not as the scenario expects (`paperExpected`).
   */
  verdict: Verdict;
  /** A paper's claim only: whether it holds (the interval against the paper's bound). */
  paper?: PaperVerdict;
  /** A paper's claim only: what the scenario expects of it (`holds: false` in the file: `does not hold`). */
  paperExpected?: PaperVerdict;
  /** pass, or inconclusive when the claim allows it. */
  ok: boolean;
  /** Why an `error` could not be evaluated (a variant, function, metric or point the result lacks). */
  problem?: string;
}

const CONFIDENCE = 0.95;

/** Inclusive bounds: a CI touching the bound still lies within it. */
function judge(low: number, high: number, bound: Bound): 'pass' | 'fail' | 'inconclusive' {
  const within = (bound.min === undefined || low >= bound.min) && (bound.max === undefined || high <= bound.max);
  if (within) return 'pass';
  const outside = (bound.min !== undefined && high < bound.min) || (bound.max !== undefined && low > bound.max);
  return outside ? 'fail' : 'inconclusive';
}

/**
 * One verdict per claim per applicable sweep point (all points, or those matching `at`).
 *
 * Value claims: the estimate of the variant's per-replication values.
 * Ratio claims: the estimate of the paired ratios variant_i / baseline_i, pairing replication i of
 * both (they ran with the same seed: common random numbers), not the ratio of the two means.
 * Pairing removes the shared noise of the arrivals, so the interval is far narrower than comparing
 * two independent means.
 *
 * pass: the whole CI lies within the bound; fail: it lies wholly outside; inconclusive otherwise,
 * or when a replication has no value. An unknown metric, variant or function is an `error`.
 */
export function evaluateClaims(input: ResultInput): ClaimVerdict[] {
  const result = aggregated(input);
  return result.scenario.claims.flatMap((claim) => evaluateClaim(result, result.groups, claim));
}

function evaluateClaim(result: AggregatedResult, groups: AggregateGroup[], claim: ClaimSpec): ClaimVerdict[] {
  const s = result.scenario;
  const kind = claim.baseline !== undefined ? 'ratio' : 'value';
  const bound = kind === 'ratio' ? claim.ratio : claim.value;
  const verdict = (fields: Partial<ClaimVerdict> & Pick<ClaimVerdict, 'verdict'>): ClaimVerdict => ({
    scenario: s.name,
    file: s.file,
    claim: claim.id,
    description: claim.description,
    metric: claim.metric,
    variant: claim.variant,
    baseline: claim.baseline,
    function: claim.function,
    ...(claim.chain === undefined ? {} : { chain: claim.chain }),
    kind,
    pointIndex: fields.pointIndex,
    point: fields.point ?? {},
    replications: fields.replications ?? 0,
    n: fields.n ?? 0,
    value: fields.value ?? NaN,
    low: fields.low ?? NaN,
    high: fields.high ?? NaN,
    bounds: { ...bound },
    verdict: fields.verdict,
    ...(claim.paper === undefined ? {} : { paper: fields.paper ?? 'undecided', paperExpected: claim.paper.holds ? 'holds' : 'does not hold' }),
    ok: fields.verdict === 'pass' || (fields.verdict === 'inconclusive' && claim.allowInconclusive === true),
    ...(fields.problem === undefined ? {} : { problem: fields.problem }),
  });
  const error = (problem: string) => [verdict({ verdict: 'error', problem })];

  if (kind === 'value' && claim.ratio) return error('a ratio bound needs a baseline variant');
  if (kind === 'ratio' && claim.value) return error('give either value bounds, or a baseline with ratio bounds, not both');
  if (!bound || (bound.min === undefined && bound.max === undefined)) {
    return error(kind === 'ratio' ? 'no ratio bound: give ratio: { min, max }' : 'no bound: give value: { min, max }, or a baseline with ratio bounds');
  }
  const variants = [...new Set(groups.map((g) => g.variant))];
  for (const v of [claim.variant, ...(claim.baseline !== undefined ? [claim.baseline] : [])]) {
    if (!variants.includes(v)) return error(`variant "${v}" has no results (variants: ${variants.join(', ') || 'none'})`);
  }

  // Per-function metrics exist only where a run has several functions; where it has one, its whole
  // run is that function. Decided per variant: a variant and its baseline may differ.
  const functionOf = (variant: string): string | undefined => {
    if (claim.function === undefined) return ALL_FUNCTIONS;
    if (groups.some((g) => g.variant === variant && g.function === claim.function)) return claim.function;
    const names = new Set(s.runs.filter((r) => r.variant === variant).flatMap((r) => r.functions.map((f) => f.name)));
    return names.size === 1 && names.has(claim.function) ? ALL_FUNCTIONS : undefined;
  };
  const scopes = new Map<string, AggregateGroup[]>();
  for (const v of [claim.variant, ...(claim.baseline !== undefined ? [claim.baseline] : [])]) {
    const fn = functionOf(v);
    if (fn === undefined) {
      const names = new Set(s.runs.filter((r) => r.variant === v).flatMap((r) => r.functions.map((f) => f.name)));
      return error(`function "${claim.function}" has no results in variant "${v}" (functions: ${[...names].join(', ') || 'none'})`);
    }
    // a chain's metrics are on its own rows (function `all`); everything else on chain `all`
    const chain = claim.chain ?? ALL_CHAINS;
    scopes.set(v, groups.filter((g) => g.variant === v && g.function === fn && g.chain === chain));
  }
  const scope = [...scopes.values()].flat();
  if (!scope.some((g) => g.metrics.includes(claim.metric))) {
    const known = [...new Set(scope.flatMap((g) => g.metrics))];
    return error(`no result has metric "${claim.metric}" (metrics: ${known.join(', ') || 'none'})`);
  }

  for (const path of Object.keys(claim.at ?? {})) {
    if (!s.sweepPaths.includes(path)) return error(`at: "${path}" is not a sweep path (sweep: ${s.sweepPaths.join(', ') || 'none'})`);
  }
  const cells = scopes.get(claim.variant)!
    .filter((g) => Object.entries(claim.at ?? {}).every(([path, v]) => sameBaseValue(g.point[path], v)));
  if (cells.length === 0) return error(`no sweep point matches at: ${JSON.stringify(claim.at ?? {})}`);

  return cells.map((cell) => {
    const where = { pointIndex: cell.pointIndex, point: cell.point };
    const values = cell.values[claim.metric] ?? cell.replications.map(() => NaN);
    let samples: number[];
    if (kind === 'ratio') {
      const base = scopes.get(claim.baseline!)!.find((g) => g.pointIndex === cell.pointIndex);
      if (!base) return verdict({ ...where, verdict: 'error', problem: `baseline "${claim.baseline}" has no results at this point` });
      const paired = pairedRatios(cell, base, claim.metric);
      if ('unpaired' in paired) {
        return verdict({ ...where, verdict: 'error', problem: `replications of "${claim.variant}" and "${claim.baseline}" do not pair up (${paired.unpaired})` });
      }
      samples = paired.samples;
    } else {
      samples = values;
    }
    return judgeSamples(samples, claim, bound, where, verdict);
  });
}

function judgeSamples(
  samples: number[],
  claim: ClaimSpec,
  bound: Bound,
  where: { pointIndex: number; point: Record<string, number | string> },
  verdict: (fields: Partial<ClaimVerdict> & Pick<ClaimVerdict, 'verdict'>) => ClaimVerdict,
): ClaimVerdict {
  const kind = claim.baseline !== undefined ? 'ratio' : 'value';
  // the interval the report's ratio charts and the table's ratio columns show too (aggregate/estimate.ts)
  const e = judgedEstimate(claim.metric, samples, kind, CONFIDENCE);
  const { low, high } = e;
  const stats = { ...where, replications: samples.length, n: e.n, value: e.mean, low, high };
  // a replication without a value (no observations, a ratio over 0) leaves the claim undecided
  const onBound = e.n < samples.length ? 'inconclusive' : judge(low, high, bound);
  if (claim.paper === undefined) return verdict({ ...stats, verdict: onBound });
  // a paper's claim: the bound is the paper's; the check is whether it holds as the scenario expects
  const expected = claim.paper.holds ? 'pass' : 'fail';
  const check = onBound === 'inconclusive' ? 'inconclusive' : onBound === expected ? 'pass' : 'fail';
  return verdict({ ...stats, verdict: check, paper: PAPER_VERDICTS[onBound] });
}

/** True when every verdict is ok: what `secfaas check` turns into its exit code. */
export function claimsOk(verdicts: readonly ClaimVerdict[]): boolean {
  return verdicts.every((v) => v.ok);
}
