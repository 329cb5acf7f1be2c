/**
 * Many similar functions, written once. A function entry with `count: N` stands for N functions
 * named `<name>-00` ... (zero-padded to the width of N-1); any other key may be a list of N values,
 * value i for function i. A workload entry whose `function` holds `*` (a glob: `f-*`, `*`) calls
 * every function whose name matches, each as an entry of its own (its own arrival and demand
 * streams). Expansion happens on the document after its variant and sweep point are applied, so
 * dotted paths (`functions.0.memory`, `workload.0.arrivals.poisson`) address the entries as
 * written; problems in the expanded document are mapped back to where the file writes them.
 */
import type { Path, Problem } from '../schema/errors.js';
import { isPlainObject } from '../schema/zod-helpers.js';

/** Expanding a family builds its functions before any size check: keep the count within reason. */
export const MAX_FUNCTION_COUNT = 10_000;

/** The suffix of member `index` of a family of `count`: `-07` of 40 (width of count - 1). */
export function memberName(name: string, index: number, count: number): string {
  return `${name}-${String(index).padStart(String(count - 1).length, '0')}`;
}

export const isGlob = (name: string): boolean => name.includes('*');

/** `f-*` -> /^f-.*$/: `*` matches any run of characters, everything else itself. */
export function globPattern(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

export interface Expansion {
  /** The document with families and globs expanded (the input when it has none). */
  document: unknown;
  /** Problems of the families and globs themselves, at paths of the document as written. */
  problems: Problem[];
  /** A path in the expanded document -> the path in the document as written. */
  pathBack: (path: Path) => Path;
}

/** Where an expanded function came from: its entry, its member index, and which keys were per-member lists. */
interface FunctionOrigin {
  entry: number;
  member: number;
  listKeys: ReadonlySet<string>;
}

export function expandFamilies(document: unknown): Expansion {
  const identity: Expansion = { document, problems: [], pathBack: (path) => path };
  if (!isPlainObject(document)) return identity;
  const functions = Array.isArray(document.functions) ? document.functions : [];
  const workload = Array.isArray(document.workload) ? document.workload : [];
  const hasFamily = functions.some((f) => isPlainObject(f) && Object.hasOwn(f, 'count'));
  const hasGlob = workload.some((w) => isPlainObject(w) && typeof w.function === 'string' && isGlob(w.function));
  if (!hasFamily && !hasGlob) return identity;

  const problems: Problem[] = [];
  const functionOrigins: FunctionOrigin[] = [];
  const expandedFunctions = functions.flatMap((entry, k) => expandFunction(entry, k, problems, functionOrigins));
  const names = expandedFunctions.map((f) => (isPlainObject(f) && typeof f.name === 'string' ? f.name : undefined));
  const workloadOrigins: number[] = [];
  const expandedWorkload = workload.flatMap((entry, k) => {
    const targets = isPlainObject(entry) && typeof entry.function === 'string' && isGlob(entry.function) ? matching(entry.function, names) : undefined;
    if (targets === undefined || targets.length === 0) {
      if (targets !== undefined) problems.push({ path: ['workload', k, 'function'], message: noMatch((entry as { function: string }).function, names) });
      workloadOrigins.push(k);
      return [entry];
    }
    return targets.map((name) => {
      workloadOrigins.push(k);
      return { ...(entry as Record<string, unknown>), function: name };
    });
  });

  const pathBack = (path: Path): Path => {
    const [top, index, key, ...rest] = path;
    if (typeof index !== 'number') return path;
    if (top === 'workload' && index < workloadOrigins.length) return ['workload', workloadOrigins[index], ...path.slice(2)];
    if (top !== 'functions' || index >= functionOrigins.length) return path;
    const origin = functionOrigins[index];
    if (key === undefined) return ['functions', origin.entry];
    return typeof key === 'string' && origin.listKeys.has(key) ? ['functions', origin.entry, key, origin.member, ...rest] : ['functions', origin.entry, key, ...rest];
  };
  return { document: { ...document, functions: expandedFunctions, workload: expandedWorkload }, problems, pathBack };
}

/** The functions one entry stands for: itself, or its family's members. */
function expandFunction(entry: unknown, k: number, problems: Problem[], origins: FunctionOrigin[]): unknown[] {
  if (!isPlainObject(entry) || !Object.hasOwn(entry, 'count')) {
    origins.push({ entry: k, member: 0, listKeys: new Set() });
    return [entry];
  }
  const { count, ...shared } = entry;
  const listKeys = new Set(Object.keys(shared).filter((key) => key !== 'name' && Array.isArray(shared[key])));
  const countProblem = checkCount(count);
  if (countProblem !== undefined) problems.push({ path: ['functions', k, 'count'], message: countProblem });
  const n = countProblem === undefined ? (count as number) : 1;
  for (const key of listKeys) {
    const length = (shared[key] as unknown[]).length;
    if (countProblem === undefined && length !== n) {
      problems.push({ path: ['functions', k, key], message: `a list gives one value per function of the family: expected ${n} values (count), got ${length}` });
    }
  }
  const named = typeof shared.name === 'string' && countProblem === undefined;
  const members: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const member: Record<string, unknown> = { ...shared };
    // a list too short has been reported: its last value stands in, so the rest is still checked
    for (const key of listKeys) member[key] = (shared[key] as unknown[])[Math.min(i, (shared[key] as unknown[]).length - 1)];
    if (named) member.name = memberName(shared.name as string, i, n);
    origins.push({ entry: k, member: i, listKeys });
    members.push(member);
  }
  return members;
}

function checkCount(count: unknown): string | undefined {
  if (typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= MAX_FUNCTION_COUNT) return undefined;
  return `count is how many functions the entry stands for: a whole number from 1 to ${MAX_FUNCTION_COUNT}, got ${JSON.stringify(count)}`;
}

function matching(glob: string, names: readonly (string | undefined)[]): string[] {
  const pattern = globPattern(glob);
  return names.filter((name): name is string => name !== undefined && pattern.test(name));
}

function noMatch(glob: string, names: readonly (string | undefined)[]): string {
  return `no function matches ${JSON.stringify(glob)} (* matches any characters); functions are ${listNames(names.filter((n): n is string => n !== undefined))}`;
}

/** The first ten names, quoted, and how many more: a family of 1,000 does not fill the message. */
export function listNames(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const more = names.length > 10 ? ` and ${names.length - 10} more` : '';
  return names.slice(0, 10).map((n) => JSON.stringify(n)).join(', ') + more;
}
