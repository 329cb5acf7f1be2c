/**
 * The records of the SGX part of the scenario language: hardware profiles, security settings and
 * enclave sizes, resolved and in base units. Their schemas and defaults are the SGX layer's (src/tee/sgx).
 */
import type { DistributionSpec } from '../engine/distributions.js';
import type { ClemmysProtocol } from './clemmys.js';

export const SGX_VERSIONS = ['v1', 'v2'] as const;
export type SgxVersion = (typeof SGX_VERSIONS)[number];

/** A resolved profile, in base units as the names say. */
export interface HardwareProfile {
  name: string;
  epcMiB: number;
  sgxVersions: SgxVersion[];
  cores: number;
  /** RAM: pages evicted from the EPC are kept there, so it bounds an enclave. */
  memoryMiB: number;
  /** Create + destroy of an empty enclave, process start included. */
  createFixedSeconds: number;
  /** EADD + EEXTEND of one page (SGXv1 start-up, SGXv2 code and initial heap). */
  pageLoadSeconds: number;
  /** EWB of one page to make room in a full EPC. */
  pageEvictSeconds: number;
  /** ELDU of one page that was evicted, when it is touched again. */
  pageReloadSeconds: number;
  /** SGX2 (EDMM) augmentation; null on SGX1-only machines. */
  augment: { faultSeconds: number; pageDemandSeconds: number; pageBatchedSeconds: number } | null;
  /** One ECALL or OCALL (EENTER + EEXIT). */
  transitionSeconds: number;
  aesGcmBytesPerSecond: number;
  aesGcmPerMessageSeconds: number;
  /** The quoting enclave's time for one quote; it serves one at a time. */
  quoteSeconds: number;
}

/**
 * Security modes, each with what it implies. A Record so that a new mode (the Clemmys protocol,
 * which implies SGX) is one entry that TypeScript checks everywhere modes are listed.
 */
export const SECURITY_MODES = {
  none: { enclaves: false },
  sgx: { enclaves: true },
  // the Clemmys protocol (gateway, payload crypto, chain integrity) on top of SGX enclaves
  clemmys: { enclaves: true },
} as const satisfies Record<string, { enclaves: boolean }>;
export type SecurityMode = keyof typeof SECURITY_MODES;
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
  /** The Clemmys protocol, with `mode: clemmys`. */
  clemmys?: ClemmysProtocol;
}

/** Sizes of a function's enclave, MiB. */
export interface EnclaveSpec {
  /** Every page loaded at creation besides the heap: code, data, stacks. */
  codeMiB: number;
  heapMiB: number;
  /** Heap a request touches. */
  workingSetMiB: number;
}
