import { z } from 'zod';
import { parseDuration, parseRate, parseSizeBytes, parseSizeMiB } from './units.js';
import type { DistributionSpec } from './types.js';

/** Wraps a unit parser as a zod type whose output is the number in base units. */
function withUnit(parse: (v: unknown) => number) {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    try {
      return parse(value);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });
}

const nonNegative = (what: string) => (n: number) => n >= 0 || `${what} must not be negative`;

/** "20ms" -> seconds */
export const zDuration = withUnit(parseDuration).refine(nonNegative('a duration'));
/** "256MiB" -> MiB */
export const zSizeMiB = withUnit(parseSizeMiB).refine(nonNegative('a size'));
/** "4KiB" -> bytes */
export const zSizeBytes = withUnit(parseSizeBytes).refine(nonNegative('a size'));
/** "20/s" -> per second */
export const zRate = withUnit(parseRate).refine(nonNegative('a rate'));

export const zPositiveInt = z.number().int().positive();
export const zNonNegativeInt = z.number().int().nonnegative();

/**
 * A distribution of durations. `20ms` alone means constant 20 ms.
 * Otherwise `{ dist: constant|exponential|lognormal|gamma|uniform|empirical, ... }`.
 */
export const zDurationDistribution: z.ZodType<DistributionSpec, unknown> = z.union([
  zDuration.transform((value): DistributionSpec => ({ dist: 'constant', value })),
  z.discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('constant'), value: zDuration }),
    z.strictObject({ dist: z.literal('exponential'), mean: zDuration }),
    z.strictObject({ dist: z.literal('lognormal'), mean: zDuration, cv: z.number().positive() }),
    z.strictObject({ dist: z.literal('gamma'), mean: zDuration, cv: z.number().positive() }),
    z
      .strictObject({ dist: z.literal('uniform'), min: zDuration, max: zDuration })
      .refine((u) => u.max >= u.min, { message: 'uniform needs max >= min', path: ['max'] }),
    z.strictObject({ dist: z.literal('empirical'), values: z.array(zDuration).min(1) }),
  ]),
]) as unknown as z.ZodType<DistributionSpec, unknown>;
