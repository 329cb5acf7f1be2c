import { z } from 'zod';
import { zDuration, zDurationDistribution, zPositiveInt, zSizeMiB } from '../../schema/zod-units.js';
import { isPlainObject, strictShape } from '../../schema/zod-helpers.js';
import { showValue } from '../../schema/errors.js';
import { defaultsOf, mergeOverModel, modelLeavesOf, readModelFile, type ModelNode } from '../../schema/model-file.js';
import { LATENCY_KEYS, type CoresSpec, type LatencyKey, type OpenWhiskParams } from './params.js';

export type { OpenWhiskParams } from './params.js';

/** Reads models/openwhisk.yaml. */
export function loadOpenWhiskModel(): { [key: string]: ModelNode } {
  return readModelFile('openwhisk.yaml');
}

/** Every leaf of the model with its dotted path: for documentation and for the test that each has a source. */
export function modelLeaves(node: ModelNode = loadOpenWhiskModel()) {
  return modelLeavesOf(node);
}

/**
 * The block over the defaults (see mergeOverModel): a latency given as `0` replaces a whole
 * distribution, and `latencies: 0` zeroes every latency.
 */
function mergeOver(model: ModelNode, defaults: unknown, block: unknown): unknown {
  const zeroLatencies = (key: string, value: unknown) =>
    key === 'latencies' && value === 0 ? Object.fromEntries(LATENCY_KEYS.map((k) => [k, 0])) : undefined;
  return mergeOverModel(model, defaults, block, zeroLatencies);
}

let cachedModel: { model: ModelNode; defaults: unknown } | undefined;
function model() {
  if (cachedModel === undefined) {
    const m = loadOpenWhiskModel();
    cachedModel = { model: m, defaults: defaultsOf(m) };
  }
  return cachedModel;
}

/**
 * The model's defaults as a platform block would write them (units as in the model file), read
 * once and shared: copy before changing anything in it.
 */
export function openWhiskDefaults(): unknown {
  return model().defaults;
}

/** A throttle: a positive count, or `unlimited` (0 also means unlimited). Resolved to 0 when off. */
const zLimit = z.unknown().transform((value, ctx): number => {
  if (value === 'unlimited') return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  // one message for both forms (a union would report only the branch closest to the input)
  ctx.addIssue({ code: 'custom', message: `expected a whole number >= 0 (0: no limit) or "unlimited", got ${showValue(value)}` });
  return z.NEVER;
});
const zFraction = z.number().min(0).max(1);
/** An invoker's cores: a whole number > 0, `unlimited` (the CPU is not simulated) or `hardware` (the profile's, when the run names one). */
const zCores = z.unknown().transform((value, ctx): CoresSpec => {
  if (value === 'unlimited' || value === 'hardware') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  ctx.addIssue({ code: 'custom', message: `expected a whole number of cores > 0, "unlimited" (the CPU is not simulated) or "hardware" (the hardware profile's cores), got ${showValue(value)}` });
  return z.NEVER;
});

const zReactive = z
  .strictObject({
    minCount: z.number().int().nonnegative(),
    maxCount: z.number().int().nonnegative(),
    ttl: zDuration,
    threshold: zPositiveInt,
    increment: zPositiveInt,
  })
  .refine((r) => r.maxCount >= r.minCount, { message: 'maxCount must be >= minCount', path: ['maxCount'] })
  .transform((r) => ({ minCount: r.minCount, maxCount: r.maxCount, ttlSeconds: r.ttl, threshold: r.threshold, increment: r.increment }));

const zStemCell = z
  .strictObject({
    kind: z.string().min(1),
    memory: zSizeMiB,
    initialCount: z.number().int().nonnegative(),
    reactive: zReactive.optional(),
  })
  .transform((s) => ({ kind: s.kind, memoryMiB: s.memory, initialCount: s.initialCount, reactive: s.reactive ?? null }));

const zLatencies = z.strictObject(
  Object.fromEntries(LATENCY_KEYS.map((k) => [k, zDurationDistribution])) as Record<LatencyKey, typeof zDurationDistribution>,
);

// strictShape: a misspelt key of the platform block gets a "did you mean" (invoker -> invokers)
const resolvedSchema = strictShape({
  kind: z.literal('openwhisk'),
  controllers: zPositiveInt,
  invokers: z.union([
    zPositiveInt,
    z.array(z.strictObject({ userMemory: zSizeMiB.refine((m) => m > 0, 'userMemory must be positive'), count: zPositiveInt, cores: zCores.optional() })).min(1, 'invokers: at least one group'),
  ]),
  userMemory: zSizeMiB.refine((m) => m > 0, 'userMemory must be positive'),
  cores: zCores,
  managedFraction: zFraction,
  blackboxFraction: zFraction,
  actionMemory: z.strictObject({ min: zSizeMiB, max: zSizeMiB }),
  actionTimeLimit: zDuration,
  concurrencyLimit: z.number().int().min(1).max(500),
  throttles: z.strictObject({ invocationsPerMinute: zLimit, concurrentInvocations: zLimit }),
  timeouts: z.strictObject({ timeoutFactor: z.number().positive(), timeoutAddon: zDuration, maxWaitBlocking: zDuration }),
  pauseGrace: zDuration,
  idleContainer: zDuration,
  parallelContainerCreations: zPositiveInt,
  concurrentPeekFactor: z.number().positive(),
  prewarm: z.strictObject({
    checkInterval: zDuration.refine((s) => s > 0, 'checkInterval must be positive'),
    checkVariance: zDuration,
    expirationLimit: z.number().int().nonnegative(),
    stemCells: z.array(zStemCell),
  }),
  latencies: zLatencies,
  health: z.strictObject({
    pingInterval: zDuration.refine((s) => s > 0, 'pingInterval must be positive'),
    offlineAfter: zDuration.refine((s) => s > 0, 'offlineAfter must be positive'),
    testActionInterval: zDuration.refine((s) => s > 0, 'testActionInterval must be positive'),
    bufferSize: zPositiveInt,
    bufferErrorTolerance: z.number().int().nonnegative(),
  }),
  faults: z
    .array(
      z.strictObject({
        at: zDuration,
        invoker: z.number().int().nonnegative(),
        down: zDuration.refine((s) => s > 0, 'down must be positive'),
      }),
    )
    .optional(),
})
  .refine((p) => p.actionMemory.max >= p.actionMemory.min, { message: 'actionMemory.max must be >= min', path: ['actionMemory', 'max'] })
  .transform(
    (p): OpenWhiskParams => {
      const invokerGroups =
        typeof p.invokers === 'number'
          ? [{ userMemoryMiB: p.userMemory, count: p.invokers, cores: p.cores }]
          : p.invokers.map((g) => ({ userMemoryMiB: g.userMemory, count: g.count, cores: g.cores ?? p.cores }));
      return {
      kind: 'openwhisk',
      controllers: p.controllers,
      invokers: invokerGroups.reduce((n, g) => n + g.count, 0),
      userMemoryMiB: Math.max(...invokerGroups.map((g) => g.userMemoryMiB)),
      invokerGroups,
      managedFraction: p.managedFraction,
      blackboxFraction: p.blackboxFraction,
      minActionMemoryMiB: p.actionMemory.min,
      maxActionMemoryMiB: p.actionMemory.max,
      actionTimeLimitSeconds: p.actionTimeLimit,
      concurrencyLimit: p.concurrencyLimit,
      throttles: p.throttles,
      timeouts: {
        timeoutFactor: p.timeouts.timeoutFactor,
        timeoutAddonSeconds: p.timeouts.timeoutAddon,
        maxWaitBlockingSeconds: p.timeouts.maxWaitBlocking,
      },
      pauseGraceSeconds: p.pauseGrace,
      idleContainerSeconds: p.idleContainer,
      parallelContainerCreations: p.parallelContainerCreations,
      concurrentPeekFactor: p.concurrentPeekFactor,
      prewarm: {
        checkIntervalSeconds: p.prewarm.checkInterval,
        checkVarianceSeconds: p.prewarm.checkVariance,
        expirationLimit: p.prewarm.expirationLimit,
        stemCells: p.prewarm.stemCells,
      },
      latencies: p.latencies,
      health: {
        pingIntervalSeconds: p.health.pingInterval,
        offlineAfterSeconds: p.health.offlineAfter,
        testActionIntervalSeconds: p.health.testActionInterval,
        bufferSize: p.health.bufferSize,
        bufferErrorTolerance: p.health.bufferErrorTolerance,
      },
      faults: (p.faults ?? []).map((f) => ({ atSeconds: f.at, invoker: f.invoker, downSeconds: f.down })),
      };
    },
  );

/**
 * Input: the scenario's `platform` block (`kind: openwhisk` plus any overrides, with units).
 * Output: the resolved parameters, model-file defaults filled in, in base units.
 */
export const openWhiskPlatformSchema = z.preprocess((block) => {
  const { model: m, defaults } = model();
  return isPlainObject(block) ? mergeOver(m, defaults, block) : block;
}, resolvedSchema);

/** Parses a platform block, or passes through one that is already resolved (it has `userMemoryMiB`). */
export function resolveOpenWhisk(spec: Record<string, unknown>): OpenWhiskParams {
  if (typeof spec.userMemoryMiB === 'number') return spec as unknown as OpenWhiskParams;
  return openWhiskPlatformSchema.parse(spec);
}

/**
 * Checks that need the functions too. Returns located problems, paths relative to the platform
 * block (the caller prefixes 'platform'): a function that does not fit is reported at the
 * platform key it conflicts with, naming the function. `platform` may be raw or resolved.
 */
export function checkOpenWhiskScenario(
  platform: Record<string, unknown>,
  functions: { name: string; memoryMiB: number; kind: string; concurrency?: number }[],
): { path: (string | number)[]; message: string }[] {
  const parsed = typeof platform.userMemoryMiB === 'number' ? { success: true as const, data: platform as unknown as OpenWhiskParams } : openWhiskPlatformSchema.safeParse(platform);
  if (!parsed.success) return parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message }));
  const p = parsed.data;
  const problems: { path: (string | number)[]; message: string }[] = [];
  // with invokers of different sizes, the smallest decides: the balancer may route any action to any invoker
  const smallestMiB = Math.min(...p.invokerGroups.map((g) => g.userMemoryMiB));
  const alike = smallestMiB === p.userMemoryMiB;
  const memoryKey = alike ? 'userMemory' : 'invokers';
  const memoryName = alike ? `an invoker's user memory (${smallestMiB} MiB)` : `the smallest invoker's user memory (${smallestMiB} MiB)`;
  functions.forEach((f) => {
    if (f.memoryMiB > smallestMiB) problems.push({ path: [memoryKey], message: `function ${f.name} needs ${f.memoryMiB} MiB, more than ${memoryName}` });
    if ((f.concurrency ?? 1) > p.concurrencyLimit)
      problems.push({ path: ['concurrencyLimit'], message: `function ${f.name} has concurrency ${f.concurrency}, more than the platform's concurrencyLimit (${p.concurrencyLimit}): raise platform.concurrencyLimit, as a deployment enabling concurrency does` });
    if (f.memoryMiB < p.minActionMemoryMiB || f.memoryMiB > p.maxActionMemoryMiB)
      problems.push({ path: ['actionMemory'], message: `function ${f.name}: OpenWhisk allows action memory ${p.minActionMemoryMiB}-${p.maxActionMemoryMiB} MiB, got ${f.memoryMiB} MiB (set platform.actionMemory to widen)` });
  });
  problems.push(...faultProblems(p));
  p.prewarm.stemCells.forEach((s, i) => {
    // stem cells that do not fit a small invoker just do not all start there, as in OpenWhisk
    if (s.memoryMiB * s.initialCount > p.userMemoryMiB)
      problems.push({
        path: ['prewarm', 'stemCells', i],
        message:
          `the stem cells of ${s.kind} (${s.initialCount} x ${s.memoryMiB} MiB, from models/openwhisk.yaml unless the scenario sets prewarm.stemCells) need ` +
          `${s.memoryMiB * s.initialCount} MiB, more than ${alike ? `userMemory (${p.userMemoryMiB} MiB)` : `the largest invoker's user memory (${p.userMemoryMiB} MiB)`}: ` +
          'raise userMemory, lower their initialCount, or write prewarm: { stemCells: [] } to run without stem cells',
      });
  });
  return problems;
}

/** Each fault names an existing invoker (0-based), and two outages of one invoker do not overlap. */
function faultProblems(p: OpenWhiskParams): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  p.faults.forEach((f, k) => {
    if (f.invoker >= p.invokers)
      problems.push({ path: ['faults', k, 'invoker'], message: `invoker ${f.invoker} does not exist: invokers are numbered from 0 to ${p.invokers - 1}` });
    p.faults.forEach((g, j) => {
      if (j >= k || g.invoker !== f.invoker) return;
      if (f.atSeconds < g.atSeconds + g.downSeconds && g.atSeconds < f.atSeconds + f.downSeconds)
        problems.push({ path: ['faults', k, 'at'], message: `overlaps the outage of invoker ${f.invoker} at faults[${j}] (${g.atSeconds} s to ${g.atSeconds + g.downSeconds} s)` });
    });
  });
  return problems;
}
