/**
 * The `platform` block, chosen by `kind`. Station and scale-per-request are the simple
 * reference platforms (a G/G/c queue; one instance per concurrent request, as in SimFaaS);
 * OpenWhisk's parameters belong to the platform module and are only routed from here.
 */
import { z } from 'zod';
import { openWhiskPlatformSchema } from '../platform/openwhisk/schema.js';
import type { OpenWhiskSpec, PlatformSpec, ReusePolicy, ScalePerRequestSpec, StationSpec } from '../spec/types.js';
import { zDuration, zNonNegativeInt, zPositiveInt } from '../spec/zod-units.js';
import { byKey, forward, isPlainObject, strictShape } from '../spec/zod-helpers.js';
import { PARSE_OPTIONS } from '../spec/zod-issues.js';
import { securitySchema } from '../sgx/security.js';

const REUSE_POLICIES: [ReusePolicy, ...ReusePolicy[]] = ['newest', 'mru', 'oldest', 'random'];

const station = strictShape({
  kind: z.literal('station'),
  servers: zPositiveInt,
  queue: zNonNegativeInt.optional(),
}).transform((s): StationSpec => ({ kind: 'station', servers: s.servers, queue: s.queue ?? Infinity }));

const scalePerRequest = strictShape({
  kind: z.literal('scale-per-request'),
  // Ten minutes: the idle time before OpenWhisk and AWS Lambda reclaim a warm instance.
  keepAlive: zDuration.default(600),
  maxConcurrency: zPositiveInt.default(1000),
  reuse: z.enum(REUSE_POLICIES).default('newest'),
}).transform(
  (s): ScalePerRequestSpec => ({ kind: 'scale-per-request', keepAliveSeconds: s.keepAlive, maxConcurrency: s.maxConcurrency, reuse: s.reuse }),
);

/**
 * OpenWhisk's own keys go to its schema, `security` to the SGX layer's (native when absent or
 * none: then the resolved platform has no `security` key, exactly as before SGX existed).
 */
const openWhisk = z.unknown().transform((block, ctx): OpenWhiskSpec => {
  const { security, ...rest } = isPlainObject(block) ? block : { security: undefined };
  const platform = openWhiskPlatformSchema.safeParse(isPlainObject(block) ? rest : block, PARSE_OPTIONS);
  const secure = securitySchema.safeParse(security, PARSE_OPTIONS);
  if (!platform.success) forward(ctx, platform.error.issues, []);
  if (!secure.success) forward(ctx, secure.error.issues, ['security']);
  if (!platform.success || !secure.success) return z.NEVER;
  return (secure.data === undefined ? platform.data : { ...platform.data, security: secure.data }) as OpenWhiskSpec;
});

export const platformSchema: z.ZodType<PlatformSpec, unknown> = byKey<PlatformSpec>('kind', {
  station,
  'scale-per-request': scalePerRequest,
  openwhisk: openWhisk,
});
