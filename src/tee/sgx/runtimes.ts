/**
 * In-enclave runtime profiles (models/runtimes/<name>.yaml): what an enclave of a given runtime
 * holds and how it starts (docs/sgx.md, "Runtimes"). A function's `enclave: { runtime: NAME }`
 * takes one, its other keys overriding the profile's; without `runtime` it takes the one a
 * Clemmys-like (SCONE) deployment of its `kind` would use (models/sgx.yaml's `enclave.runtime`).
 */
import { readdirSync } from 'node:fs';
import { z } from 'zod';
import type { DistributionSpec } from '../../engine/distributions.js';
import { cachedModelFile } from '../../schema/model-file.js';
import { strictShape } from '../../schema/zod-helpers.js';
import { zDurationDistribution, zSizeMiB } from '../../schema/zod-units.js';

/** Which pages EEXTEND measures at creation: every page (the SGX SDK, SCONE), or the code only (library OSes: the heap is EADDed alone). */
export const MEASURED = ['all', 'code'] as const;
export type Measured = (typeof MEASURED)[number];

/** A runtime profile's keys, as a function's `enclave` may override them. */
export const runtimeKeysShape = {
  code: zSizeMiB,
  heap: zSizeMiB,
  workingSet: zSizeMiB,
  runtimeStart: zDurationDistribution,
  measured: z.enum(MEASURED),
};
const runtimeSchema = strictShape(runtimeKeysShape);

/** A runtime profile in base units. */
export interface RuntimeProfile {
  name: string;
  /** Pages added at creation besides the heap: the runtime's image, stacks; always measured. */
  codeMiB: number;
  heapMiB: number;
  /** Heap one request touches. */
  workingSetMiB: number;
  runtimeStart: DistributionSpec;
  measured: Measured;
}

let names: string[] | undefined;

/** The shipped runtime profiles' names (the files of models/runtimes/), sorted. */
export function runtimeNames(): string[] {
  names ??= readdirSync(new URL('../../../models/runtimes/', import.meta.url))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
  return names;
}

const profiles = new Map<string, RuntimeProfile>();

/** A shipped runtime profile by name (the names are checked by the enclave schema). */
export function runtimeProfile(name: string): RuntimeProfile {
  let profile = profiles.get(name);
  if (profile === undefined) {
    const p = runtimeSchema.parse(cachedModelFile(`runtimes/${name}.yaml`).defaults);
    profile = { name, codeMiB: p.code, heapMiB: p.heap, workingSetMiB: p.workingSet, runtimeStart: p.runtimeStart, measured: p.measured };
    profiles.set(name, profile);
  }
  return profile;
}

/** The language of an OpenWhisk kind: `nodejs:20` -> `nodejs`. */
const languageOf = (kind: string): string => kind.split(':')[0];

/** The runtime of a function that names none: models/sgx.yaml's entry for its kind's language, else `other`'s. */
export function defaultRuntimeOf(kind: string): string {
  const byLanguage = cachedModelFile('sgx.yaml').defaults.enclave as { runtime: Record<string, string> };
  return byLanguage.runtime[languageOf(kind)] ?? byLanguage.runtime.other;
}
