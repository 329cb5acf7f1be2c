/**
 * The platform of one run: the registered factory for its kind, except that a secure OpenWhisk
 * (`platform.security`) is OpenWhisk with the SGX layer's invoker hook: the SGX costs enter only
 * through OpenWhisk's seams, and the OpenWhisk code knows nothing of SGX. `mode: clemmys` adds the
 * Clemmys hook (enclave payload crypto, chain verify) and puts the trusted gateway in front.
 */
import type { Platform, PlatformContext, TimeseriesColumns } from '../model/platform.js';
import { createPlatform, platformTimeseries } from '../platform/index.js';
import { createOpenWhisk, FAULT_COLUMNS } from '../platform/openwhisk/index.js';
import { hasFaults } from '../platform/openwhisk/params.js';
import { resolveOpenWhisk } from '../platform/openwhisk/schema.js';
import { hardwareOf, securityOf } from '../tee/sgx/checks.js';
import { SGX_COLUMNS, SgxHook } from '../tee/sgx/openwhisk-hook.js';
import { ClemmysHook } from '../protocols/clemmys/clemmys-hook.js';
import { TrustedGateway } from '../protocols/clemmys/gateway.js';
import type { RunSpec } from '../schema/types.js';

export function createRunPlatform(spec: RunSpec, ctx: PlatformContext): Platform {
  const security = securityOf(spec.platform);
  const hardware = hardwareOf(spec.hardware, spec.platform);
  if (security === undefined || hardware === undefined || spec.platform.kind !== 'openwhisk') return createPlatform(spec.platform, ctx);
  const hook = new SgxHook({ sim: ctx.sim, security, hardware, functions: spec.functions, params: resolveOpenWhisk(spec.platform), random: ctx.random, recorder: ctx.recorder });
  if (security.clemmys === undefined) return createOpenWhisk(spec.platform, ctx, { hooks: [hook] });
  const clemmys = new ClemmysHook({ protocol: security.clemmys, hardware, functions: spec.functions, random: ctx.random, recorder: ctx.recorder });
  ctx.listen(clemmys);
  const gateway = new TrustedGateway({ gateway: security.clemmys.gateway, hardware, functions: spec.functions, sim: ctx.sim, random: ctx.random.stream('clemmys/gateway'), recorder: ctx.recorder });
  const platform = spec.platform;
  return gateway.front(ctx, (behind) => createOpenWhisk(platform, behind, { hooks: [hook, clemmys] }));
}

/**
 * The time-series rows the platform of this run samples: its kind's, plus the health columns of
 * an OpenWhisk with faults, plus the SGX hook's columns on a secure OpenWhisk (the sampler's order).
 */
export function runTimeseriesColumns(spec: RunSpec): TimeseriesColumns | undefined {
  const native = platformTimeseries(spec.platform.kind);
  if (native === undefined || spec.platform.kind !== 'openwhisk') return native;
  const faults = hasFaults(spec.platform) ? FAULT_COLUMNS : [];
  const sgx = securityOf(spec.platform) === undefined ? [] : SGX_COLUMNS;
  if (faults.length === 0 && sgx.length === 0) return native;
  return { entity: native.entity, columns: [...native.columns, ...faults, ...sgx] };
}
