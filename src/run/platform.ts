/**
 * The platform of one run: the registered factory for its kind, except that a secure OpenWhisk
 * (`platform.security`) is OpenWhisk with the SGX layer's invoker hook: the SGX costs enter only
 * through OpenWhisk's seams, and the OpenWhisk code knows nothing of SGX.
 */
import type { Platform, PlatformContext } from '../model/platform.js';
import { createPlatform } from '../platform/index.js';
import { createOpenWhisk } from '../platform/openwhisk/index.js';
import { resolveOpenWhisk } from '../platform/openwhisk/schema.js';
import { hardwareOf, securityOf } from '../sgx/checks.js';
import { SgxHook } from '../sgx/openwhisk-hook.js';
import type { RunSpec } from '../spec/types.js';

export function createRunPlatform(spec: RunSpec, ctx: PlatformContext): Platform {
  const security = securityOf(spec.platform);
  const hardware = hardwareOf(spec.hardware, spec.platform);
  if (security === undefined || hardware === undefined || spec.platform.kind !== 'openwhisk') return createPlatform(spec.platform, ctx);
  const hook = new SgxHook({ security, hardware, functions: spec.functions, params: resolveOpenWhisk(spec.platform), random: ctx.random, recorder: ctx.recorder });
  return createOpenWhisk(spec.platform, ctx, { hooks: [hook] });
}
