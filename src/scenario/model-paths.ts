/**
 * Sweep paths into an OpenWhisk platform block that reach a default of models/openwhisk.yaml the
 * file does not write (`platform.pauseGrace`, `platform.latencies.kafka`, `platform.prewarm.
 * stemCells.0.initialCount`). A sweep only changes values that are there; for these the model's
 * default is written into the document first, which the platform schema reads the same as
 * leaving it out.
 */
import { openWhiskDefaults } from '../platform/openwhisk/schema.js';
import type { Path } from '../spec/errors.js';
import { child, resolvePath } from './patch.js';
import { isPlainObject } from '../spec/zod-helpers.js';

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
    return resolvePath(document, segments);
  }
  return undefined;
}
