/**
 * The `variants` block: named patches over the base document, in file order. Without it the
 * scenario has one variant, `base`.
 */
import type { Problem } from '../schema/errors.js';
import { showValue } from '../schema/errors.js';
import { isPlainObject } from '../schema/zod-helpers.js';

export const BASE_VARIANT = 'base';

export interface Variant {
  name: string;
  patch: Record<string, unknown>;
}

export function parseVariants(raw: unknown): { variants: Variant[]; problems: Problem[] } {
  if (raw === undefined || raw === null) return { variants: [{ name: BASE_VARIANT, patch: {} }], problems: [] };
  if (!isPlainObject(raw)) {
    return { variants: [], problems: [{ path: ['variants'], message: `expected a mapping of variant name -> patch, got ${showValue(raw)}` }] };
  }
  const variants: Variant[] = [];
  const problems: Problem[] = [];
  for (const [name, patch] of Object.entries(raw)) {
    if (name.trim() === '') {
      problems.push({ path: ['variants', name], message: 'a variant needs a name' });
    } else if (patch === null) {
      // `native:` with nothing after it: the base document unchanged, a common baseline.
      variants.push({ name, patch: {} });
    } else if (!isPlainObject(patch)) {
      problems.push({ path: ['variants', name], message: `a variant is a mapping of changes to the base, got ${showValue(patch)}` });
    } else {
      variants.push({ name, patch });
    }
  }
  if (variants.length === 0 && problems.length === 0) variants.push({ name: BASE_VARIANT, patch: {} });
  return { variants, problems };
}

/**
 * `baseline: native` at the top of the file: the variant the others are compared with (the
 * table's ratio columns). It must name one of the variants, and there must be another to compare.
 */
export function parseBaseline(raw: unknown, variants: readonly string[]): { baseline?: string; problems: Problem[] } {
  if (raw === undefined || raw === null) return { problems: [] };
  const problem = (message: string) => ({ problems: [{ path: ['baseline'], message }] });
  if (typeof raw !== 'string') return problem(`expected the name of a variant, got ${showValue(raw)}`);
  if (!variants.includes(raw)) return problem(`baseline "${raw}" is not a variant of this scenario (variants: ${variants.join(', ')})`);
  if (variants.length < 2) return problem(`a baseline is the variant the others are compared with: this scenario has no other variant`);
  return { baseline: raw, problems: [] };
}
