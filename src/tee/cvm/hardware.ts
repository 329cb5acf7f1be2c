/**
 * The confidential-VM keys of a hardware profile (models/hardware/*.yaml): a `tdx` section on a
 * machine with Intel TDX, an `snp` section on one with AMD SEV-SNP, each with what that TEE costs
 * there. A profile writes either, both or neither (a machine without them); the record of layers
 * composes them with every machine's cores and memory and the other TEEs' keys.
 */
import { z } from 'zod';
import type { MachineProfile } from '../../schema/hardware.js';
import { strictShape } from '../../schema/zod-helpers.js';
import { zDuration, zPositiveInt, zSizeBytes } from '../../schema/zod-units.js';

/** What both TEEs have, in base units. */
interface GuestCosts {
  /** Live confidential VMs a host admits at once: TDX private KeyIDs (less the module's), SEV-SNP ASIDs. */
  keyIds: number;
  /** Accepting (TDX) or validating (SEV-SNP, PVALIDATE) one 4 KiB page, on one vCPU. */
  acceptPageSeconds: number;
  /** CPU-bound work in the guest takes this many times as long as in a plain VM (memory encryption). */
  cpuFactor: number;
  /** What one I/O adds in the guest: bounce-buffer copies, exits and notifications. */
  ioSeconds: number;
}

/** Intel TDX on a machine. */
export interface TdxHardware extends GuestCosts {
  /** The TDX module measuring the guest firmware at launch (no shared queue). */
  launchSeconds: number;
  /** One quote at the host's quote generation service (QGS), which serves one at a time. */
  quoteSeconds: number;
}

/** AMD SEV-SNP on a machine. */
export interface SnpHardware extends GuestCosts {
  /** Bytes a second the PSP measures (LAUNCH_UPDATE) at launch; it serves one command at a time for every guest. */
  measureBytesPerSecond: number;
  /** One attestation report at the PSP, in the same queue as launches. */
  reportSeconds: number;
}

declare module '../../schema/hardware.js' {
  interface HardwareParts {
    tdx: TdxHardware;
    snp: SnpHardware;
  }
}

export const TEES = ['tdx', 'sev-snp'] as const;
export type Tee = (typeof TEES)[number];

/** A machine's TEE of each kind, as its profile's section names it. */
export const TEE_SECTION = { tdx: 'tdx', 'sev-snp': 'snp' } as const satisfies Record<Tee, string>;
export const TEE_TITLE: Record<Tee, string> = { tdx: 'Intel TDX', 'sev-snp': 'AMD SEV-SNP' };

const zPositiveDuration = zDuration.refine((s) => s > 0, 'must be > 0');
const guestKeys = {
  acceptPage: zDuration,
  cpuFactor: z.number().min(1, 'a factor on CPU work of at least 1: encryption does not speed a guest up'),
  io: zDuration,
};
const guestCosts = (k: { acceptPage: number; cpuFactor: number; io: number }) => ({ acceptPageSeconds: k.acceptPage, cpuFactor: k.cpuFactor, ioSeconds: k.io });

const tdxSchema = strictShape({ keyIds: zPositiveInt, launch: zDuration, quote: zPositiveDuration, ...guestKeys }).transform(
  (k): TdxHardware => ({ keyIds: k.keyIds, launchSeconds: k.launch, quoteSeconds: k.quote, ...guestCosts(k) }),
);
const snpSchema = strictShape({ asids: zPositiveInt, measurePerSecond: zSizeBytes.refine((b) => b > 0, 'must be > 0'), report: zPositiveDuration, ...guestKeys }).transform(
  (k): SnpHardware => ({ keyIds: k.asids, measureBytesPerSecond: k.measurePerSecond, reportSeconds: k.report, ...guestCosts(k) }),
);

const sectionsSchema = strictShape({ tdx: tdxSchema.optional(), snp: snpSchema.optional() });
/** The profile's keys of confidential VMs: a section per TEE. */
export const CVM_HARDWARE_KEYS = Object.keys(sectionsSchema.shape) as readonly string[];

/** The sections as a profile writes them -> the machine's parts (none written: a machine without TDX or SEV-SNP). */
export const cvmHardwareSchema = sectionsSchema.transform((p) => ({
  ...(p.tdx === undefined ? {} : { tdx: p.tdx }),
  ...(p.snp === undefined ? {} : { snp: p.snp }),
}));

/** A machine's costs of the TEE chosen, or undefined when it has none (its check refuses the run). */
export function teeOf(machine: (MachineProfile & { tdx?: TdxHardware; snp?: SnpHardware }) | undefined, tee: Tee): TdxHardware | SnpHardware | undefined {
  return tee === 'tdx' ? machine?.tdx : machine?.snp;
}
