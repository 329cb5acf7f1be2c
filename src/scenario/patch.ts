/**
 * Variant patches and sweep points applied to the raw document. Every write is recorded with
 * where it came from in the file, so that a problem found in the merged document can be
 * reported where the author wrote the offending value (the variant, the sweep, or the base).
 */
import type { Path, PathSegment, Problem } from '../schema/errors.js';
import { isPlainObject } from '../schema/zod-helpers.js';

/** `target` (in the merged document) was written from `source` (a path in the file). */
export interface Write {
  target: Path;
  source: Path;
}

/**
 * A dotted key of a variant patch or of the sweep, `"workload.0.arrivals.poisson"` ->
 * `["workload", "0", "arrivals", "poisson"]` (indices are resolved against the data); or why it
 * cannot be one: an empty segment, or a first segment among `fileLevelKeys` (`fileLevel` words that).
 */
export function dottedSegments(key: string, fileLevelKeys: readonly string[], fileLevel: (first: string) => string): string[] | string {
  const segments = key.split('.');
  if (segments.some((s) => s === '')) return `${JSON.stringify(key)} is not a valid path: empty segment`;
  if (fileLevelKeys.includes(segments[0])) return fileLevel(segments[0]);
  return segments;
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/** The child of a mapping or list at `segment`, if it has one (own keys only). */
export function child(container: unknown, segment: PathSegment): { found: boolean; value?: unknown } {
  if (Array.isArray(container)) {
    const index = typeof segment === 'number' ? segment : INDEX.test(segment) ? Number(segment) : -1;
    return index >= 0 && index < container.length ? { found: true, value: container[index] } : { found: false };
  }
  if (isPlainObject(container) && Object.hasOwn(container, String(segment))) {
    return { found: true, value: container[String(segment)] };
  }
  return { found: false };
}

/** Resolves dotted segments against `data`: list positions become numbers. Undefined if the path does not exist. */
export function resolvePath(data: unknown, segments: readonly string[]): Path | undefined {
  const path: Path = [];
  let node = data;
  for (const segment of segments) {
    const next = child(node, segment);
    if (!next.found) return undefined;
    path.push(Array.isArray(node) ? Number(segment) : segment);
    node = next.value;
  }
  return path;
}

function getPath(data: unknown, path: Path): unknown {
  let node = data;
  for (const segment of path) node = child(node, segment).value;
  return node;
}

/** Sets an existing path (sweep points only change values that are there). */
export function setPath(data: unknown, path: Path, value: unknown): void {
  const parent = getPath(data, path.slice(0, -1)) as Record<string, unknown> | unknown[];
  (parent as Record<PathSegment, unknown>)[path[path.length - 1]] = value;
}

/**
 * Applies a variant patch in place: mappings merge key by key, lists and scalars replace,
 * null removes a key (as in JSON Merge Patch, RFC 7386). A top-level key may be a dotted path;
 * its numeric segments index lists. `sourcePrefix` is where the patch is in the file.
 */
export function applyPatch(
  document: Record<string, unknown>,
  patch: Record<string, unknown>,
  sourcePrefix: Path,
  forbidden: readonly string[],
  writes: Write[],
): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const source = [...sourcePrefix, key];
    const segments = dottedSegments(key, forbidden, (first) => `a variant cannot change ${first}: it belongs to the whole file`);
    if (typeof segments === 'string') {
      problems.push({ path: source, message: segments });
      continue;
    }
    // Walk to the parent of the last segment, creating mappings that do not exist yet.
    let container: unknown = document;
    const target: Path = [];
    let failed = false;
    for (const segment of segments.slice(0, -1)) {
      const step = stepInto(container, segment, target);
      if (typeof step === 'string') {
        problems.push({ path: source, message: step });
        failed = true;
        break;
      }
      container = step;
    }
    if (failed) continue;
    const last = segments[segments.length - 1];
    const problem = mergeInto(container, last, value, target, source, writes);
    if (problem) problems.push({ path: source, message: problem });
  }
  return problems;
}

/** One step down a dotted path; returns the child container or why it cannot go on. */
function stepInto(container: unknown, segment: string, target: Path): unknown {
  const where = target.length === 0 ? 'the document' : target.join('.');
  if (Array.isArray(container)) {
    if (!INDEX.test(segment)) return `${where} is a list: expected an index, got ${JSON.stringify(segment)}`;
    const index = Number(segment);
    if (index >= container.length) return `${where} has ${container.length} item(s): index ${index} does not exist`;
    target.push(index);
    const next = container[index];
    if (!isPlainObject(next) && !Array.isArray(next)) return `${target.join('.')} is not a mapping or a list`;
    return next;
  }
  const object = container as Record<string, unknown>;
  target.push(segment);
  if (!Object.hasOwn(object, segment) || object[segment] === null || object[segment] === undefined) object[segment] = {};
  const next = object[segment];
  if (!isPlainObject(next) && !Array.isArray(next)) return `${target.join('.')} is not a mapping or a list`;
  return next;
}

function mergeInto(container: unknown, key: string, value: unknown, parentTarget: Path, source: Path, writes: Write[]): string | undefined {
  if (Array.isArray(container)) {
    if (!INDEX.test(key) || Number(key) >= container.length) {
      const where = parentTarget.join('.') || 'the document';
      return `${where} has ${container.length} item(s): ${JSON.stringify(key)} is not one of its indices`;
    }
    const index = Number(key);
    if (value === null) return 'null would leave a hole in a list: replace the whole list instead';
    mergeValue(container, index, value, [...parentTarget, index], source, writes);
    return undefined;
  }
  mergeValue(container as Record<PathSegment, unknown>, key, value, [...parentTarget, key], source, writes);
  return undefined;
}

function mergeValue(parent: Record<PathSegment, unknown> | unknown[], key: PathSegment, value: unknown, target: Path, source: Path, writes: Write[]): void {
  const object = parent as Record<PathSegment, unknown>;
  const current = Object.hasOwn(object, key) ? object[key] : undefined;
  if (value === null) {
    delete object[key];
    writes.push({ target, source });
    return;
  }
  if (isPlainObject(value) && isPlainObject(current)) {
    for (const [k, v] of Object.entries(value)) mergeValue(current, k, v, [...target, k], [...source, k], writes);
    return;
  }
  object[key] = structuredClone(value);
  writes.push({ target, source });
}

/** Where in the file a path of the merged document was written: the last write that covers it. */
export function sourceOf(path: Path, writes: readonly Write[]): Path {
  for (let i = writes.length - 1; i >= 0; i--) {
    const { target, source } = writes[i];
    if (target.length <= path.length && target.every((segment, j) => String(segment) === String(path[j]))) {
      return [...source, ...path.slice(target.length)];
    }
  }
  return path;
}
