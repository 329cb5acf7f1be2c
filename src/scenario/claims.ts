/**
 * The `claims` block: what `secfaas check` verifies. Checked here against the rest of the file
 * (variants, sweep values, functions, the metrics of each variant's platform) and the units of
 * value bounds against the metric, so that nothing is left to fail after the runs.
 */
import { z } from 'zod';
import type { Quantity } from '../model/metric-registry.js';
import { metricQuantity } from '../metrics/names.js';
import type { Path, Problem } from '../schema/errors.js';
import { showValue } from '../schema/errors.js';
import { metricProblem, type MetricScope } from './metric-check.js';
import type { SweepAxis } from './sweep.js';
import { sameBaseValue, toBaseUnits } from './sweep.js';
import type { Bound, ClaimSpec } from '../schema/types.js';
import { parseDuration, parseRate, parseSizeMiB } from '../schema/units.js';
import { PARSE_OPTIONS, problemsFromZod } from '../schema/zod-issues.js';
import { strictShape } from '../schema/zod-helpers.js';

function boundSchema<T extends z.ZodType<number | string, unknown>>(value: T) {
  return strictShape({ min: value.optional(), max: value.optional() }).superRefine((b, ctx) => {
    if (b.min === undefined && b.max === undefined) ctx.addIssue({ code: 'custom', message: 'a bound needs min, max or both' });
  });
}

/** Ratio bounds are plain numbers. */
const ratioSchema = boundSchema(z.number()).superRefine((b, ctx) => {
  if (b.min !== undefined && b.max !== undefined && b.min > b.max) {
    ctx.addIssue({ code: 'custom', path: ['max'], message: `max (${b.max}) is below min (${b.min})` });
  }
});

/** Value bounds as written; their unit depends on the metric (checkClaim converts them). */
const valueSchema = boundSchema(z.union([z.number(), z.string()]));

const claimSchema = strictShape({
  id: z.string().min(1),
  metric: z.string().min(1),
  /** May be omitted when the scenario has one variant (no `variants` block): it is that one. */
  variant: z.string().min(1).optional(),
  baseline: z.string().min(1).optional(),
  ratio: ratioSchema.optional(),
  value: valueSchema.optional(),
  at: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  function: z.string().min(1).optional(),
  chain: z.string().min(1).optional(),
  allowInconclusive: z.boolean().default(false),
  description: z.string().optional(),
  /** The bound is the paper's expectation; `holds` (default true) is whether the model is expected to meet it. */
  paper: z.boolean().optional(),
  holds: z.boolean().optional(),
});

/** A claim as written, its variant known (given, or the only one). */
type ParsedClaim = z.output<typeof claimSchema> & { variant: string };

export interface ClaimContext {
  variants: string[];
  axes: SweepAxis[];
  /** Function names in every run of each variant (a claim's function must exist in all of them). */
  functionsOf(variant: string): Set<string> | undefined;
  /** Chain names in every run of each variant (a claim's chain must exist in all of them). */
  chainsOf(variant: string): Set<string> | undefined;
  /**
   * Platform kinds of the variant's runs, and whether any has two functions or more (then a
   * claim with `function` reads per-function metrics); undefined when the variant has no runs.
   */
  platformsOf(variant: string): { kinds: Set<string>; severalFunctions: boolean } | undefined;
}

export function parseClaims(raw: unknown, context: ClaimContext): { claims: ClaimSpec[]; problems: Problem[] } {
  if (raw === undefined || raw === null) return { claims: [], problems: [] };
  if (!Array.isArray(raw)) return { claims: [], problems: [{ path: ['claims'], message: `expected a list of claims, got ${showValue(raw)}` }] };
  const claims: ClaimSpec[] = [];
  const problems: Problem[] = [];
  const firstById = new Map<string, number>();
  raw.forEach((item, i) => {
    const at: Path = ['claims', i];
    const result = claimSchema.safeParse(item, PARSE_OPTIONS);
    if (!result.success) {
      problems.push(...problemsFromZod(result.error.issues, at));
      return;
    }
    const variant = result.data.variant ?? (context.variants.length === 1 ? context.variants[0] : undefined);
    if (variant === undefined) {
      // No variants at all means the variants block failed: that problem is reported there.
      if (context.variants.length > 1) {
        const names = context.variants.map((v) => JSON.stringify(v)).join(', ');
        problems.push({ path: at, message: `a claim names its variant when the scenario has several: add variant: one of ${names}` });
      }
      return;
    }
    const claim = { ...result.data, variant };
    const first = firstById.get(claim.id);
    if (first !== undefined) problems.push({ path: [...at, 'id'], message: `duplicate claim id ${JSON.stringify(claim.id)} (also claims[${first}])` });
    else firstById.set(claim.id, i);
    const { problems: found, point, value } = checkClaim(claim, context);
    problems.push(...found.map((p) => ({ path: [...at, ...p.path], message: p.message })));
    if (found.length === 0) claims.push(toClaimSpec(claim, point, value));
  });
  return { claims, problems };
}

function checkClaim(
  claim: ParsedClaim,
  context: ClaimContext,
): { problems: Problem[]; point?: Record<string, number | string>; value?: Bound } {
  const problems: Problem[] = [];
  problems.push(...checkMetric(claim, context));
  const value = claim.value === undefined ? undefined : valueBound(claim.metric, claim.value, problems);
  const variantList = context.variants.map((v) => JSON.stringify(v)).join(', ');
  if (claim.ratio !== undefined && claim.value !== undefined) problems.push({ path: ['value'], message: 'give ratio or value, not both' });
  if (claim.ratio === undefined && claim.value === undefined) problems.push({ path: [], message: 'a claim needs a bound: ratio (with baseline) or value' });
  if (claim.ratio !== undefined && claim.baseline === undefined) problems.push({ path: ['ratio'], message: 'a ratio needs a baseline variant to divide by' });
  if (claim.value !== undefined && claim.ratio === undefined && claim.baseline !== undefined) {
    problems.push({ path: ['baseline'], message: 'a baseline is only used with ratio; a value bound is absolute' });
  }
  for (const key of ['variant', 'baseline'] as const) {
    const name = claim[key];
    // No variants at all means the variants block failed: that problem is reported there.
    if (name !== undefined && context.variants.length > 0 && !context.variants.includes(name)) {
      problems.push({ path: [key], message: `unknown variant ${JSON.stringify(name)}; variants are ${variantList}` });
    }
  }
  if (claim.holds !== undefined && claim.paper !== true) {
    problems.push({ path: ['holds'], message: "holds says whether the paper's claim holds: it goes with paper: true (the bound is then the paper's expectation)" });
  }
  if (claim.baseline !== undefined && claim.baseline === claim.variant) {
    problems.push({ path: ['baseline'], message: 'a variant compared with itself always has ratio 1' });
  }
  if (claim.function !== undefined) {
    for (const variant of [claim.variant, claim.baseline]) {
      const names = variant === undefined ? undefined : context.functionsOf(variant);
      if (names && !names.has(claim.function)) {
        problems.push({ path: ['function'], message: `unknown function ${JSON.stringify(claim.function)} in variant ${JSON.stringify(variant)}` });
      }
    }
  }
  if (claim.chain !== undefined) {
    if (claim.function !== undefined) problems.push({ path: ['chain'], message: 'a claim reads the rows of one function or of one chain, not both' });
    for (const variant of [claim.variant, claim.baseline]) {
      const names = variant === undefined ? undefined : context.chainsOf(variant);
      if (names && !names.has(claim.chain)) {
        const known = [...names].map((n) => JSON.stringify(n)).join(', ') || 'none';
        problems.push({ path: ['chain'], message: `unknown chain ${JSON.stringify(claim.chain)} in variant ${JSON.stringify(variant)}; chains are ${known}` });
      }
    }
  }
  const point: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(claim.at ?? {})) {
    const axis = context.axes.find((a) => a.key === key);
    if (!axis) {
      const paths = context.axes.map((a) => a.key).join(', ') || 'none (the file has no sweep)';
      problems.push({ path: ['at', key], message: `not a sweep path; sweep paths: ${paths}` });
      continue;
    }
    const base = toBaseUnits(value);
    const index = axis.baseValues.findIndex((b) => sameBaseValue(b, base));
    if (index < 0) {
      problems.push({ path: ['at', key], message: `${showValue(value)} is not among the sweep values ${axis.values.map((v) => showValue(v)).join(', ')}` });
      continue;
    }
    // The sweep's own value, so that the claims module can compare points with ===.
    point[key] = axis.baseValues[index];
  }
  return { problems, point: claim.at === undefined ? undefined : point, value };
}

/** The metric must be reported by the platform of every run of the variant and the baseline. */
function checkMetric(claim: ParsedClaim, context: ClaimContext): Problem[] {
  const failures: { kind: string; scope: MetricScope; variants: string[] }[] = [];
  let anyRuns = false;
  for (const variant of [claim.variant, claim.baseline]) {
    const platforms = variant === undefined ? undefined : context.platformsOf(variant);
    if (variant === undefined || platforms === undefined) continue;
    anyRuns = true;
    const scope: MetricScope = claim.chain !== undefined ? 'chain' : claim.function !== undefined && platforms.severalFunctions ? 'function' : 'run';
    for (const kind of platforms.kinds) {
      const failure = failures.find((f) => f.kind === kind && f.scope === scope);
      if (failure) failure.variants.push(variant);
      else failures.push({ kind, scope, variants: [variant] });
    }
  }
  // Without runs (the variant fails to load, reported there) a metric must still be a known one.
  const problem = metricProblem(claim.metric, anyRuns ? failures : []);
  return problem === undefined ? [] : [{ path: ['metric'], message: problem }];
}

/**
 * A value bound in the unit of its metric's declared quantity, base units out: a time takes a
 * duration (a bare 0 too), a rate a rate, a size in MiB a size, counts and ratios a plain number. A metric that is
 * not known (reported at `metric`) takes any quantity. Problems go to `problems`.
 */
function valueBound(metric: string, raw: { min?: number | string; max?: number | string }, problems: Problem[]): Bound | undefined {
  const quantity = metricQuantity(metric);
  const out: Bound = {};
  let ok = true;
  for (const key of ['min', 'max'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    const converted = quantity !== undefined ? inUnitOf(quantity, metric, value) : anyQuantity(value);
    if (typeof converted === 'string') {
      problems.push({ path: ['value', key], message: converted });
      ok = false;
    } else out[key] = converted;
  }
  if (!ok) return undefined;
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) {
    problems.push({ path: ['value', 'max'], message: `max (${String(raw.max)}) is below min (${String(raw.min)})` });
    return undefined;
  }
  return out;
}

/** What a value bound of each quantity is written as: a parser to base units, or a plain number. */
interface BoundUnit {
  /** null: a plain number. */
  parse: ((value: number | string) => number) | null;
  /** e.g. `a time: expected a duration like 50ms or 1.5s`. */
  expected: string;
  /** What to tell a bare number (a bare 0 is accepted by every parser). */
  bareHint?: (n: number) => string;
}

const BOUND_UNITS: Record<Quantity, BoundUnit> = {
  time: { parse: parseDuration, expected: 'a time: expected a duration like 50ms or 1.5s', bareHint: (n) => `a bare number has no unit: write ${n}ms or ${n}s` },
  rate: { parse: parseRate, expected: 'a rate: expected a rate like 100/s or 6000/min', bareHint: (n) => `write ${n}/s` },
  MiB: { parse: parseSizeMiB, expected: 'a size: expected a size like 512MiB or 2GiB', bareHint: (n) => `a bare number has no unit: write ${n}MiB` },
  count: { parse: null, expected: 'a plain number: expected a number like 0.5 or 100' },
  ratio: { parse: null, expected: 'a plain number: expected a number like 0.5 or 100' },
};

/** The bound in base units, or why it is not in the metric's unit. */
function inUnitOf(quantity: Quantity, metric: string, value: number | string): number | string {
  const unit = BOUND_UNITS[quantity];
  if (unit.parse === null) return typeof value === 'number' ? value : `${metric} is ${unit.expected}, got ${showValue(value)}`;
  try {
    return unit.parse(value); // a bare 0 too
  } catch {
    // reported below
  }
  const hint = typeof value === 'number' && unit.bareHint ? ` (${unit.bareHint(value)})` : '';
  return `${metric} is ${unit.expected}, got ${showValue(value)}${hint}`;
}

function anyQuantity(value: number | string): number | string {
  const base = toBaseUnits(value);
  return typeof base === 'number' ? base : `expected a number or a quantity like 50ms, 100/s or 256MiB, got ${showValue(value)}`;
}

function toClaimSpec(claim: ParsedClaim, point: Record<string, number | string> | undefined, value: Bound | undefined): ClaimSpec {
  const spec: ClaimSpec = { id: claim.id, metric: claim.metric, variant: claim.variant, allowInconclusive: claim.allowInconclusive };
  if (claim.baseline !== undefined) spec.baseline = claim.baseline;
  if (claim.ratio !== undefined) spec.ratio = claim.ratio;
  if (value !== undefined) spec.value = value;
  if (point !== undefined) spec.at = point;
  if (claim.function !== undefined) spec.function = claim.function;
  if (claim.chain !== undefined) spec.chain = claim.chain;
  if (claim.description !== undefined) spec.description = claim.description;
  if (claim.paper === true) spec.paper = { holds: claim.holds ?? true };
  return spec;
}
