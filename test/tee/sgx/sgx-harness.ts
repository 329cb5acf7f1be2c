import { resolveOpenWhisk } from '../../../src/platform/openwhisk/schema.js';
import { ClemmysHook } from '../../../src/protocols/clemmys/clemmys-hook.js';
import { clemmysSettingsSchema } from '../../../src/protocols/clemmys/settings.js';
import type { FunctionSpec } from '../../../src/schema/types.js';
import { hardwareProfile as anyProfile } from '../../../src/layers/index.js';
import { sgxMachine, type SgxMachine } from '../../../src/tee/sgx/hardware.js';
import { SgxHook } from '../../../src/tee/sgx/openwhisk-hook.js';
import { sgxSettingsSchema } from '../../../src/tee/sgx/settings.js';
import { fn, harness } from '../../openwhisk/harness.js';

/** A shipped profile with SGX, as the SGX code takes it. */
const hardwareProfile = (name: string) => sgxMachine(anyProfile(name));

// The SGX layer alone, its hook driven through OpenWhisk's phases on a bare harness (no scenario, no loader).

export const icelake = hardwareProfile('icelake-sp');

/** Sizes of an enclave, MiB. */
export interface EnclaveSpec {
  codeMiB: number;
  heapMiB: number;
  workingSetMiB: number;
}

/** A function whose enclave is an SDK one of the given sizes (MiB), exec in seconds. */
export const withEnclave = (name: string, exec: number, e: EnclaveSpec, memoryMiB = 256, kind = 'nodejs:20'): FunctionSpec => ({
  ...fn(name, memoryMiB, exec, kind),
  enclave: { runtime: 'sdk-c', code: e.codeMiB, heap: e.heapMiB, workingSet: e.workingSetMiB },
});

export function sgxRun(platform: Record<string, unknown>, functions: FunctionSpec[], security: Record<string, unknown>, options: { clemmys?: Record<string, unknown>; sample?: number; hardware?: SgxMachine } = {}) {
  const settings = sgxSettingsSchema.parse(security);
  const params = resolveOpenWhisk({ kind: 'openwhisk', ...platform });
  const hardware = options.hardware ?? icelake;
  let sgx!: SgxHook;
  const h = harness(platform, functions, 1, options.sample ?? 0, ({ sim, random, recorder }) => {
    sgx = new SgxHook({ sim, security: settings, hardware, functions, params, random, recorder });
    if (options.clemmys === undefined) return [sgx];
    const { clemmys } = clemmysSettingsSchema.parse(options.clemmys);
    return [sgx, new ClemmysHook({ protocol: clemmys, hardware, functions, random, recorder })];
  });
  return { ...h, sgx };
}

