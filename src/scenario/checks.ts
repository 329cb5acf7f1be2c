/**
 * Checks that span several fields of one runnable document, and its conversion to a RunSpec.
 * Problem paths are in the merged document; the loader maps them back to the file.
 */
import { platformDescriptor } from '../platform/index.js';
import { checkSecurity, hardwareOf } from '../layers/index.js';
import type { Problem } from '../schema/errors.js';
import type { RunDocument } from './run-schema.js';
import type { ArrivalSpec, ChainSpec, PlatformSpec, RunSpec, WorkloadSpec } from '../schema/types.js';
import { scaleArrivals } from './arrival-scale.js';
import { isPlainObject } from '../schema/zod-helpers.js';
import { isGlob, listNames } from './families.js';

const seconds = (s: number) => `${Number(s.toPrecision(6))} s`;

/** Name -> index of the first entry of `list` with that name; a repeated name is a problem. */
function uniqueNames(list: unknown[], key: 'functions' | 'chains', problems: Problem[], taken = new Map<string, number>()): Map<string, number> {
  const firstByName = new Map<string, number>();
  const what = key === 'functions' ? 'function' : 'chain';
  list.forEach((entry, i) => {
    const name = isPlainObject(entry) ? entry.name : undefined;
    if (typeof name !== 'string') return;
    const first = firstByName.get(name);
    if (first !== undefined) problems.push({ path: [key, i, 'name'], message: `duplicate ${what} name ${JSON.stringify(name)} (also ${key}[${first}])` });
    else if (taken.has(name)) {
      // per-function and per-chain rows share the name space of summary.csv's groups
      problems.push({ path: [key, i, 'name'], message: `chain name ${JSON.stringify(name)} is also a function's (functions[${taken.get(name)}]): give it its own` });
    } else firstByName.set(name, i);
  });
  return firstByName;
}

function unknownName(what: 'function' | 'chain', name: string, known: Map<string, number>): string {
  return `unknown ${what} ${JSON.stringify(name)}; ${what}s are ${listNames([...known.keys()])}`;
}

/**
 * Function and chain names: unique, every chain step and every workload entry names one. Checked
 * on the raw document so that these are reported even when other parts of the file fail the schema.
 */
export function checkFunctionNames(document: unknown): Problem[] {
  const problems: Problem[] = [];
  const raw = isPlainObject(document) ? document : {};
  const list = (key: string): unknown[] => (Array.isArray(raw[key]) ? raw[key] : []);
  const functions = uniqueNames(list('functions'), 'functions', problems);
  const chains = uniqueNames(list('chains'), 'chains', problems, functions);
  list('chains').forEach((c, i) => {
    const steps = isPlainObject(c) && Array.isArray(c.steps) ? c.steps : [];
    steps.forEach((step, k) => {
      if (typeof step === 'string' && !functions.has(step)) problems.push({ path: ['chains', i, 'steps', k], message: unknownName('function', step, functions) });
    });
  });
  list('workload').forEach((w, i) => {
    if (!isPlainObject(w)) return;
    // a glob that matches nothing is reported by the expansion (families.ts)
    if (typeof w.function === 'string' && !isGlob(w.function) && !functions.has(w.function)) {
      problems.push({ path: ['workload', i, 'function'], message: unknownName('function', w.function, functions) });
    }
    if (typeof w.chain === 'string' && !chains.has(w.chain)) problems.push({ path: ['workload', i, 'chain'], message: unknownName('chain', w.chain, chains) });
  });
  return problems;
}

/** Checks across fields of a document that passed the schema. */
export function checkRun(doc: RunDocument): Problem[] {
  const problems: Problem[] = [];
  if (doc.warmupSeconds >= doc.durationSeconds) {
    problems.push({
      path: ['warmup'],
      message: `warmup (${seconds(doc.warmupSeconds)}) must be shorter than duration (${seconds(doc.durationSeconds)}): nothing would be measured`,
    });
  }
  if (doc.sampleIntervalSeconds > doc.durationSeconds) {
    problems.push({
      path: ['sampleInterval'],
      message: `sampleInterval (${seconds(doc.sampleIntervalSeconds)}) is longer than duration (${seconds(doc.durationSeconds)}): no sample would be taken; use 0 to turn sampling off`,
    });
  }

  doc.workload.forEach((w, i) => {
    if (w.arrivals.kind === 'closedLoop' && !w.blocking) {
      problems.push({ path: ['workload', i, 'blocking'], message: 'closed-loop clients wait for each response: blocking must be true' });
    }
    const scaled = scaleArrivals(w.arrivals, doc.arrivalScale);
    if (typeof scaled === 'string') problems.push({ path: ['scale'], message: `${scaled} (workload[${i}])` });
  });

  problems.push(...checkPlatform(doc), ...checkSecurity(doc));
  return problems;
}

/** The platform's own checks across its block and the functions (its descriptor's). */
function checkPlatform(doc: RunDocument): Problem[] {
  const check = platformDescriptor(doc.platform.kind)?.check;
  if (check === undefined) return [];
  return check(doc.platform, doc.functions).map((p) => ({ path: ['platform', ...p.path], message: p.message }));
}

export function toRunSpec(doc: RunDocument, variant: string, point: Record<string, number | string>, pointIndex: number): RunSpec {
  // checkFunctionNames passed: the names are unique and every step and workload entry names one.
  const indexByName = new Map(doc.functions.map((f, i) => [f.name, i]));
  const chains = doc.chains.map((c): ChainSpec => ({ name: c.name, steps: c.steps.map((step) => indexByName.get(step) as number) }));
  const chainByName = new Map(doc.chains.map((c, i) => [c.name, i]));
  const workload = doc.workload.map((w): WorkloadSpec => {
    // checkRun passed: the scale applies to every entry
    const arrivals = scaleArrivals(w.arrivals, doc.arrivalScale) as ArrivalSpec;
    if (w.chain === undefined) return { functionIndex: indexByName.get(w.function as string) as number, arrivals, blocking: w.blocking };
    const chainIndex = chainByName.get(w.chain) as number;
    return { functionIndex: chains[chainIndex].steps[0], chainIndex, arrivals, blocking: w.blocking };
  });
  const hardware = hardwareOf(doc.hardware, doc.security);
  // what the platform takes from the machine (OpenWhisk: its invokers' cores)
  const platform = (platformDescriptor(doc.platform.kind)?.onMachine?.(doc.platform, hardware) ?? doc.platform) as PlatformSpec;
  return {
    scenario: doc.name,
    variant,
    point,
    pointIndex,
    seed: doc.seed,
    durationSeconds: doc.durationSeconds,
    warmupSeconds: doc.warmupSeconds,
    replications: doc.replications,
    platform,
    functions: doc.functions,
    ...(chains.length === 0 ? {} : { chains }),
    workload,
    sampleIntervalSeconds: doc.sampleIntervalSeconds,
    ...(hardware === undefined ? {} : { hardware }),
    ...(doc.security === undefined ? {} : { security: doc.security }),
  };
}
