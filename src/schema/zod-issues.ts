/**
 * Turns zod issues into messages a scenario author can act on ("expected an integer, got 1.5",
 * "unknown key "sever" (did you mean "servers"?)") instead of zod's generic wording.
 */
import type { z } from 'zod';
import { showValue } from './errors.js';
import type { Path, Problem } from './errors.js';

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
  map: 'a mapping',
};

/** Parse options that keep the offending input in each issue, for the messages. */
export const PARSE_OPTIONS = { reportInput: true } as const;

export function problemsFromZod(issues: readonly Issue[], prefix: Path = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as Path)];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      problems.push(...problemsFromZod(bestBranch(issue.errors, issue.input), path));
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: [...path, key], message: `unknown key ${JSON.stringify(key)}` });
    } else {
      problems.push({ path, message: messageOf(issue) });
    }
  }
  return problems;
}

function messageOf(issue: Issue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'required, but missing';
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${showValue(input)}`;
    case 'too_small':
      return smallOrBig(issue.origin, issue.minimum, issue.inclusive ?? true, 'small', input);
    case 'too_big':
      return smallOrBig(issue.origin, issue.maximum, issue.inclusive ?? true, 'big', input);
    case 'invalid_value':
      return `expected ${issue.values.map((v) => showValue(v)).join(' or ')}, got ${showValue(input)}`;
    case 'invalid_union':
      if (issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        // The issue carries the whole mapping; show only the value that chose the option.
        const chosen = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[issue.discriminator] : input;
        return `expected one of ${options.map((v) => showValue(v)).join(', ')}, got ${showValue(chosen)}`;
      }
      return `unexpected value ${showValue(input)}`;
    default:
      return issue.message;
  }
}

function smallOrBig(origin: string, limit: number | bigint, inclusive: boolean, side: 'small' | 'big', input: unknown): string {
  const bound = Number(limit);
  if (origin === 'array') {
    return side === 'small' ? `needs at least ${bound} item${bound === 1 ? '' : 's'}` : `allows at most ${bound} items`;
  }
  if (origin === 'string') return side === 'small' ? 'must not be empty' : `must be at most ${bound} characters`;
  const op = side === 'small' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `must be ${op} ${bound}, got ${showValue(input)}`;
}

/**
 * A union failed: report the branch the author most likely meant. A branch whose only
 * complaint is the type of the whole value (a string where a mapping was expected) was not
 * meant; among the others, the one that got deepest into the value wins.
 */
function bestBranch(branches: Issue[][], input: unknown): Issue[] {
  const meant = branches.filter((branch) => !branch.every(isRootTypeMismatch));
  if (meant.length === 0) {
    if (input === undefined) return [{ code: 'custom', path: [], message: 'required, but missing', input } as Issue];
    const expected = [...new Set(branches.flat().flatMap(expectedTypes))];
    const names = expected.map((t) => TYPE_NAMES[t] ?? t);
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
    return [{ code: 'custom', path: [], message: `expected ${list}, got ${showValue(input)}`, input } as Issue];
  }
  let best = meant[0];
  for (const branch of meant) if (depth(branch) > depth(best)) best = branch;
  return best;
}

function isRootTypeMismatch(issue: Issue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  return issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors.every((b) => b.every(isRootTypeMismatch));
}

function expectedTypes(issue: Issue): string[] {
  if (issue.code === 'invalid_type') return [issue.expected];
  if (issue.code === 'invalid_union') return issue.errors.flat().flatMap(expectedTypes);
  return [];
}

function depth(branch: Issue[]): number {
  return Math.max(0, ...branch.map((issue) => issue.path.length));
}

/** The closest known key within two edits, for "did you mean". */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
