/**
 * What a confidential VM's boot and runs cost, from the TEE's costs on the machine and the VMM's
 * (docs/cvm.md). Pure functions: the hook draws the random parts and places these in time.
 */
import type { SnpHardware, TdxHardware } from './hardware.js';

const PAGES_PER_MIB = 256; // 4 KiB pages
const MIB = 1024 * 1024;

/** The PSP's time to measure `measuredMiB` at an SEV-SNP launch (it measures one guest at a time). */
export function measureSeconds(snp: SnpHardware, measuredMiB: number): number {
  return (measuredMiB * MIB) / snp.measureBytesPerSecond;
}

/**
 * How much faster `vcpus` accept memory than one: in parallel up to 8 of them while at most 8 GiB
 * is accepted, beyond it only ~2x, as memory bandwidth saturates (calibration.md#cvm-accept-parallel).
 */
export function acceptSpeedup(vcpus: number, acceptedMiB: number): number {
  return Math.min(vcpus, acceptedMiB <= 8 * 1024 ? 8 : 2);
}

/** Accepting (TDX) or validating (SEV-SNP) `mib` of guest memory on `vcpus` vCPUs. */
export function acceptSeconds(tee: TdxHardware | SnpHardware, mib: number, vcpus: number): number {
  if (mib <= 0) return 0;
  return (mib * PAGES_PER_MIB * tee.acceptPageSeconds) / acceptSpeedup(vcpus, mib);
}

/** What a run adds in the guest: the encryption factor on its CPU work, and its I/Os through bounce buffers. */
export function runSeconds(tee: TdxHardware | SnpHardware, cpuSeconds: number, io: number): { encryption: number; bounce: number } {
  return { encryption: cpuSeconds * (tee.cpuFactor - 1), bounce: io * tee.ioSeconds };
}
