/**
 * OpenWhisk as a registered platform kind: its block's schema (OpenWhisk's own keys from
 * schema.ts over models/openwhisk.yaml, `security` from the SGX layer), the checks that need the
 * functions, the model defaults a sweep may reach, its metrics and its factory.
 */
import { z } from 'zod';
import type { PlatformDescriptor } from '../../model/platform.js';
import { securityDefaults, securitySchema } from '../../schema/security.js';
import type { OpenWhiskSpec } from '../../schema/types.js';
import { forward, isPlainObject } from '../../schema/zod-helpers.js';
import { PARSE_OPTIONS } from '../../schema/zod-issues.js';
import { createOpenWhisk, OPENWHISK_TIMESERIES, openWhiskWork } from './index.js';
import { OPENWHISK_METRICS } from './metrics.js';
import { checkOpenWhiskScenario, openWhiskDefaults, openWhiskPlatformSchema, resolveOpenWhisk } from './schema.js';

/**
 * OpenWhisk's own keys go to its schema, `security` to the SGX layer's (native when absent or
 * none: then the resolved platform has no `security` key, exactly as before SGX existed).
 */
const schema = z.unknown().transform((block, ctx): OpenWhiskSpec => {
  const { security, ...rest } = isPlainObject(block) ? block : { security: undefined };
  const platform = openWhiskPlatformSchema.safeParse(isPlainObject(block) ? rest : block, PARSE_OPTIONS);
  const secure = securitySchema.safeParse(security, PARSE_OPTIONS);
  if (!platform.success) forward(ctx, platform.error.issues, []);
  if (!secure.success) forward(ctx, secure.error.issues, ['security']);
  if (!platform.success || !secure.success) return z.NEVER;
  return (secure.data === undefined ? platform.data : { ...platform.data, security: secure.data }) as OpenWhiskSpec;
});

export const openWhiskPlatform: PlatformDescriptor<OpenWhiskSpec> = {
  kind: 'openwhisk',
  schema,
  check: (platform, functions) => checkOpenWhiskScenario(platform as unknown as Record<string, unknown>, [...functions]),
  // Security stays as the file chose it: a sweep does not switch a native platform to SGX.
  modelDefaults: (block) => ({ ...(openWhiskDefaults() as object), ...(isPlainObject(block.security) ? { security: securityDefaults() } : {}) }),
  metrics: Object.values(OPENWHISK_METRICS),
  create: (spec, ctx) => createOpenWhisk(spec, ctx),
  timeseries: OPENWHISK_TIMESERIES,
  work: openWhiskWork,
  blockingWaitSeconds: (spec) => resolveOpenWhisk(spec).timeouts.maxWaitBlockingSeconds,
};
