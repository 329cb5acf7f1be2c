/**
 * SGX enclaves on OpenWhisk's invokers, as a security layer (docs/sgx.md): its keys of
 * `platform.security`, a function's `enclave`, its checks, metrics, time-series columns, and the
 * invoker hook that runs enclave start-up, paging and the enclave's transitions.
 */
import type { SecurityLayer } from '../../platform/security-layer.js';
import { checkSgxRun } from './checks.js';
import { SGX_HARDWARE_KEYS, sgxHardwareSchema, sgxMachine } from './hardware.js';
import { SGX_METRIC_LAYER, SGX_METRICS } from './metrics.js';
import { SGX_COLUMNS, SgxHook } from './openwhisk-hook.js';
import { defaultHardwareName, enclaveSchema, SGX_KEYS, sgxDefaults, sgxSettingsSchema, type SgxSecurity } from './settings.js';

export const sgxLayer: SecurityLayer<SgxSecurity> = {
  name: SGX_METRIC_LAYER,
  platforms: ['openwhisk'],
  keys: SGX_KEYS,
  settings: sgxSettingsSchema,
  defaults: sgxDefaults,
  functionKeys: { enclave: enclaveSchema },
  hardware: { keys: SGX_HARDWARE_KEYS, schema: sgxHardwareSchema },
  defaultHardware: defaultHardwareName,
  check: checkSgxRun,
  metrics: Object.values(SGX_METRICS),
  columns: SGX_COLUMNS,
  build: (security, { ctx, functions, params, hardware }) => {
    // the loader gives a run the default machine, and its checks refuse one without SGX
    return { hooks: [new SgxHook({ sim: ctx.sim, security, hardware: sgxMachine(hardware), functions, params, random: ctx.random, recorder: ctx.recorder })] };
  },
};
