/**
 * The `claims` block: what `secfaas check` verifies. Checked here against the rest of the file
 * (variants, sweep values, functions); metric names are checked by the claims module.
 */
import { z } from 'zod';
import type { Path, Problem } from './errors.js';
import { showValue } from './errors.js';
import type { SweepAxis } from './sweep.js';
import { sameBaseValue, toBaseUnits } from './sweep.js';
import type { Bound, ClaimSpec } from './types.js';
import { PARSE_OPTIONS, problemsFromZod } from './zod-issues.js';
import { strictShape } from './zod-helpers.js';

const zQuantity = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const base = toBaseUnits(value);
  if (typeof base !== 'number') {
    ctx.addIssue({ code: 'custom', message: `expected a number or a quantity like 50ms, 100/s or 256MiB, got ${showValue(value)}` });
    return z.NEVER;
  }
  return base;
});

function boundSchema(number: z.ZodType<number, unknown>) {
  return strictShape({ min: number.optional(), max: number.optional() }).superRefine((b, ctx) => {
    if (b.min === undefined && b.max === undefined) ctx.addIssue({ code: 'custom', message: 'a bound needs min, max or both' });
    else if (b.min !== undefined && b.max !== undefined && b.min > b.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `max (${b.max}) is below min (${b.min})` });
    }
  });
}

const claimSchema = strictShape({
  id: z.string().min(1),
  metric: z.string().min(1),
  variant: z.string().min(1),
  baseline: z.string().min(1).optional(),
  ratio: boundSchema(z.number()).optional(),
  value: boundSchema(zQuantity).optional(),
  at: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  function: z.string().min(1).optional(),
  allowInconclusive: z.boolean().default(false),
  description: z.string().optional(),
});

type ParsedClaim = z.output<typeof claimSchema>;

export interface ClaimContext {
  variants: string[];
  axes: SweepAxis[];
  /** Function names in every run of each variant (a claim's function must exist in all of them). */
  functionsOf(variant: string): Set<string> | undefined;
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
    const claim = result.data;
    const first = firstById.get(claim.id);
    if (first !== undefined) problems.push({ path: [...at, 'id'], message: `duplicate claim id ${JSON.stringify(claim.id)} (also claims[${first}])` });
    else firstById.set(claim.id, i);
    const { problems: found, point } = checkClaim(claim, context);
    problems.push(...found.map((p) => ({ path: [...at, ...p.path], message: p.message })));
    if (found.length === 0) claims.push(toClaimSpec(claim, point));
  });
  return { claims, problems };
}

function checkClaim(claim: ParsedClaim, context: ClaimContext): { problems: Problem[]; point?: Record<string, number | string> } {
  const problems: Problem[] = [];
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
  return { problems, point: claim.at === undefined ? undefined : point };
}

function toClaimSpec(claim: ParsedClaim, point: Record<string, number | string> | undefined): ClaimSpec {
  const spec: ClaimSpec = { id: claim.id, metric: claim.metric, variant: claim.variant, allowInconclusive: claim.allowInconclusive };
  if (claim.baseline !== undefined) spec.baseline = claim.baseline;
  if (claim.ratio !== undefined) spec.ratio = bound(claim.ratio);
  if (claim.value !== undefined) spec.value = bound(claim.value);
  if (point !== undefined) spec.at = point;
  if (claim.function !== undefined) spec.function = claim.function;
  if (claim.description !== undefined) spec.description = claim.description;
  return spec;
}

function bound(b: { min?: number; max?: number }): Bound {
  const out: Bound = {};
  if (b.min !== undefined) out.min = b.min;
  if (b.max !== undefined) out.max = b.max;
  return out;
}

