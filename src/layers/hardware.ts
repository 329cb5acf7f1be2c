/**
 * The schema of a hardware profile, composed from the layers: every machine's cores and memory,
 * and each layer's keys (SGX's `epc`, `quote`, ...), each layer's parsed by its own schema into its
 * part of the profile. A profile that writes none of a layer's keys is a machine without that TEE.
 */
import { z } from 'zod';
import type { SecurityLayer } from '../platform/security-layer.js';
import type { HardwareProfile } from '../schema/hardware.js';
import { hardwareSchemaOf } from '../schema/hardware-profiles.js';
import { forward, isPlainObject, strictShape } from '../schema/zod-helpers.js';
import { PARSE_OPTIONS } from '../schema/zod-issues.js';
import { zPositiveInt, zSizeMiB } from '../schema/zod-units.js';

/** What every machine has. */
const machineSchema = strictShape({ cores: zPositiveInt, memory: zSizeMiB.refine((m) => m > 0, 'memory must be > 0') });
const MACHINE_KEYS = Object.keys(machineSchema.shape);

/** A profile's values (the file's, overrides applied) -> the profile less its name, over `layers` (read at each parse: a user may register one). */
function profileValuesSchema(layers: () => readonly SecurityLayer<any>[]): z.ZodType<Omit<HardwareProfile, 'name'>, unknown> {
  return z.unknown().transform((values, ctx): Omit<HardwareProfile, 'name'> => {
    const owners = layers().filter((l) => l.hardware !== undefined);
    // every key is someone's: the machine's or a layer's (unknown keys are named with a guess)
    const keys = strictShape(Object.fromEntries([...MACHINE_KEYS, ...owners.flatMap((l) => l.hardware!.keys)].map((k) => [k, z.unknown().optional()])));
    const known = keys.safeParse(values, PARSE_OPTIONS);
    if (!known.success) forward(ctx, known.error.issues, []);
    if (!isPlainObject(values)) return z.NEVER;
    const own = (names: readonly string[]) => Object.fromEntries(Object.entries(values).filter(([key]) => names.includes(key)));
    const machine = machineSchema.safeParse(own(MACHINE_KEYS), PARSE_OPTIONS);
    if (!machine.success) forward(ctx, machine.error.issues, []);
    const parts = owners.map((l) => l.hardware!.schema.safeParse(own(l.hardware!.keys), PARSE_OPTIONS));
    for (const part of parts) if (!part.success) forward(ctx, part.error.issues, []);
    if (!known.success || !machine.success || parts.some((p) => !p.success)) return z.NEVER;
    return Object.assign({ cores: machine.data.cores, memoryMiB: machine.data.memory }, ...parts.map((p) => p.data));
  });
}

/** `hardware` as a scenario writes it (a name, a file, or `{ profile, ...overrides }`) -> the resolved profile. */
export function composeHardwareSchema(layers: () => readonly SecurityLayer<any>[]): z.ZodType<HardwareProfile, unknown> {
  const values = profileValuesSchema(layers);
  return hardwareSchemaOf(() => values);
}
