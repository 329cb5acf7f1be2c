/**
 * The SGX part of the scenario language: its keys of `platform.security` and a function's
 * `enclave: { code, heap, workingSet }`, resolved over models/sgx.yaml and in base units.
 */
import { z } from 'zod';
import type { DistributionSpec } from '../../engine/distributions.js';
import { cachedModelFile, mergeOverModel, modelLeavesOf } from '../../schema/model-file.js';
import { strictShape } from '../../schema/zod-helpers.js';
import { zDurationDistribution, zNonNegativeInt, zPositiveInt, zSizeMiB } from '../../schema/zod-units.js';
import { SGX_VERSIONS, type SgxVersion } from './hardware.js';

export const ATTESTATIONS = ['dcap', 'ias', 'none'] as const;
export type Attestation = (typeof ATTESTATIONS)[number];
export const PAGING_POLICIES = ['allow', 'avoid'] as const;
export type PagingPolicy = (typeof PAGING_POLICIES)[number];

/** Resolved SGX settings of a platform, base units as the names say. */
export interface SgxSecurity {
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

// The SGX layer's records join the scenario's (schema/types.ts): a function may have an enclave,
// and `mode: sgx` resolves to these settings.
declare module '../../schema/types.js' {
  interface FunctionLayerKeys {
    enclave: EnclaveSpec;
  }
  interface SecuritySettingsByMode {
    sgx: SgxSecurity;
  }
}

const sgxModel = () => cachedModelFile('sgx.yaml');

/** Every leaf of models/sgx.yaml with its dotted path. */
export const sgxModelLeaves = () => modelLeavesOf(sgxModel().model);
/** The SGX keys' defaults as a scenario would write them: shared, copy before changing. */
export const sgxDefaults = (): Record<string, unknown> => sgxModel().defaults.security as Record<string, unknown>;
/** The hardware profile of a secure scenario that names none. */
export const defaultHardwareName = (): string => sgxModel().defaults.hardware as string;

const sgxKeysSchema = strictShape({
  sgx: z.enum(SGX_VERSIONS),
  initialHeap: zSizeMiB,
  augmentBatch: zPositiveInt,
  paging: z.enum(PAGING_POLICIES),
  prewarmEnclaves: z.boolean(),
  runtimeStart: zDurationDistribution,
  runtimeFactor: z.number().positive(),
  transitionsPerRequest: zNonNegativeInt,
  attestation: z.enum(ATTESTATIONS),
  dcap: strictShape({ verification: zDurationDistribution, keyService: zDurationDistribution }),
  ias: strictShape({ verification: zDurationDistribution }),
});

export const SGX_KEYS = Object.keys(sgxKeysSchema.shape) as readonly string[];

/** The SGX keys of `platform.security` as written (absent ones: models/sgx.yaml's) -> the settings. */
export const sgxSettingsSchema: z.ZodType<SgxSecurity, unknown> = z.preprocess(
  (block) => mergeOverModel(sgxModel().model.security, sgxDefaults(), block),
  sgxKeysSchema.transform(
    (s): SgxSecurity => ({
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
    }),
  ),
);

/** A function's `enclave`: each key defaults to models/sgx.yaml; a working set fits in the heap. */
export const enclaveSchema: z.ZodType<EnclaveSpec, unknown> = z.preprocess(
  (block) => {
    const { model, defaults } = sgxModel();
    return block !== null && typeof block === 'object' && !Array.isArray(block) ? mergeOverModel(model.enclave, defaults.enclave, block) : block;
  },
  strictShape({ code: zSizeMiB, heap: zSizeMiB, workingSet: zSizeMiB })
    .refine((e) => e.workingSet <= e.heap, { path: ['workingSet'], message: 'the working set is heap a request touches: it cannot be larger than the heap' })
    .transform((e): EnclaveSpec => ({ codeMiB: e.code, heapMiB: e.heap, workingSetMiB: e.workingSet })),
);

/** The enclave of a function that writes none: the model file's sizes. */
export function defaultEnclave(): EnclaveSpec {
  return enclaveSchema.parse({});
}
