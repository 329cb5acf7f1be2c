/**
 * Hardware profiles in a user's files (`hardware: ./profiles/my-host.yaml`): the form of
 * models/hardware/*.yaml, every value `{ value, mark, source }`, plus `extends: NAME` (a shipped
 * profile) or `extends: FILE` (another profile file, relative to this one), whose keys fill in
 * those the file does not write. A ref is a file when it contains a slash or ends in .yaml or .yml;
 * otherwise it names a profile of models/hardware/.
 */
import { readFileSync } from 'node:fs';
import { inputFileProblem } from './input-files.js';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { formatPath, showValue, type Path, type Problem, type ScenarioIssue } from './errors.js';
import { mergeOverModel, modelNodeProblems, type ModelNode } from './model-file.js';
import { parseSource, type Position } from './yaml-source.js';
import { isPlainObject } from './zod-helpers.js';

export const isProfileFile = (ref: string): boolean => /[/\\]/.test(ref) || /\.ya?ml$/i.test(ref);

const PROFILE_SOURCE = { noun: 'hardware profile', needs: '`extends: PROFILE` or every key of a profile' };

/** One file of a profile's chain: what it writes itself, and where. */
interface Layer {
  file: string;
  own: Record<string, ModelNode>;
  locate(path: Path): Position;
}

export type ProfileFile =
  /** The profile's model (every file's nodes over its base's); `layers` from this file to its furthest base file. */
  | { model: Record<string, ModelNode>; layers: Layer[] }
  | { issues: ScenarioIssue[] };

/** The shipped profiles, for `extends: NAME`. */
export interface ShippedProfiles {
  model(name: string): Record<string, ModelNode> | undefined;
  /** The message for a name that is no shipped profile. */
  unknown(name: string): string;
}

/** The text of a profile file, or why it cannot be read. */
export function readProfileText(file: string): { text: string } | { reason: string } {
  const problem = inputFileProblem(file, 'profile');
  if (problem !== undefined) return { reason: problem };
  try {
    return { text: readFileSync(file, 'utf8').replace(/^\uFEFF/, '') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : (error as Error).message };
  }
}

/**
 * Reads the profile file `file` (its `text`) and the files it extends. `chain`: the files that
 * extend it, to refuse a cycle. Problems of any file of the chain are located in that file.
 */
export function readProfileFile(file: string, text: string, shipped: ShippedProfiles, chain: readonly string[] = []): ProfileFile {
  const parsed = parseSource(text, PROFILE_SOURCE);
  if ('problems' in parsed) return { issues: parsed.problems.map((p) => ({ file, line: p.line, column: p.column, path: '', message: p.message })) };
  const { data, locate } = parsed;
  const at = (problem: Problem): ScenarioIssue => ({ file, ...locate(problem.path), path: formatPath(problem.path), message: problem.message });
  if (!isPlainObject(data)) return { issues: [at({ path: [], message: `a hardware profile is a mapping of { value, mark, source } values, got ${showValue(data)}` })] };

  const { extends: base, ...own } = data;
  const issues = modelNodeProblems(own).map(at);
  const here = resolve(file);
  let baseModel: Record<string, ModelNode> | undefined;
  let baseLayers: Layer[] = [];
  if (base !== undefined) {
    const extendsAt = (message: string) => issues.push(at({ path: ['extends'], message }));
    if (typeof base !== 'string' || base === '') {
      extendsAt(`expected a profile name (as in models/hardware/) or a profile file, got ${showValue(base)}`);
    } else if (!isProfileFile(base)) {
      baseModel = shipped.model(base);
      if (baseModel === undefined) extendsAt(shipped.unknown(base));
    } else {
      const baseFile = isAbsolute(base) ? base : join(dirname(file), base);
      const cycle = [...chain, here].indexOf(resolve(baseFile));
      const read = cycle >= 0 ? undefined : readProfileText(baseFile);
      if (read === undefined) {
        const files = [...chain, here].slice(cycle).map((f) => showPath(f));
        extendsAt(`extends ${base} makes a cycle: ${[...files, files[0]].join(' -> ')}`);
      } else if ('reason' in read) {
        extendsAt(`cannot read the hardware profile ${baseFile}: ${read.reason}`);
      } else {
        const sub = readProfileFile(baseFile, read.text, shipped, [...chain, here]);
        if ('issues' in sub) issues.push(...sub.issues);
        else ({ model: baseModel, layers: baseLayers } = sub);
      }
    }
  }
  if (issues.length > 0) return { issues };
  const mine = own as Record<string, ModelNode>;
  const model = baseModel === undefined ? mine : (mergeOverModel(baseModel, baseModel, mine) as Record<string, ModelNode>);
  return { model, layers: [{ file, own: mine, locate }, ...baseLayers] };
}

/** A file as messages show it: relative to the working folder when inside it. */
function showPath(file: string): string {
  const cwd = process.cwd();
  return file.startsWith(cwd + '/') ? file.slice(cwd.length + 1) : file;
}

/**
 * Places a problem of the profile's values (a path into its values, as the profile schema reports
 * it) in the file of the chain that wrote the value: at the value of a leaf (`pageLoad.value`), at
 * the key for an unknown key; in the first file when none wrote it (a key missing from them all).
 */
export function locateInLayers(layers: readonly Layer[], problem: Problem): ScenarioIssue {
  const unknownKey = problem.message.startsWith('unknown key');
  for (const layer of layers) {
    const path = filePath(layer.own, problem.path, unknownKey);
    if (path !== undefined) return { file: layer.file, ...layer.locate(path), path: formatPath(path), message: problem.message };
  }
  const first = layers[0];
  return { file: first.file, ...first.locate(problem.path), path: formatPath(problem.path), message: problem.message };
}

/** `path` into the values as a path into the file's nodes (`value` after the leaf's key), or undefined when the file does not write it. */
function filePath(own: Record<string, ModelNode>, path: Path, unknownKey: boolean): Path | undefined {
  let node: unknown = own;
  for (let i = 0; i < path.length; i++) {
    if (!isPlainObject(node) || !Object.hasOwn(node, String(path[i]))) return undefined;
    node = node[String(path[i])];
    const isLeaf = isPlainObject(node) && Object.hasOwn(node, 'value');
    if (isLeaf) return unknownKey && i === path.length - 1 ? path.slice(0, i + 1) : [...path.slice(0, i + 1), 'value', ...path.slice(i + 1)];
  }
  return path;
}
