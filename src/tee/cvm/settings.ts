/**
 * The confidential-VM part of the scenario language: its keys of `platform.security` (mode cvm)
 * and a function's `guest: { workingSet, io, imagePull }`, resolved over models/cvm.yaml and in
 * base units.
 */
import { z } from 'zod';
import type { DistributionSpec } from '../../engine/distributions.js';
import { cachedModelFile, mergeOverModel } from '../../schema/model-file.js';
import { isPlainObject, strictShape } from '../../schema/zod-helpers.js';
import { zDuration, zDurationDistribution, zNonNegativeInt, zPositiveInt, zSizeMiB } from '../../schema/zod-units.js';
import { TEES, type Tee } from './hardware.js';

export const VMMS = ['kata-qemu', 'firecracker'] as const;
export type Vmm = (typeof VMMS)[number];

/** What a VMM and its guest firmware do at a cold start, base units. */
export interface VmmBoot {
  /** The VMM's own start (process, KVM set-up). */
  setup: DistributionSpec;
  /** Bytes measured at launch: through the PSP's queue on SEV-SNP. */
  measuredMiB: number;
  /** Launch work outside any shared queue. */
  launch: DistributionSpec;
  /** Guest firmware (OVMF, TDVF, a minimal verifier). */
  firmware: DistributionSpec;
  /** Guest kernel and agent, to ready. */
  kernel: DistributionSpec;
  /** The VM's memory beside the function's: held, whole, from start to removal. */
  memoryMiB: number;
  /** Guest memory accepted (validated) at boot; the rest on first touch. */
  acceptEagerMiB: number;
}

/** Resolved settings of `mode: cvm`. */
export interface CvmSecurity {
  tee: Tee;
  vmm: Vmm;
  vcpus: number;
  vmms: Record<Vmm, VmmBoot>;
  /** TDX: the guest kernel's polling for its quote. */
  quotePollingSeconds: number;
  /** Verifying the evidence (collateral cached). */
  verifySeconds: number;
  /** The key broker: one station for the whole cluster. */
  keyBroker: { release: DistributionSpec; servers: number };
}

/** A function's guest, base units. */
export interface GuestSpec {
  /** Guest memory a request touches; pages past the eager part are accepted at first touch. */
  workingSetMiB: number;
  /** I/Os a request makes through the bounce buffer. */
  io: number;
  /** The image pulled in the guest at every start. */
  imagePull: DistributionSpec;
}

declare module '../../schema/types.js' {
  interface FunctionLayerKeys {
    guest: GuestSpec;
  }
  interface SecuritySettingsByMode {
    cvm: CvmSecurity;
  }
}

const cvmModel = () => cachedModelFile('cvm.yaml');
/** The cvm keys' defaults as a scenario would write them: shared, copy before changing. */
export const cvmDefaults = (): Record<string, unknown> => cvmModel().defaults.security as Record<string, unknown>;
/** The machine of a run that names none: by its TEE. */
export const defaultCvmHardware = (security: CvmSecurity): string => (cvmModel().defaults.hardware as Record<Tee, string>)[security.tee];

const vmmSchema = strictShape({
  setup: zDurationDistribution,
  measured: zSizeMiB,
  launch: zDurationDistribution,
  firmware: zDurationDistribution,
  kernel: zDurationDistribution,
  memory: zSizeMiB,
  acceptEager: zSizeMiB,
}).transform((v): VmmBoot => ({ setup: v.setup, measuredMiB: v.measured, launch: v.launch, firmware: v.firmware, kernel: v.kernel, memoryMiB: v.memory, acceptEagerMiB: v.acceptEager }));

const keysSchema = strictShape({
  tee: z.enum(TEES),
  vmm: z.enum(VMMS),
  vcpus: zPositiveInt,
  'kata-qemu': vmmSchema,
  firecracker: vmmSchema,
  quotePolling: zDuration,
  verify: zDuration,
  keyBroker: strictShape({ release: zDurationDistribution, servers: zPositiveInt }),
});
export const CVM_KEYS = Object.keys(keysSchema.shape) as readonly string[];

/** The cvm keys as written (absent ones: models/cvm.yaml's) -> the settings. */
export const cvmSettingsSchema: z.ZodType<CvmSecurity, unknown> = z.preprocess(
  (block) => mergeOverModel(cvmModel().model.security, cvmDefaults(), block),
  keysSchema.transform(
    (k): CvmSecurity => ({
      tee: k.tee,
      vmm: k.vmm,
      vcpus: k.vcpus,
      vmms: { 'kata-qemu': k['kata-qemu'], firecracker: k.firecracker },
      quotePollingSeconds: k.quotePolling,
      verifySeconds: k.verify,
      keyBroker: k.keyBroker,
    }),
  ),
);

/** A function's `guest`: each key defaults to models/cvm.yaml. */
export const guestSchema: z.ZodType<GuestSpec, unknown> = z.preprocess(
  (block) => (isPlainObject(block) ? mergeOverModel(cvmModel().model.guest, cvmModel().defaults.guest, block) : block),
  strictShape({ workingSet: zSizeMiB, io: zNonNegativeInt, imagePull: zDurationDistribution }).transform((g): GuestSpec => ({ workingSetMiB: g.workingSet, io: g.io, imagePull: g.imagePull })),
);

/** The guest of a function that writes none: the model file's. */
export function defaultGuest(): GuestSpec {
  return guestSchema.parse({});
}
