/**
 * Hardware profiles (models/hardware/<name>.yaml): a scenario names one (`hardware: icelake-sp`), a
 * profile file of its own (`hardware: ./profiles/my-host.yaml`, profile-file.ts), or overrides any
 * key of either (`hardware: { profile: gemini-lake-j5005, epc: 64MiB }`). This reads and merges
 * them; what the values are is the caller's schema (the record of layers composes it: every
 * machine's cores and memory, and each TEE's keys).
 */
import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { formatIssue, showValue, type Path, type Problem } from './errors.js';
import type { HardwareProfile } from './hardware.js';
import { defaultsOf, mergeOverModel, readModelFile, type ModelNode } from './model-file.js';
import { isProfileFile, locateInLayers, readProfileFile, readProfileText } from './profile-file.js';
import { isPlainObject } from './zod-helpers.js';
import { closestKey, PARSE_OPTIONS, problemsFromZod } from './zod-issues.js';

let cachedModels: Map<string, { model: ModelNode; defaults: unknown }> | undefined;

/** Every profile's model file, by name, read once. */
export function hardwareModels(): Map<string, { model: ModelNode; defaults: unknown }> {
  if (cachedModels === undefined) {
    const names = readdirSync(new URL('../../models/hardware/', import.meta.url))
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

function unknownProfile(name: unknown): string {
  const names = hardwareNames();
  const guess = typeof name === 'string' ? closestKey(name, names) : undefined;
  const hint = guess ? ` (did you mean "${guess}"?)` : '';
  return `unknown hardware profile ${showValue(name)}${hint}; profiles in models/hardware/: ${names.join(', ')}`;
}

const SHIPPED = {
  model: (name: string) => hardwareModels().get(name)?.model as Record<string, ModelNode> | undefined,
  unknown: unknownProfile,
};

/** A profile to resolve: its model and values, and for a file where its own problems are. */
interface ProfileEntry {
  model: ModelNode;
  defaults: unknown;
  /** A problem of the file's values, located in the file that wrote the value. */
  inFile?: (problem: Problem) => string;
}

/** The profile a ref names: shipped (by name) or a file; otherwise why not, as messages. */
function profileEntry(ref: string): ProfileEntry | { messages: string[] } {
  if (!isProfileFile(ref)) {
    const shipped = hardwareModels().get(ref);
    return shipped ?? { messages: [unknownProfile(ref)] };
  }
  const read = readProfileText(ref);
  if ('reason' in read) return { messages: [`cannot read the hardware profile ${ref}: ${read.reason}`] };
  const file = readProfileFile(ref, read.text, SHIPPED);
  if ('issues' in file) return { messages: file.issues.map(formatIssue) };
  return { model: file.model, defaults: defaultsOf(file.model), inFile: (problem) => formatIssue(locateInLayers(file.layers, problem)) };
}

/**
 * A profile's values as a scenario would write them (units as in its file), by name or file;
 * undefined for a ref that names none (or a file with problems). Shared: copy before changing.
 */
export function hardwareDefaults(ref: string): unknown {
  const entry = profileEntry(ref);
  return 'messages' in entry ? undefined : entry.defaults;
}

/**
 * `hardware` as a scenario in `folder` writes it, with a profile file's path taken from that folder
 * (so a scenario and its profiles move together); a profile name, and anything else, stay.
 */
export function hardwareFrom(hardware: unknown, folder: string): unknown {
  if (typeof hardware === 'string') return isProfileFile(hardware) && !isAbsolute(hardware) ? join(folder, hardware) : hardware;
  if (!isPlainObject(hardware) || typeof hardware.profile !== 'string') return hardware;
  return { ...hardware, profile: hardwareFrom(hardware.profile, folder) };
}

/** Whether a scenario block writes the value at `path` (or a value above it, which replaces it whole). */
function writes(block: unknown, path: Path): boolean {
  let node = block;
  for (const segment of path) {
    if (!isPlainObject(node)) return true;
    if (!Object.hasOwn(node, String(segment))) return false;
    node = node[String(segment)];
  }
  return true;
}

/**
 * The schema of `hardware` as a scenario writes it: a profile name or file, or `{ profile,
 * ...overrides }` (a file's path as hardwareFrom made it). `values` resolves a profile's values (the
 * file's, the overrides over them) to the profile, less its name; the result is named by its name
 * or path. A problem of a value the file wrote is located in the file, one the scenario overrides
 * at the scenario's key.
 */
export function hardwareSchemaOf(values: () => z.ZodType<Omit<HardwareProfile, 'name'>, unknown>): z.ZodType<HardwareProfile, unknown> {
  return z.unknown().transform((value, ctx): HardwareProfile => {
    const block = typeof value === 'string' ? { profile: value } : value;
    if (!isPlainObject(block)) {
      ctx.addIssue({ code: 'custom', message: `expected a hardware profile name (${hardwareNames().join(', ')}), a profile file, or { profile: NAME, ...overrides }, got ${showValue(value)}` });
      return z.NEVER;
    }
    const { profile, ...overrides } = block;
    if (profile === undefined) {
      const changes = Object.keys(overrides).map((key) => `${key}: ...`).join(', ');
      ctx.addIssue({ code: 'custom', message: `a hardware block changes a profile: name it, { profile: NAME${changes ? `, ${changes}` : ''} }; profiles in models/hardware/: ${hardwareNames().join(', ')}` });
      return z.NEVER;
    }
    const at: Path = typeof value === 'string' ? [] : ['profile'];
    const entry = typeof profile === 'string' ? profileEntry(profile) : { messages: [unknownProfile(profile)] };
    if ('messages' in entry) {
      for (const message of entry.messages) ctx.addIssue({ code: 'custom', path: at, message });
      return z.NEVER;
    }
    const result = values().safeParse(mergeOverModel(entry.model, entry.defaults, overrides), PARSE_OPTIONS);
    if (!result.success) {
      const { inFile } = entry;
      for (const problem of problemsFromZod(result.error.issues)) {
        // a value the scenario overrides is its own problem; one from the file is the file's
        if (inFile !== undefined && !writes(overrides, problem.path)) ctx.addIssue({ code: 'custom', path: at, message: inFile(problem) });
        else ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
      }
      return z.NEVER;
    }
    return { name: profile as string, ...result.data };
  });
}
