/**
 * The scenario contract of the SGX layer: `platform.security` (none | sgx | { mode, ... }) and a
 * function's `enclave: { code, heap, workingSet }`, with every default from models/sgx.yaml.
 */
import { z } from 'zod';
import type { DistributionSpec } from '../scenario/types.js';
import { showValue } from '../scenario/errors.js';
import { defaultsOf, mergeOverModel, modelLeavesOf, readModelFile, type ModelNode } from '../scenario/model-file.js';
import { forward, isPlainObject, strictShape } from '../scenario/zod-helpers.js';
import { PARSE_OPTIONS } from '../scenario/zod-issues.js';
import { zDurationDistribution, zNonNegativeInt, zPositiveInt, zSizeMiB } from '../scenario/zod-units.js';
import { SGX_VERSIONS, type SgxVersion } from './hardware.js';

/**
 * Security modes, each with what it implies. A Record so that a new mode (the Clemmys protocol,
 * which implies SGX) is one entry that TypeScript checks everywhere modes are listed.
 */
export const SECURITY_MODES = {
  none: { enclaves: false },
  sgx: { enclaves: true },
} as const satisfies Record<string, { enclaves: boolean }>;
export type SecurityMode = keyof typeof SECURITY_MODES;
const MODE_NAMES = Object.keys(SECURITY_MODES) as [SecurityMode, ...SecurityMode[]];

export const ATTESTATIONS = ['dcap', 'ias', 'none'] as const;
export type Attestation = (typeof ATTESTATIONS)[number];
export const PAGING_POLICIES = ['allow', 'avoid'] as const;
export type PagingPolicy = (typeof PAGING_POLICIES)[number];

/** Resolved SGX settings of a platform, base units as the names say. */
export interface SgxSecurity {
  mode: Exclude<SecurityMode, 'none'>;
  sgx: SgxVersion;
  /** v2: heap committed at creation (v1 commits the whole heap). */
  initialHeapMiB: number;
  /** v2: pages committed per augmentation fault. */
  augmentBatchPages: number;
  /** avoid: the EPC is a hard resource (the pool evicts idle enclaves or buffers). */
  paging: PagingPolicy;
  prewarmEnclaves: boolean;
  runtimeStart: DistributionSpec;
  runtimeFactor: number;
  transitionsPerRequest: number;
  attestation: Attestation;
  dcap: { verification: DistributionSpec; keyService: DistributionSpec };
  ias: { verification: DistributionSpec };
}

/** Sizes of a function's enclave, MiB. */
export interface EnclaveSpec {
  /** Every page loaded at creation besides the heap: code, data, stacks. */
  codeMiB: number;
  heapMiB: number;
  /** Heap a request touches. */
  workingSetMiB: number;
}

let cachedModel: { model: { [key: string]: ModelNode }; defaults: Record<string, unknown> } | undefined;
function sgxModel() {
  if (cachedModel === undefined) {
    const model = readModelFile('sgx.yaml');
    cachedModel = { model, defaults: defaultsOf(model) as Record<string, unknown> };
  }
  return cachedModel;
}

/** Every leaf of models/sgx.yaml with its dotted path. */
export const sgxModelLeaves = () => modelLeavesOf(sgxModel().model);
/** The security block's defaults as a scenario would write them: shared, copy before changing. */
export const securityDefaults = (): unknown => sgxModel().defaults.security;
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
  const result = securityBlockSchema.safeParse(mergeOverModel(model.security, defaults.security, block), PARSE_OPTIONS);
  if (!result.success) {
    forward(ctx, result.error.issues, []);
    return z.NEVER;
  }
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
