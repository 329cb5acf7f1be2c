/**
 * The SGX part of the scenario language: its keys of `platform.security` and a function's
 * `enclave: { runtime, code, heap, workingSet, runtimeStart, measured }`, resolved over
 * models/sgx.yaml and models/runtimes/, in base units.
 */
import { z } from 'zod';
import type { DistributionSpec } from '../../engine/distributions.js';
import { cachedModelFile, mergeOverModel, modelLeavesOf } from '../../schema/model-file.js';
import { strictShape } from '../../schema/zod-helpers.js';
import { zDurationDistribution, zNonNegativeInt, zPositiveInt, zSizeMiB } from '../../schema/zod-units.js';
import { SGX_VERSIONS, type SgxVersion } from './hardware.js';
import { RECLAIMS, type Reclaim } from './epc-books.js';
import { defaultRuntimeOf, runtimeKeysShape, runtimeNames, runtimeProfile, type Measured } from './runtimes.js';

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
  /** How the driver picks the pages to evict: second chance (`clock`) or the mean-field `spread`. */
  reclaim: Reclaim;
  prewarmEnclaves: boolean;
  /** When written: every enclave's runtime start, whatever its runtime's profile says. */
  runtimeStart?: DistributionSpec;
  runtimeFactor: number;
  transitionsPerRequest: number;
  attestation: Attestation;
  dcap: { verification: DistributionSpec; keyService: DistributionSpec };
  ias: { verification: DistributionSpec };
}

/** A function's enclave, resolved: its runtime's profile with the function's keys over it (MiB). */
export interface EnclaveSpec {
  runtime: string;
  /** Every page loaded at creation besides the heap: code, data, stacks. */
  codeMiB: number;
  heapMiB: number;
  /** Heap a request touches. */
  workingSetMiB: number;
  runtimeStart: DistributionSpec;
  /** Whether heap pages are measured (EEXTEND) at creation, or only added. */
  measured: Measured;
}

/** A function's `enclave` as written (base units): the runtime and the keys that override its profile. */
export interface EnclaveKeys {
  runtime?: string;
  code?: number;
  heap?: number;
  workingSet?: number;
  runtimeStart?: DistributionSpec;
  measured?: Measured;
}

// The SGX layer's records join the scenario's (schema/types.ts): a function may have an enclave,
// and `mode: sgx` resolves to these settings.
declare module '../../schema/types.js' {
  interface FunctionLayerKeys {
    enclave: EnclaveKeys;
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
  reclaim: z.enum(RECLAIMS),
  prewarmEnclaves: z.boolean(),
  runtimeStart: zDurationDistribution.optional(),
  // the hooks add to the body, never take from it: a runtime faster than native is its exec time
  runtimeFactor: z.number().refine((f) => f >= 1, 'must be >= 1: below 1 it would shorten the body, which the model cannot; write the exec time the function takes in its enclave instead'),
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
      reclaim: s.reclaim,
      prewarmEnclaves: s.prewarmEnclaves,
      ...(s.runtimeStart === undefined ? {} : { runtimeStart: s.runtimeStart }),
      runtimeFactor: s.runtimeFactor,
      transitionsPerRequest: s.transitionsPerRequest,
      attestation: s.attestation,
      dcap: s.dcap,
      ias: s.ias,
    }),
  ),
);

/**
 * A function's `enclave` as written: a shipped runtime and any of its profile's keys (the working
 * set against the heap is checked once resolved, by checks.ts).
 */
export const enclaveSchema: z.ZodType<EnclaveKeys, unknown> = z.lazy(() =>
  strictShape({ runtime: z.enum(runtimeNames() as [string, ...string[]]).optional(), ...optional(runtimeKeysShape) }),
);

const optional = <S extends Record<string, z.ZodType>>(shape: S) => Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as { [K in keyof S]: z.ZodOptional<S[K]> };

/**
 * The enclave of a function of `kind` with a memory limit of `memoryMiB` writing `keys`: its
 * runtime's profile (the kind's default runtime) with the keys over it. A heap the function does
 * not write is the runtime's, at most what its memory limit leaves after the code (a deployment
 * sizes the runtime's heap to the container: the enclave's evicted pages are kept in its memory),
 * and never below the working set.
 */
export function resolveEnclave(keys: EnclaveKeys | undefined, kind: string, memoryMiB: number): EnclaveSpec {
  const profile = runtimeProfile(keys?.runtime ?? defaultRuntimeOf(kind));
  const codeMiB = keys?.code ?? profile.codeMiB;
  const workingSetMiB = keys?.workingSet ?? profile.workingSetMiB;
  return {
    runtime: profile.name,
    codeMiB,
    heapMiB: keys?.heap ?? Math.max(workingSetMiB, Math.min(profile.heapMiB, memoryMiB - codeMiB)),
    workingSetMiB,
    runtimeStart: keys?.runtimeStart ?? profile.runtimeStart,
    measured: keys?.measured ?? profile.measured,
  };
}
