/**
 * A machine's description, resolved and in base units: what every machine has (its cores and
 * memory), and what its TEEs cost. Profiles are models/hardware/*.yaml (hardware-profiles.ts reads
 * them); each TEE's keys are its security layer's (the SGX layer's in src/tee/sgx/hardware.ts), so
 * a machine without SGX (a SEV-SNP host) is a profile without SGX's keys.
 */

/** What every profile has. */
export interface MachineProfile {
  /** The profile's name, or the path of its file. */
  name: string;
  cores: number;
  /** RAM. */
  memoryMiB: number;
}

/**
 * Each TEE's part of a profile, declared by its folder (module augmentation, as the SGX folder
 * declares its flat keys): a machine that lacks the TEE lacks the part.
 */
export interface HardwareParts {}

/** A resolved profile: the machine, and the parts of the TEEs it has. */
export type HardwareProfile = MachineProfile & Partial<HardwareParts>;
