/**
 * Model files (models/*.yaml, and a user's hardware profile files): every leaf is
 * `{ value, mark, source }`, so that each default says where it comes from (a row of
 * docs/calibration.md or docs/openwhisk.md). These helpers read a model file, check its leaves,
 * take its defaults, list its leaves and merge a scenario block over the defaults.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { showValue, type Path, type Problem } from './errors.js';
import { isPlainObject } from './zod-helpers.js';

/** How a model value is known (docs/calibration.md): printed in a source, computed from such, or a reasoned guess. */
export const MODEL_MARKS = ['seen', 'derived', 'estimated'] as const;
const FITTED = 'fitted: ';
/** Where a value comes from: a mark of calibration.md, or `fitted: FILE` (by `secfaas calibrate`, to the measurements in FILE). */
export type ModelMark = (typeof MODEL_MARKS)[number] | `fitted: ${string}`;

export const fittedMark = (file: string): ModelMark => `${FITTED}${file}`;

export function isModelMark(mark: unknown): mark is ModelMark {
  if (typeof mark !== 'string') return false;
  return (MODEL_MARKS as readonly string[]).includes(mark) || (mark.startsWith(FITTED) && mark.trim().length > FITTED.length);
}

/** A leaf of a model file: the value and where it comes from. */
export interface ModelLeaf {
  value: unknown;
  mark: ModelMark;
  source: string;
}
export type ModelNode = ModelLeaf | { [key: string]: ModelNode };

export const isModelLeaf = (n: unknown): n is ModelLeaf => isPlainObject(n) && 'value' in n && 'mark' in n;

/** Reads `models/<name>` (name may contain a folder), from src/ under jest or dist/ after the build. */
export function readModelFile(name: string): { [key: string]: ModelNode } {
  const text = readFileSync(new URL(`../../models/${name}`, import.meta.url), 'utf8');
  return parseYaml(text) as { [key: string]: ModelNode };
}

const LEAF_KEYS = ['value', 'mark', 'source'];
const MARKS_SAID = `${MODEL_MARKS.join(', ')} or "fitted: FILE"`;

/**
 * Problems of a model node written by hand (a hardware profile file): every leaf a mapping of
 * exactly value, mark and source; a group a mapping of nodes. Paths are into `node`.
 */
export function modelNodeProblems(node: unknown, path: Path = []): Problem[] {
  if (!isPlainObject(node)) {
    return [{ path, message: `expected { value, mark, source } (every value of a model file says where it comes from), got ${showValue(node)}` }];
  }
  const isLeaf = LEAF_KEYS.some((k) => Object.hasOwn(node, k));
  if (!isLeaf) return Object.entries(node).flatMap(([key, child]) => modelNodeProblems(child, [...path, key]));
  const problems: Problem[] = [];
  for (const key of Object.keys(node)) {
    if (!LEAF_KEYS.includes(key)) problems.push({ path: [...path, key], message: `unknown key ${JSON.stringify(key)}: a value is written { value, mark, source }` });
  }
  if (!Object.hasOwn(node, 'value')) problems.push({ path, message: 'value: required, but missing' });
  if (!isModelMark(node.mark)) {
    const got = node.mark === undefined ? 'required, but missing' : `got ${showValue(node.mark)}`;
    problems.push({ path: [...path, 'mark'], message: `expected a mark: ${MARKS_SAID}; ${got}` });
  }
  if (typeof node.source !== 'string' || node.source.trim() === '') {
    problems.push({ path: [...path, 'source'], message: `expected where the value comes from (a non-empty string), got ${showValue(node.source)}` });
  }
  return problems;
}

/** Every leaf with its dotted path. */
export function modelLeavesOf(node: ModelNode, path = ''): { path: string; leaf: ModelLeaf }[] {
  if (isModelLeaf(node)) return [{ path, leaf: node }];
  return Object.entries(node).flatMap(([k, child]) => modelLeavesOf(child, path ? `${path}.${k}` : k));
}

/** The values of a model node, as a scenario would write them (units as in the file). */
export function defaultsOf(node: ModelNode): unknown {
  if (isModelLeaf(node)) return node.value;
  return Object.fromEntries(Object.entries(node).map(([k, child]) => [k, defaultsOf(child)]));
}

/**
 * A scenario block over the defaults: groups of the model merge key by key, leaves are replaced
 * whole. Keys unknown to the model pass through so that a strict schema names them.
 * `special(key, value)` may replace a key's merge (OpenWhisk's `latencies: 0`).
 */
export function mergeOverModel(
  model: ModelNode,
  defaults: unknown,
  block: unknown,
  special?: (key: string, value: unknown) => unknown,
): unknown {
  if (isModelLeaf(model) || !isPlainObject(block) || !isPlainObject(defaults)) return block === undefined ? defaults : block;
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(block)) {
    const child = (model as Record<string, ModelNode>)[key];
    const replaced = special?.(key, value);
    if (replaced !== undefined) out[key] = replaced;
    else if (child === undefined) out[key] = value;
    else out[key] = mergeOverModel(child, out[key], value, special);
  }
  return out;
}

const loadedModels = new Map<string, { model: { [key: string]: ModelNode }; defaults: Record<string, unknown> }>();

/** A model file and its defaults as a scenario would write them, read once per process: shared, copy before changing. */
export function cachedModelFile(name: string): { model: { [key: string]: ModelNode }; defaults: Record<string, unknown> } {
  let loaded = loadedModels.get(name);
  if (loaded === undefined) {
    const model = readModelFile(name);
    loaded = { model, defaults: defaultsOf(model) as Record<string, unknown> };
    loadedModels.set(name, loaded);
  }
  return loaded;
}
