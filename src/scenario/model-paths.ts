/**
 * Sweep paths that reach a model-file default the file does not write: into an OpenWhisk platform
 * block (`platform.pauseGrace`, `platform.latencies.kafka`, `platform.prewarm.stemCells.0.
 * initialCount`, and models/sgx.yaml's `platform.security.augmentBatch` once the file has a
 * security block), and into a hardware profile, shipped or a file (`hardware.epc`). A sweep only
 * changes values that are there; for these the model's default is written into the document
 * first, which the schemas read the same as leaving it out.
 */
import { platformDescriptor } from '../platform/index.js';
import { securityDefaults } from '../layers/index.js';
import { hardwareDefaults, hardwareFrom } from '../schema/hardware-profiles.js';
import type { Path } from '../schema/errors.js';
import { child, resolvePath } from './patch.js';
import { isPlainObject } from '../schema/zod-helpers.js';

/**
 * Makes `segments` (a dotted sweep path starting with `platform` or `hardware`) exist in `document`
 * when its model file (the platform descriptor's `modelDefaults`, the hardware profile) defines the
 * path: the first missing key gets the model's default. Returns the resolved path, or undefined (and
 * leaves `document` alone) when the path is neither in the document nor in the model. `folder`: the
 * scenario's, which a profile file's path is relative to.
 */
export function reachModelDefault(document: Record<string, unknown>, segments: readonly string[], folder: string): Path | undefined {
  if (segments.length < 2) return undefined;
  if (segments[0] === 'hardware') return reachHardwareDefault(document, segments, folder);
  const platform = document.platform;
  if (segments[0] !== 'platform' || !isPlainObject(platform) || typeof platform.kind !== 'string') return undefined;
  const own = platformDescriptor(platform.kind)?.modelDefaults?.(platform);
  // a security block's keys, once the file has one (a sweep does not switch a native platform to a secure one)
  const defaults = isPlainObject(platform.security) ? { ...(isPlainObject(own) ? own : {}), security: securityDefaults() } : own;
  return defaults === undefined ? undefined : reachInto(document, platform, defaults, segments);
}

/** `hardware.epc` on `hardware: NAME or FILE` or `{ profile: NAME or FILE }`: the profile's values (the file's as written, kept relative). */
function reachHardwareDefault(document: Record<string, unknown>, segments: readonly string[], folder: string): Path | undefined {
  const hardware = typeof document.hardware === 'string' ? { profile: document.hardware } : document.hardware;
  const ref = isPlainObject(hardware) ? hardwareFrom(hardware.profile, folder) : undefined;
  const profile = typeof ref === 'string' ? hardwareDefaults(ref) : undefined;
  if (profile === undefined || segments[1] === 'profile') return undefined;
  return reachInto(document, structuredClone(hardware), profile, segments, (node) => (document.hardware = node));
}

/**
 * Walks `segments` (from the second) down `root` and `defaults` together; the first key missing
 * from the document gets the model's value. `adopt` puts `root` into the document when it is a copy.
 */
function reachInto(document: Record<string, unknown>, root: unknown, defaults: unknown, segments: readonly string[], adopt?: (node: unknown) => void): Path | undefined {
  let node: unknown = root;
  let model: unknown = defaults;
  for (let i = 1; i < segments.length; i++) {
    model = child(model, segments[i]).value;
    const next = child(node, segments[i]).value;
    if (next !== undefined) {
      node = next;
      continue;
    }
    // Missing from the document: the model must have the rest of the path.
    if (model === undefined || !isPlainObject(node)) return undefined;
    let rest: unknown = model;
    for (const segment of segments.slice(i + 1)) rest = child(rest, segment).value;
    if (rest === undefined) return undefined;
    node[segments[i]] = structuredClone(model);
    adopt?.(root);
    return resolvePath(document, segments);
  }
  return undefined;
}

/** The document with its `hardware` profile file's path taken from the scenario's `folder` (hardwareFrom); the document itself is left alone. */
export function withHardwareFrom(document: unknown, folder: string): unknown {
  if (!isPlainObject(document) || document.hardware === undefined) return document;
  return { ...document, hardware: hardwareFrom(document.hardware, folder) };
}

/**
 * `hardware: NAME or FILE` as `{ profile: ... }` while a variant's patch is applied, so that the
 * variant reaches the profile's keys (`"hardware.epc": 64MiB`, `hardware: { epc: 64MiB }`). Returns
 * what puts the short form back when the patch added nothing to it, so that problems of the
 * profile are still reported at `hardware`.
 */
export function expandHardwareShorthand(document: Record<string, unknown>): () => void {
  if (typeof document.hardware !== 'string') return () => {};
  document.hardware = { profile: document.hardware };
  return () => {
    const hardware = document.hardware;
    if (isPlainObject(hardware) && typeof hardware.profile === 'string' && Object.keys(hardware).length === 1) document.hardware = hardware.profile;
  };
}
