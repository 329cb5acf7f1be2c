/**
 * The SGX part of the scenario language: `platform.security` (none | sgx | { mode, ... }) and a
 * function's `enclave: { code, heap, workingSet }`, with every default from models/sgx.yaml.
 * Here, below the platforms, because OpenWhisk's descriptor parses its `security` key; the SGX
 * layer (src/tee/sgx) models what the settings cost.
 */
import { z } from 'zod';
import { showValue } from './errors.js';
import { cachedModelFile, mergeOverModel, modelLeavesOf } from './model-file.js';
import { forward, isPlainObject, strictShape } from './zod-helpers.js';
import { PARSE_OPTIONS } from './zod-issues.js';
import { zDurationDistribution, zNonNegativeInt, zPositiveInt, zSizeMiB } from './zod-units.js';
import { CLEMMYS_KEYS, clemmysDefaults, clemmysProtocolSchema } from './clemmys-protocol.js';
import { ATTESTATIONS, PAGING_POLICIES, SECURITY_MODES, SGX_VERSIONS, type EnclaveSpec, type SecurityMode, type SgxSecurity } from './sgx.js';

const MODE_NAMES = Object.keys(SECURITY_MODES) as [SecurityMode, ...SecurityMode[]];

const sgxModel = () => cachedModelFile('sgx.yaml');

/** Every leaf of models/sgx.yaml with its dotted path. */
export const sgxModelLeaves = () => modelLeavesOf(sgxModel().model);
/** The security block's defaults as a scenario would write them: shared, copy before changing. */
export const securityDefaults = (): unknown => ({ ...(sgxModel().defaults.security as object), ...clemmysDefaults() });
/** The hardware profile of a secure scenario that names none. */
export const defaultHardwareName = (): string => sgxModel().defaults.hardware as string;

/** `security: sgx` is `{ mode: sgx }`; `none` is `{ mode: none }`: the object form is what variants and sweeps reach into. */
export function expandSecurityShorthand(platform: unknown): void {
  if (isPlainObject(platform) && typeof platform.security === 'string' && Object.hasOwn(SECURITY_MODES, platform.security)) {
    platform.security = { mode: platform.security };
  }
}

const zRuntimeFactor = z.number().positive();

const securityBlockSchema = strictShape({
  mode: z.enum(MODE_NAMES),
  sgx: z.enum(SGX_VERSIONS),
  initialHeap: zSizeMiB,
  augmentBatch: zPositiveInt,
  paging: z.enum(PAGING_POLICIES),
  prewarmEnclaves: z.boolean(),
  runtimeStart: zDurationDistribution,
  runtimeFactor: zRuntimeFactor,
  transitionsPerRequest: zNonNegativeInt,
  attestation: z.enum(ATTESTATIONS),
  dcap: strictShape({ verification: zDurationDistribution, keyService: zDurationDistribution }),
  ias: strictShape({ verification: zDurationDistribution }),
});

/**
 * Input: `platform.security` as written. Output: the resolved SGX settings, or undefined for
 * native (absent, `none` or `mode: none`; the other keys are still checked, so that a variant
 * may switch the mode alone).
 */
export const securitySchema: z.ZodType<SgxSecurity | undefined, unknown> = z.unknown().transform((value, ctx): SgxSecurity | undefined => {
  if (value === undefined) return undefined;
  const block = typeof value === 'string' && Object.hasOwn(SECURITY_MODES, value) ? { mode: value } : value;
  if (!isPlainObject(block)) {
    ctx.addIssue({ code: 'custom', message: `expected ${MODE_NAMES.join(' | ')} or { mode: ${MODE_NAMES.join('|')}, ... }, got ${showValue(value)}` });
    return z.NEVER;
  }
  if (block.mode === undefined) {
    ctx.addIssue({ code: 'custom', path: ['mode'], message: `security needs a mode: ${MODE_NAMES.join(' | ')}` });
    return z.NEVER;
  }
  const { model, defaults } = sgxModel();
  const sgxBlock = Object.fromEntries(Object.entries(block).filter(([key]) => !(CLEMMYS_KEYS as readonly string[]).includes(key)));
  const clemmysBlock = Object.fromEntries(Object.entries(block).filter(([key]) => (CLEMMYS_KEYS as readonly string[]).includes(key)));
  const result = securityBlockSchema.safeParse(mergeOverModel(model.security, defaults.security, sgxBlock), PARSE_OPTIONS);
  const protocol = clemmysProtocolSchema.safeParse(clemmysBlock, PARSE_OPTIONS);
  if (!protocol.success) forward(ctx, protocol.error.issues, []);
  if (!result.success) {
    forward(ctx, result.error.issues, []);
    return z.NEVER;
  }
  if (!protocol.success) return z.NEVER;
  const s = result.data;
  if (!SECURITY_MODES[s.mode].enclaves) return undefined;
  return {
    mode: s.mode as SgxSecurity['mode'],
    sgx: s.sgx,
    initialHeapMiB: s.initialHeap,
    augmentBatchPages: s.augmentBatch,
    paging: s.paging,
    prewarmEnclaves: s.prewarmEnclaves,
    runtimeStart: s.runtimeStart,
    runtimeFactor: s.runtimeFactor,
    transitionsPerRequest: s.transitionsPerRequest,
    attestation: s.attestation,
    dcap: s.dcap,
    ias: s.ias,
    ...(s.mode === 'clemmys' ? { clemmys: protocol.data } : {}),
  };
});

/** A function's `enclave`: each key defaults to models/sgx.yaml; a working set fits in the heap. */
export const enclaveSchema: z.ZodType<EnclaveSpec, unknown> = z.preprocess(
  (block) => {
    const { model, defaults } = sgxModel();
    return isPlainObject(block) ? mergeOverModel(model.enclave, defaults.enclave, block) : block;
  },
  strictShape({ code: zSizeMiB, heap: zSizeMiB, workingSet: zSizeMiB })
    .refine((e) => e.workingSet <= e.heap, { path: ['workingSet'], message: 'the working set is heap a request touches: it cannot be larger than the heap' })
    .transform((e): EnclaveSpec => ({ codeMiB: e.code, heapMiB: e.heap, workingSetMiB: e.workingSet })),
);

/** The enclave of a function that writes none: the model file's sizes. */
export function defaultEnclave(): EnclaveSpec {
  return enclaveSchema.parse({});
}
