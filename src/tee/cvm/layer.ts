/**
 * Confidential VMs and containers (Intel TDX, AMD SEV-SNP) on OpenWhisk's invokers, as a security
 * layer (docs/cvm.md): its keys of `platform.security` (mode cvm), a function's `guest`, its keys
 * of a hardware profile (`tdx`, `snp`), its checks, metrics, time-series columns and the hook.
 */
import type { SecurityLayer } from '../../platform/security-layer.js';
import { checkCvmRun } from './checks.js';
import { CVM_HARDWARE_KEYS, cvmHardwareSchema, teeOf } from './hardware.js';
import { CVM_COLUMNS, CvmHook } from './hook.js';
import { CVM_METRIC_LAYER, CVM_METRICS } from './metrics.js';
import { CVM_KEYS, cvmDefaults, cvmSettingsSchema, defaultCvmHardware, guestSchema, type CvmSecurity } from './settings.js';

export const cvmLayer: SecurityLayer<CvmSecurity> = {
  name: CVM_METRIC_LAYER,
  platforms: ['openwhisk'],
  keys: CVM_KEYS,
  settings: cvmSettingsSchema,
  defaults: cvmDefaults,
  functionKeys: { guest: guestSchema },
  hardware: { keys: CVM_HARDWARE_KEYS, schema: cvmHardwareSchema },
  defaultHardware: defaultCvmHardware,
  check: checkCvmRun,
  metrics: Object.values(CVM_METRICS),
  columns: CVM_COLUMNS,
  // a visit to the host's queue at boot and at attestation, one to the key broker, CPU steps in runs
  eventsPerActivation: 3,
  build: (security, { ctx, functions, params, hardware }) => {
    const tee = teeOf(hardware, security.tee);
    // the loader gives a run its TEE's default machine, and the check refuses one without the TEE
    if (tee === undefined) throw new Error(`a ${security.tee} run needs a machine with it, got ${hardware?.name ?? 'none'}`);
    return { hooks: [new CvmHook({ sim: ctx.sim, security, tee, functions, params, random: ctx.random, recorder: ctx.recorder })] };
  },
};
