/**
 * Sweep paths into an OpenWhisk platform block that reach a default of models/openwhisk.yaml the
 * file does not write (`platform.pauseGrace`, `platform.latencies.kafka`, `platform.prewarm.
 * stemCells.0.initialCount`). A sweep only changes values that are there; for these the model's
 * default is written into the document first, which the platform schema reads the same as
 * leaving it out.
 */
import { modelLeaves } from '../platform/openwhisk/schema.js';
import type { Path } from './errors.js';
import { resolvePath } from './patch.js';
import { isPlainObject } from './zod-helpers.js';

let defaults: Record<string, unknown> | undefined;

/** The model's defaults as a platform block would write them (units as in the model file). */
function openWhiskDefaults(): Record<string, unknown> {
  if (defaults === undefined) {
    const tree: Record<string, unknown> = {};
    for (const { path, leaf } of modelLeaves()) {
      const keys = path.split('.');
      let node = tree;
      for (const key of keys.slice(0, -1)) {
        if (!isPlainObject(node[key])) node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
      node[keys[keys.length - 1]] = leaf.value;
    }
    defaults = tree;
  }
  return defaults;
}

const INDEX = /^(0|[1-9][0-9]*)$/;

function childOf(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) return INDEX.test(segment) ? node[Number(segment)] : undefined;
  if (isPlainObject(node) && Object.hasOwn(node, segment)) return node[segment];
  return undefined;
}

/**
 * Makes `segments` (a dotted sweep path starting with `platform`) exist in `document` when its
 * platform is OpenWhisk and the model file defines the path: the first missing key gets the
 * model's default. Returns the resolved path, or undefined (and leaves `document` alone) when
 * the path is neither in the document nor in the model.
 */
export function reachModelDefault(document: Record<string, unknown>, segments: readonly string[]): Path | undefined {
  const platform = document.platform;
  if (segments.length < 2 || segments[0] !== 'platform' || !isPlainObject(platform) || platform.kind !== 'openwhisk') return undefined;
  let node: unknown = platform;
  let model: unknown = openWhiskDefaults();
  for (let i = 1; i < segments.length; i++) {
    model = childOf(model, segments[i]);
    const next = childOf(node, segments[i]);
    if (next !== undefined) {
      node = next;
      continue;
    }
    // Missing from the document: the model must have the rest of the path.
    if (model === undefined || !isPlainObject(node)) return undefined;
    let rest: unknown = model;
    for (const segment of segments.slice(i + 1)) rest = childOf(rest, segment);
    if (rest === undefined) return undefined;
    node[segments[i]] = structuredClone(model);
    return resolvePath(document, segments);
  }
  return undefined;
}
