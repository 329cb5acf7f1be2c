/**
 * zod building blocks with messages made for scenario authors: objects that name each unknown
 * key (with a suggestion), and "one of" choices dispatched by a key, so that a mistake inside
 * the chosen option is reported there instead of as "no union member matched".
 */
import { z } from 'zod';
import { showValue } from './errors.js';
import { PARSE_OPTIONS, closestKey, problemsFromZod } from './zod-issues.js';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Like z.strictObject, but every unknown key is its own issue, with "did you mean". */
export function strictShape<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape);
  // Loose, so that the unknown keys are still there for the check (z.object would strip them).
  return z.looseObject(shape).superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value)) {
        if (Object.hasOwn(shape, key)) continue;
        const guess = closestKey(key, known);
        const hint = guess ? ` (did you mean "${guess}"?)` : `; known keys: ${known.join(', ')}`;
        ctx.addIssue({ code: 'custom', path: [key], message: `unknown key ${JSON.stringify(key)}${hint}` });
      }
    },
    // Run even when a known key failed, so that all problems are reported at once.
    { when: (payload) => isPlainObject(payload.value) },
  );
}

/** Forwards the issues of an inner parse into `ctx`, under `path`, already worded. */
export function forward(ctx: z.core.$RefinementCtx, issues: readonly z.core.$ZodIssue[], path: (string | number)[]): void {
  for (const problem of problemsFromZod(issues, path)) {
    ctx.addIssue({ code: 'custom', path: problem.path as PropertyKey[], message: problem.message });
  }
}

/**
 * Mappings that have the key `key` are parsed by `withKey`, the others by `otherwise`: for a form
 * with several keys of its own (`{ trace: FILE, function: HASH }`) beside one-key forms.
 */
export function ifKeyPresent<T>(key: string, withKey: z.ZodType<T, unknown>, otherwise: z.ZodType<T, unknown>) {
  return z.unknown().transform((value, ctx): T => {
    const schema = isPlainObject(value) && Object.hasOwn(value, key) ? withKey : otherwise;
    const result = schema.safeParse(value, PARSE_OPTIONS);
    if (!result.success) {
      forward(ctx, result.error.issues, []);
      return z.NEVER;
    }
    return result.data;
  });
}

/**
 * A mapping with exactly one key naming the option: `{ poisson: 20/s }`, `{ mmpp: {...} }`.
 */
export function oneKeyOf<T>(options: Record<string, z.ZodType<T, unknown>>) {
  const names = Object.keys(options);
  const shapes = names.map((n) => `{${n}: ...}`).join(', ');
  return z.unknown().transform((value, ctx): T => {
    if (!isPlainObject(value)) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${shapes}, got ${showValue(value)}` });
      return z.NEVER;
    }
    const keys = Object.keys(value);
    const unknown = keys.filter((k) => !Object.hasOwn(options, k));
    for (const key of unknown) {
      const guess = closestKey(key, names);
      const hint = guess ? ` (did you mean "${guess}"?)` : `; expected one of ${names.join(', ')}`;
      ctx.addIssue({ code: 'custom', path: [key], message: `unknown key ${JSON.stringify(key)}${hint}` });
    }
    const chosen = keys.filter((k) => Object.hasOwn(options, k));
    if (chosen.length !== 1) {
      if (unknown.length === 0) {
        const found = chosen.length === 0 ? 'none' : chosen.join(' and ');
        ctx.addIssue({ code: 'custom', message: `expected exactly one of ${names.join(', ')}, got ${found}` });
      }
      return z.NEVER;
    }
    const key = chosen[0];
    const result = options[key].safeParse(value[key], PARSE_OPTIONS);
    if (!result.success) {
      forward(ctx, result.error.issues, [key]);
      return z.NEVER;
    }
    return unknown.length > 0 ? z.NEVER : result.data;
  });
}

/** A mapping whose `discriminator` key (e.g. `kind`) chooses the schema for the whole mapping. */
export function byKey<T>(discriminator: string, options: Record<string, z.ZodType<T, unknown>>) {
  const names = Object.keys(options);
  return z.unknown().transform((value, ctx): T => {
    if (!isPlainObject(value)) {
      ctx.addIssue({ code: 'custom', message: `expected a mapping with ${discriminator}: ${names.join(' | ')}, got ${showValue(value)}` });
      return z.NEVER;
    }
    const choice = value[discriminator];
    if (typeof choice !== 'string' || !Object.hasOwn(options, choice)) {
      const got = choice === undefined ? 'it is missing' : `got ${showValue(choice)}`;
      ctx.addIssue({ code: 'custom', path: [discriminator], message: `expected one of ${names.join(', ')}; ${got}` });
      return z.NEVER;
    }
    const result = options[choice].safeParse(value, PARSE_OPTIONS);
    if (!result.success) {
      forward(ctx, result.error.issues, []);
      return z.NEVER;
    }
    return result.data;
  });
}
