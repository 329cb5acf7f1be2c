/**
 * The `platform` block, chosen by `kind` among the registered platforms (platform/index.ts):
 * each kind's descriptor holds its own schema. Read at parse time, so a kind a user registers
 * is a scenario file's to use.
 */
import { z } from 'zod';
import { platformDescriptors } from '../platform/index.js';
import type { PlatformSpec } from '../schema/types.js';
import { byKey, forward } from '../schema/zod-helpers.js';
import { PARSE_OPTIONS } from '../schema/zod-issues.js';

export const platformSchema: z.ZodType<PlatformSpec, unknown> = z.unknown().transform((block, ctx): PlatformSpec => {
  const schemas = Object.fromEntries(platformDescriptors().map((d) => [d.kind, d.schema as z.ZodType<PlatformSpec, unknown>]));
  const result = byKey<PlatformSpec>('kind', schemas).safeParse(block, PARSE_OPTIONS);
  if (result.success) return result.data;
  forward(ctx, result.error.issues, []);
  return z.NEVER;
});
