/**
 * SGX's keys of a hardware profile (models/hardware/*.yaml): what an SGX machine costs per page,
 * fault, transition and quote, beside every machine's cores and memory. A profile writes all of
 * them or none (a machine without SGX); the record of layers composes the profile's schema.
 */
import { z } from 'zod';
import type { MachineProfile } from '../../schema/hardware.js';
import { isPlainObject, strictShape } from '../../schema/zod-helpers.js';
import { zDuration, zSizeBytes, zSizeMiB } from '../../schema/zod-units.js';

export const SGX_VERSIONS = ['v1', 'v2'] as const;
export type SgxVersion = (typeof SGX_VERSIONS)[number];

/** SGX's part of a profile, in base units as the names say. */
export interface SgxHardware {
  epcMiB: number;
  sgxVersions: SgxVersion[];
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

// A profile with SGX has these fields beside its cores and memory (flat, as the profile writes them).
declare module '../../schema/hardware.js' {
  interface HardwareParts extends SgxHardware {}
}

/** A machine with SGX: what the SGX layer and Clemmys compute with. */
export type SgxMachine = MachineProfile & SgxHardware;

const zPositiveDuration = zDuration.refine((s) => s > 0, 'must be > 0');

const sgxKeysSchema = strictShape({
  epc: zSizeMiB.refine((m) => m > 0, 'the EPC must be > 0'),
  sgx: z.array(z.enum(SGX_VERSIONS)).min(1),
  createFixed: zDuration,
  pageLoad: zDuration,
  pageAdd: zDuration,
  pageEvict: zDuration,
  pageReload: zDuration,
  augment: strictShape({ fault: zDuration, pageDemand: zDuration, pageBatched: zDuration }).optional(),
  transition: zDuration,
  aesGcmPerSecond: zSizeBytes.refine((b) => b > 0, 'must be > 0'),
  aesGcmPerMessage: zDuration,
  quote: zPositiveDuration,
}).superRefine((p, ctx) => {
  if (p.sgx.includes('v2') && p.augment === undefined) ctx.addIssue({ code: 'custom', path: ['augment'], message: 'a profile with SGX2 (v2) needs augment costs' });
  if (!p.sgx.includes('v2') && p.augment !== undefined) ctx.addIssue({ code: 'custom', path: ['augment'], message: 'augment costs are for SGX2 (v2), which this profile does not list' });
});

/** SGX's keys of a profile. */
export const SGX_HARDWARE_KEYS = Object.keys(sgxKeysSchema.def.shape) as readonly string[];

/** SGX's keys as a profile writes them -> SGX's part; none of them: a machine without SGX ({}). */
export const sgxHardwareSchema: z.ZodType<Partial<SgxHardware>, unknown> = z.preprocess(
  (keys) => (isPlainObject(keys) && Object.keys(keys).length === 0 ? undefined : keys),
  sgxKeysSchema
    .transform(
      (p): SgxHardware => ({
        epcMiB: p.epc,
        sgxVersions: p.sgx,
        createFixedSeconds: p.createFixed,
        pageLoadSeconds: p.pageLoad,
        pageAddSeconds: p.pageAdd,
        pageEvictSeconds: p.pageEvict,
        pageReloadSeconds: p.pageReload,
        augment: p.augment ? { faultSeconds: p.augment.fault, pageDemandSeconds: p.augment.pageDemand, pageBatchedSeconds: p.augment.pageBatched } : null,
        transitionSeconds: p.transition,
        aesGcmBytesPerSecond: p.aesGcmPerSecond,
        aesGcmPerMessageSeconds: p.aesGcmPerMessage,
        quoteSeconds: p.quote,
      }),
    )
    .optional()
    .transform((part): Partial<SgxHardware> => part ?? {}),
);

/** Whether a machine has SGX (its profile writes SGX's keys). */
export const hasSgx = (machine: MachineProfile & Partial<SgxHardware>): machine is SgxMachine => machine.epcMiB !== undefined;

/** The machine of an SGX run (its checks refused a machine without SGX). */
export function sgxMachine(machine: (MachineProfile & Partial<SgxHardware>) | undefined): SgxMachine {
  if (machine === undefined || !hasSgx(machine)) throw new Error(`an SGX run needs a machine with SGX, got ${machine?.name ?? 'none'}`);
  return machine;
}
