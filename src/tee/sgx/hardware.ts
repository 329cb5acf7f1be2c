/**
 * Hardware profiles (models/hardware/<name>.yaml): what an SGX machine costs per page, fault,
 * transition and quote. A scenario names one (`hardware: icelake-sp`) or overrides any key of it
 * (`hardware: { profile: gemini-lake-j5005, epc: 64MiB }`).
 */
import { readdirSync } from 'node:fs';
import { z } from 'zod';
import { showValue } from '../../schema/errors.js';
import { defaultsOf, mergeOverModel, readModelFile, type ModelNode } from '../../schema/model-file.js';
import { forward, isPlainObject, strictShape } from '../../schema/zod-helpers.js';
import { closestKey, PARSE_OPTIONS } from '../../schema/zod-issues.js';
import { zDuration, zPositiveInt, zSizeBytes, zSizeMiB } from '../../schema/zod-units.js';
import { SGX_VERSIONS, type HardwareProfile } from '../../schema/hardware.js';



const zPositiveDuration = zDuration.refine((s) => s > 0, 'must be > 0');

const profileSchema = strictShape({
  epc: zSizeMiB.refine((m) => m > 0, 'the EPC must be > 0'),
  sgx: z.array(z.enum(SGX_VERSIONS)).min(1),
  cores: zPositiveInt,
  memory: zSizeMiB.refine((m) => m > 0, 'memory must be > 0'),
  createFixed: zDuration,
  pageLoad: zDuration,
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

function toProfile(name: string, p: z.output<typeof profileSchema>): HardwareProfile {
  return {
    name,
    epcMiB: p.epc,
    sgxVersions: p.sgx,
    cores: p.cores,
    memoryMiB: p.memory,
    createFixedSeconds: p.createFixed,
    pageLoadSeconds: p.pageLoad,
    pageEvictSeconds: p.pageEvict,
    pageReloadSeconds: p.pageReload,
    augment: p.augment ? { faultSeconds: p.augment.fault, pageDemandSeconds: p.augment.pageDemand, pageBatchedSeconds: p.augment.pageBatched } : null,
    transitionSeconds: p.transition,
    aesGcmBytesPerSecond: p.aesGcmPerSecond,
    aesGcmPerMessageSeconds: p.aesGcmPerMessage,
    quoteSeconds: p.quote,
  };
}

let cachedModels: Map<string, { model: ModelNode; defaults: unknown }> | undefined;

/** Every profile's model file, by name, read once. */
export function hardwareModels(): Map<string, { model: ModelNode; defaults: unknown }> {
  if (cachedModels === undefined) {
    const names = readdirSync(new URL('../../../models/hardware/', import.meta.url))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
    cachedModels = new Map(
      names.map((name) => {
        const model = readModelFile(`hardware/${name}.yaml`);
        return [name, { model, defaults: defaultsOf(model) }];
      }),
    );
  }
  return cachedModels;
}

export const hardwareNames = (): string[] => [...hardwareModels().keys()];

/** A profile's values as a scenario would write them (units as in its file): shared, copy before changing. */
export function hardwareDefaults(name: string): unknown {
  return hardwareModels().get(name)?.defaults;
}

/**
 * Input: `hardware` as a scenario writes it: a profile name, or `{ profile: NAME, ...overrides }`.
 * Output: the resolved profile.
 */
export const hardwareSchema: z.ZodType<HardwareProfile, unknown> = z.unknown().transform((value, ctx): HardwareProfile => {
  const names = hardwareNames();
  const block = typeof value === 'string' ? { profile: value } : value;
  if (!isPlainObject(block)) {
    ctx.addIssue({ code: 'custom', message: `expected a hardware profile name (${names.join(', ')}) or { profile: NAME, ...overrides }, got ${showValue(value)}` });
    return z.NEVER;
  }
  const { profile, ...overrides } = block;
  if (profile === undefined) {
    const changes = Object.keys(overrides).map((key) => `${key}: ...`).join(', ');
    ctx.addIssue({ code: 'custom', message: `a hardware block changes a profile: name it, { profile: NAME${changes ? `, ${changes}` : ''} }; profiles in models/hardware/: ${names.join(', ')}` });
    return z.NEVER;
  }
  const entry = typeof profile === 'string' ? hardwareModels().get(profile) : undefined;
  if (typeof profile !== 'string' || entry === undefined) {
    const guess = typeof profile === 'string' ? closestKey(profile, names) : undefined;
    const hint = guess ? ` (did you mean "${guess}"?)` : '';
    ctx.addIssue({
      code: 'custom',
      path: typeof value === 'string' ? [] : ['profile'],
      message: `unknown hardware profile ${showValue(profile)}${hint}; profiles in models/hardware/: ${names.join(', ')}`,
    });
    return z.NEVER;
  }
  const result = profileSchema.safeParse(mergeOverModel(entry.model, entry.defaults, overrides), PARSE_OPTIONS);
  if (!result.success) {
    forward(ctx, result.error.issues, []);
    return z.NEVER;
  }
  return toProfile(profile, result.data);
});

/** A profile by name, as shipped. */
export function hardwareProfile(name: string): HardwareProfile {
  return hardwareSchema.parse(name);
}
