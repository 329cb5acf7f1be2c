/**
 * Checks that span several fields of one runnable document, and its conversion to a RunSpec.
 * Problem paths are in the merged document; the loader maps them back to the file.
 */
import { platformDescriptor } from '../platform/index.js';
import { checkSgxRun, hardwareOf } from '../sgx/checks.js';
import type { Problem } from '../spec/errors.js';
import type { RunDocument } from './run-schema.js';
import type { RunSpec, WorkloadSpec } from '../spec/types.js';
import { isPlainObject } from '../spec/zod-helpers.js';

const seconds = (s: number) => `${Number(s.toPrecision(6))} s`;

/**
 * Function names: unique, and every workload entry names one. Checked on the raw document so
 * that these are reported even when other parts of the file fail the schema.
 */
export function checkFunctionNames(document: unknown): Problem[] {
  const problems: Problem[] = [];
  const raw = isPlainObject(document) ? document : {};
  const functions = Array.isArray(raw.functions) ? raw.functions : [];
  const workload = Array.isArray(raw.workload) ? raw.workload : [];
  const firstByName = new Map<string, number>();
  functions.forEach((f, i) => {
    const name = isPlainObject(f) ? f.name : undefined;
    if (typeof name !== 'string') return;
    const first = firstByName.get(name);
    if (first === undefined) firstByName.set(name, i);
    else problems.push({ path: ['functions', i, 'name'], message: `duplicate function name ${JSON.stringify(name)} (also functions[${first}])` });
  });
  workload.forEach((w, i) => {
    const name = isPlainObject(w) ? w.function : undefined;
    if (typeof name !== 'string' || firstByName.has(name)) return;
    const known = [...firstByName.keys()].map((n) => JSON.stringify(n)).join(', ') || 'none';
    problems.push({ path: ['workload', i, 'function'], message: `unknown function ${JSON.stringify(name)}; functions are ${known}` });
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
  });

  problems.push(...checkPlatform(doc), ...checkSgxRun(doc));
  return problems;
}

/** The platform's own checks across its block and the functions (its descriptor's). */
function checkPlatform(doc: RunDocument): Problem[] {
  const check = platformDescriptor(doc.platform.kind)?.check;
  if (check === undefined) return [];
  return check(doc.platform, doc.functions).map((p) => ({ path: ['platform', ...p.path], message: p.message }));
}

export function toRunSpec(doc: RunDocument, variant: string, point: Record<string, number | string>, pointIndex: number): RunSpec {
  // checkFunctionNames passed: the names are unique and every workload entry names one.
  const indexByName = new Map(doc.functions.map((f, i) => [f.name, i]));
  const workload = doc.workload.map(
    (w): WorkloadSpec => ({ functionIndex: indexByName.get(w.function) as number, arrivals: w.arrivals, blocking: w.blocking }),
  );
  const hardware = hardwareOf(doc.hardware, doc.platform);
  return {
    scenario: doc.name,
    variant,
    point,
    pointIndex,
    seed: doc.seed,
    durationSeconds: doc.durationSeconds,
    warmupSeconds: doc.warmupSeconds,
    replications: doc.replications,
    platform: doc.platform,
    functions: doc.functions,
    workload,
    sampleIntervalSeconds: doc.sampleIntervalSeconds,
    ...(hardware === undefined ? {} : { hardware }),
  };
}
