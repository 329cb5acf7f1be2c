/**
 * A machine's description, resolved and in base units: its cores and memory, and what its TEE
 * costs. Profiles are models/hardware/*.yaml; their schema is the SGX layer's (src/tee/sgx/hardware.ts).
 */

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
  /** EADD of one page without EEXTEND (heap pages a library OS does not measure). */
  pageAddSeconds: number;
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
