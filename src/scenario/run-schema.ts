/**
 * Schema of one runnable document: the scenario after a variant and a sweep point are applied.
 * The keys that describe the whole file (variants, baseline, sweep, claims, charts) are only admitted
 * here; their own schemas live in their modules.
 */
import { z } from 'zod';
import type { ArrivalSpec, DistributionSpec, FunctionSpec, PlatformSpec, SecuritySettings } from '../schema/types.js';
import { zDuration, zDurationDistribution, zNonNegativeInt, zPositiveInt, zRate, zSizeBytes, zSizeMiB } from '../schema/zod-units.js';
import { ifKeyPresent, oneKeyOf, strictShape } from '../schema/zod-helpers.js';
import { platformSchema } from './platform-schema.js';
import { layerFunctionKeys, securitySchema } from '../layers/index.js';
import { forward, isPlainObject } from '../schema/zod-helpers.js';
import { PARSE_OPTIONS } from '../schema/zod-issues.js';
import { meanOf } from '../engine/distributions.js';
import { hardwareSchema } from '../layers/index.js';
import type { HardwareProfile } from '../schema/hardware.js';

/** A duration distribution; only a constant may be zero. */
const zTimeDistribution = zDurationDistribution.superRefine((d, ctx) => {
  if (d.dist !== 'constant' && meanOf(d) === 0) {
    ctx.addIssue({ code: 'custom', message: `the ${d.dist} distribution has mean 0, so it is not random: write 0 for a constant zero` });
  }
});

/**
 * A closed-loop think time: its mean must be > 0. A client that thinks for no time and is
 * answered at once (a rejection, a 202) would send again and again at one instant.
 */
const zThinkTime = zDurationDistribution.superRefine((d, ctx) => {
  if (!(meanOf(d) > 0)) {
    ctx.addIssue({ code: 'custom', message: 'a think time must have a mean > 0: a client answered at once would send forever at one instant' });
  }
});

const zPositiveRate = zRate.refine((r) => r > 0, { message: 'a rate must be > 0: nothing would arrive' });
const zPositiveDuration = zDuration.refine((d) => d > 0, { message: 'must be > 0' });

/** `{ trace: FILE, function: HASH, scale: 1 }`: the file is checked, and resolved, by the loader (traces.ts). */
const traceSchema = strictShape({
  trace: z.string().min(1),
  function: z.string().min(1),
  app: z.string().min(1).optional(),
  scale: z.number().refine((s) => s > 0 && Number.isFinite(s), { message: 'scale must be a number > 0' }).default(1),
  within: z.enum(['poisson', 'even']).default('poisson'),
}).transform(
  (t): ArrivalSpec => ({ kind: 'trace', file: t.trace, function: t.function, ...(t.app === undefined ? {} : { app: t.app }), scale: t.scale, within: t.within }),
);

const generatedArrivalsSchema = oneKeyOf<ArrivalSpec>({
  poisson: zPositiveRate.transform((r): ArrivalSpec => ({ kind: 'poisson', ratePerSecond: r })),
  constant: zPositiveRate.transform((r): ArrivalSpec => ({ kind: 'constant', ratePerSecond: r })),
  mmpp: strictShape({ on: zPositiveRate, off: zRate, onMean: zPositiveDuration, offMean: zPositiveDuration }).transform(
    (m): ArrivalSpec => ({ kind: 'mmpp', onRatePerSecond: m.on, offRatePerSecond: m.off, onMeanSeconds: m.onMean, offMeanSeconds: m.offMean }),
  ),
  closedLoop: strictShape({ clients: zPositiveInt, think: zThinkTime }).transform(
    (c): ArrivalSpec => ({ kind: 'closedLoop', clients: c.clients, think: c.think }),
  ),
});

export const arrivalsSchema: z.ZodType<ArrivalSpec, unknown> = ifKeyPresent('trace', traceSchema, generatedArrivalsSchema);

export const functionSchema = strictShape({
  name: z.string().min(1),
  namespace: z.string().min(1).default('guest'),
  kind: z.string().min(1).default('nodejs:20'),
  memory: zSizeMiB.refine((m) => m > 0, { message: 'a function needs some memory: must be > 0' }).default(256),
  exec: zTimeDistribution,
  // About 500 ms end to end for a cold start (Shahrad et al., MICRO'19).
  coldStart: zTimeDistribution.default((): DistributionSpec => ({ dist: 'constant', value: 0.5 })),
  input: zSizeBytes.default(0),
  output: zSizeBytes.default(0),
  // what the security layers add to a function (SGX: `enclave`)
  ...Object.fromEntries(Object.entries(layerFunctionKeys()).map(([key, schema]) => [key, schema.optional()])),
  // OpenWhisk's limits.concurrency: activations one container runs at once (at most 500 there)
  concurrency: z.number().int().min(1).max(500).optional(),
  // the share of exec that is CPU work (the rest waits on I/O), and the cores one execution may use
  cpu: z.number().min(0, 'cpu is a share of exec: 0..1').max(1, 'cpu is a share of exec: 0..1').optional(),
  threads: zPositiveInt.optional(),
}).transform(
  (f): FunctionSpec => ({
    name: f.name,
    namespace: f.namespace,
    kind: f.kind,
    memoryMiB: f.memory,
    exec: f.exec,
    coldStart: f.coldStart,
    inputBytes: f.input,
    outputBytes: f.output,
    ...Object.fromEntries(Object.keys(layerFunctionKeys()).flatMap((key) => ((f as Record<string, unknown>)[key] === undefined ? [] : [[key, (f as Record<string, unknown>)[key]]]))),
    ...(f.concurrency === undefined ? {} : { concurrency: f.concurrency }),
    ...(f.cpu === undefined ? {} : { cpu: f.cpu }),
    ...(f.threads === undefined ? {} : { threads: f.threads }),
  }),
);

/**
 * The `platform` block: its kind's keys to the platform registry, `security` to the record of
 * security layers (absent, `none` or `mode: none`: native, no settings at all).
 */
const platformAndSecuritySchema = z.unknown().transform((block, ctx): { platform: PlatformSpec; security?: SecuritySettings } => {
  const { security: written, ...rest } = isPlainObject(block) ? block : { security: undefined };
  const platform = platformSchema.safeParse(isPlainObject(block) ? rest : block, PARSE_OPTIONS);
  const security = securitySchema.safeParse(written, PARSE_OPTIONS);
  if (!platform.success) forward(ctx, platform.error.issues, []);
  if (!security.success) forward(ctx, security.error.issues, ['security']);
  if (!platform.success || !security.success) return z.NEVER;
  return security.data === undefined ? { platform: platform.data } : { platform: platform.data, security: security.data };
});

/** A workload entry calls one function or one chain: exactly one of the two keys. */
const workloadSchema = strictShape({
  function: z.string().min(1).optional(),
  chain: z.string().min(1).optional(),
  arrivals: arrivalsSchema,
  blocking: z.boolean().default(true),
}).superRefine((w, ctx) => {
  if ((w.function === undefined) === (w.chain === undefined)) {
    const found = w.function === undefined ? 'neither' : 'both';
    ctx.addIssue({ code: 'custom', message: `a workload entry calls exactly one of function or chain, got ${found}` });
  }
  if (w.chain !== undefined && !w.blocking) {
    // each step waits for the previous step's result; the chain's caller is answered at the end
    ctx.addIssue({ code: 'custom', path: ['blocking'], message: 'a chain is called blocking: its caller waits for the last step\'s result' });
  }
});

/** `{ name, steps: [function, ...] }`: an OpenWhisk sequence, each step fed the previous step's output. */
const chainSchema = strictShape({
  name: z.string().min(1),
  steps: z.array(z.string().min(1)).min(1, { message: 'a chain needs at least one step' }),
});

/** At most this many samples per replication by default: a 24 h run's time series stays a few MB, not 100s. */
export const DEFAULT_SAMPLES_PER_RUN = 1000;
const SAMPLE_STEPS_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/**
 * The default sampling interval: the first of 1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1, 2, 5, 10, 15,
 * 30 min, 1 h (then whole hours) that takes at most DEFAULT_SAMPLES_PER_RUN samples in the run;
 * 0 (no time series) when the run is not longer than 1 s, as no tick would sample it.
 */
export function defaultSampleIntervalSeconds(durationSeconds: number): number {
  const wanted = durationSeconds / DEFAULT_SAMPLES_PER_RUN;
  const step = SAMPLE_STEPS_SECONDS.find((s) => s >= wanted) ?? Math.ceil(wanted / 3600) * 3600;
  return step < durationSeconds ? step : 0;
}

export interface RunDocument {
  name: string;
  description?: string;
  seed: number;
  durationSeconds: number;
  warmupSeconds: number;
  replications: number;
  sampleIntervalSeconds: number;
  /** `scale`: every workload entry's load multiplied by it (arrival-scale.ts); 1 when not written. */
  arrivalScale: number;
  hardware?: HardwareProfile;
  platform: PlatformSpec;
  /** `platform.security` resolved; absent: native. */
  security?: SecuritySettings;
  functions: FunctionSpec[];
  /** Chains still naming their functions; the checks resolve names to indexes. */
  chains: { name: string; steps: string[] }[];
  /** Workload entries still naming their function or chain; the checks resolve the name to an index. */
  workload: { function?: string; chain?: string; arrivals: ArrivalSpec; blocking: boolean }[];
}

/**
 * Document keys with a default that a sweep may change without the file writing them
 * (`sweep: { scale: [0.5, 1, 2] }`): the default is written into the document first.
 */
const SWEEPABLE_DEFAULTS: Record<string, unknown> = { scale: 1 };

/** Makes a one-segment sweep path among SWEEPABLE_DEFAULTS exist in `document`; undefined for any other path. */
export function reachDocumentDefault(document: Record<string, unknown>, segments: readonly string[]): [string] | undefined {
  const [key] = segments;
  if (segments.length !== 1 || !Object.hasOwn(SWEEPABLE_DEFAULTS, key)) return undefined;
  document[key] = SWEEPABLE_DEFAULTS[key];
  return [key];
}

/** Keys of the whole file that variants and sweeps may not change. */
export const FILE_LEVEL_KEYS = ['name', 'description', 'variants', 'baseline', 'sweep', 'claims', 'charts'] as const;

/**
 * What a variant may not change, beyond the file-level keys: every variant at a point must use the
 * same random streams and as many replications, or variants stop seeing the same arrivals and ratio
 * claims cannot pair replication i with replication i. (A sweep may change them: all variants of a
 * point still share them.)
 */
export const VARIANT_FIXED_KEYS = [...FILE_LEVEL_KEYS, 'seed', 'replications'] as const;

/**
 * A scenario name is the default output folder (`results/<name>/`) and a column of every output:
 * it must be a plain file name, so that no scenario content can choose where files are written.
 */
export const zScenarioName = z.string().superRefine((name, ctx) => {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
    ctx.addIssue({
      code: 'custom',
      message: `a scenario name is its output folder results/<name>/: use up to 100 letters, digits, ".", "_" and "-", starting with a letter or digit (no "/", "\\", spaces); got ${JSON.stringify(name)}`,
    });
  }
});

export const runSchema: z.ZodType<RunDocument, unknown> = strictShape({
  name: zScenarioName,
  description: z.string().optional(),
  seed: zNonNegativeInt.default(1),
  duration: zPositiveDuration,
  warmup: zDuration.default(0),
  replications: zPositiveInt.default(1),
  sampleInterval: zDuration.optional(),
  scale: z.number().refine((s) => s > 0 && Number.isFinite(s), { message: 'scale multiplies every arrival rate: a number > 0' }).default(1),
  hardware: hardwareSchema.optional(),
  platform: platformAndSecuritySchema,
  functions: z.array(functionSchema).min(1),
  chains: z.array(chainSchema).default([]),
  workload: z.array(workloadSchema).min(1),
  variants: z.unknown().optional(),
  // the variant the table's ratio columns compare the others with (variants.ts checks it)
  baseline: z.unknown().optional(),
  sweep: z.unknown().optional(),
  claims: z.unknown().optional(),
  charts: z.unknown().optional(),
}).transform(
  (d): RunDocument => ({
    name: d.name,
    ...(d.description === undefined ? {} : { description: d.description }),
    seed: d.seed,
    durationSeconds: d.duration,
    warmupSeconds: d.warmup,
    replications: d.replications,
    sampleIntervalSeconds: d.sampleInterval ?? defaultSampleIntervalSeconds(d.duration),
    arrivalScale: d.scale,
    ...(d.hardware === undefined ? {} : { hardware: d.hardware }),
    ...d.platform,
    functions: d.functions,
    chains: d.chains,
    workload: d.workload,
  }),
);
