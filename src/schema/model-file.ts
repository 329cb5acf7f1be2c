/**
 * Model files (models/*.yaml): every leaf is `{ value, mark, source }`, so that each default says
 * where it comes from (a row of docs/calibration.md or docs/openwhisk.md). These helpers read a
 * model file, take its defaults, list its leaves and merge a scenario block over the defaults.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { isPlainObject } from './zod-helpers.js';

/** How a model value is known (docs/calibration.md): printed in a source, computed from such, or a reasoned guess. */
export const MODEL_MARKS = ['seen', 'derived', 'estimated'] as const;

/** A leaf of a model file: the value and where it comes from (`calibration.md#<row>: ...`). */
export interface ModelLeaf {
  value: unknown;
  mark: (typeof MODEL_MARKS)[number];
  source: string;
}
export type ModelNode = ModelLeaf | { [key: string]: ModelNode };

export const isModelLeaf = (n: unknown): n is ModelLeaf => isPlainObject(n) && 'value' in n && 'mark' in n;

/** Reads `models/<name>` (name may contain a folder), from src/ under jest or dist/ after the build. */
export function readModelFile(name: string): { [key: string]: ModelNode } {
  const text = readFileSync(new URL(`../../models/${name}`, import.meta.url), 'utf8');
  return parseYaml(text) as { [key: string]: ModelNode };
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
