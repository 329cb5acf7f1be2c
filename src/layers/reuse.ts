/**
 * Sandbox reuse, common to every secure mode (enclaves and confidential VMs alike): the record's
 * keys `reuse`, `resetCost`, `keepAlive` and `pressure` of `platform.security`, resolved over
 * models/reuse.yaml. A run whose security block writes one of them runs this layer after its
 * mode's: what becomes of a sandbox after a request (a new one per request, OpenWhisk's keep-alive,
 * or a reset to a clean snapshot), a keep-alive that lets idle sandboxes go sooner while the
 * resources the layers add (the EPC, key IDs) are short, and the requests served on a sandbox that
 * served another before (the state-leak exposure). Without them nothing changes.
 */
import { z } from 'zod';
import { defineMetrics } from '../model/metric-registry.js';
import type { Container } from '../platform/openwhisk/container.js';
import type { InvokerHook, Release } from '../platform/openwhisk/hooks.js';
import type { Invoker } from '../platform/openwhisk/invoker.js';
import type { PhaseSteps } from '../platform/openwhisk/phase.js';
import type { SecurityLayer } from '../platform/security-layer.js';
import type { Problem } from '../schema/errors.js';
import { cachedModelFile, mergeOverModel } from '../schema/model-file.js';
import type { RatioStat, Recorder, TallyStat } from '../model/recording.js';
import { forward, isPlainObject, strictShape } from '../schema/zod-helpers.js';
import { PARSE_OPTIONS } from '../schema/zod-issues.js';
import { zDuration } from '../schema/zod-units.js';

export const REUSE_POLICIES = ['fresh', 'warm', 'reset'] as const;
export const KEEP_ALIVE_POLICIES = ['openwhisk', 'pressure'] as const;

/** How sandboxes are reused, in base units. */
export interface SandboxReuse {
  /** fresh: a new sandbox per request; warm: OpenWhisk's keep-alive; reset: restored to a clean snapshot after each request. */
  policy: (typeof REUSE_POLICIES)[number];
  /** CPU time of a reset, after the response. */
  resetCostSeconds: number;
  /** openwhisk: idleContainer alone; pressure: `idleSeconds` while the layers' resources are more than `above` used. */
  keepAlive: (typeof KEEP_ALIVE_POLICIES)[number];
  pressure: { above: number; idleSeconds: number };
}

// Every secure mode may carry it (src/schema/types.ts' CommonSecuritySettings).
declare module '../schema/types.js' {
  interface CommonSecuritySettings {
    reuse: SandboxReuse;
  }
}

/** The metric layer of runs with a reuse policy: their metric kind ends in `+reuse`. */
export const REUSE_METRIC_LAYER = 'reuse';
const reuse = [REUSE_METRIC_LAYER];

export const REUSE_METRICS = defineMetrics([
  { name: 'sandbox.reused', quantity: 'count', statistic: 'count', scopes: { run: reuse, function: reuse }, meaning: 'requests served on a sandbox (enclave, VM) that served another since it was last clean: the state-leak exposure (0 with reuse: fresh or reset)' },
  { name: 'sandbox.reusedRatio', quantity: 'ratio', statistic: 'ratioOfSums', scopes: { run: reuse }, meaning: 'sandbox.reused / requests started' },
  { name: 'sandbox.resets', quantity: 'count', statistic: 'count', scopes: { run: reuse }, meaning: 'sandboxes restored to a clean snapshot after a request (reuse: reset)' },
]);

const reuseModel = () => cachedModelFile('reuse.yaml');

const keysSchema = strictShape({
  reuse: z.enum(REUSE_POLICIES),
  resetCost: zDuration,
  keepAlive: z.enum(KEEP_ALIVE_POLICIES),
  pressure: strictShape({ above: z.number().min(0).max(1), idle: zDuration.refine((s) => s > 0, 'must be > 0') }),
});
export const REUSE_KEYS = Object.keys(keysSchema.shape) as readonly string[];

/** The keys as written -> `{ reuse }` over models/reuse.yaml, or `{}` when none is written (OpenWhisk's keep-alive, nothing reported). */
const writtenSchema = z.preprocess(
  (block) => mergeOverModel(reuseModel().model, reuseModel().defaults, block),
  keysSchema.transform((k): SandboxReuse => ({ policy: k.reuse, resetCostSeconds: k.resetCost, keepAlive: k.keepAlive, pressure: { above: k.pressure.above, idleSeconds: k.pressure.idle } })),
);
const settingsSchema: z.ZodType<{ reuse?: SandboxReuse }, unknown> = z.unknown().transform((block, ctx): { reuse?: SandboxReuse } => {
  if (isPlainObject(block) && Object.keys(block).length === 0) return {};
  const result = writtenSchema.safeParse(block, PARSE_OPTIONS);
  if (result.success) return { reuse: result.data };
  forward(ctx, result.error.issues, []);
  return z.NEVER;
});

/** A sandbox per request cannot take several at once. */
function checkReuse({ settings, functions }: { settings: { reuse?: SandboxReuse }; functions: readonly { name: string; concurrency?: number }[] }): Problem[] {
  if (settings.reuse?.policy !== 'fresh') return [];
  return functions.flatMap((f, i) =>
    (f.concurrency ?? 1) > 1 ? [{ path: ['functions', i, 'concurrency'], message: `reuse: fresh gives each request a sandbox of its own, so ${f.name} cannot run ${f.concurrency} at once in one` }] : [],
  );
}

/** The policy on every invoker: what becomes of a sandbox after a request, how long an idle one stays, which requests found one used. */
export class ReuseHook implements InvokerHook {
  /** With keepAlive: pressure: `idle` while any resource the layers add to the invoker's ledger (the EPC, key IDs) is more than `above` used. */
  readonly idleSeconds?: (c: Container, invoker: Invoker) => number;
  readonly idleRecheckSeconds?: number;
  /** Sandboxes that served a request since they were created or last reset. */
  private readonly used = new WeakSet<Container>();
  private readonly reused: TallyStat;
  private readonly share: RatioStat;

  constructor(
    private readonly reuse: SandboxReuse,
    private readonly recorder: Recorder,
  ) {
    this.reused = recorder.tally('sandbox.reused');
    this.share = recorder.ratio('sandbox.reusedRatio');
    recorder.count('sandbox.resets', 0);
    if (reuse.keepAlive === 'pressure') {
      const { above, idleSeconds } = reuse.pressure;
      this.idleSeconds = (_c, invoker) => {
        const resources = invoker.pool.ledger.resources;
        for (let r = 1; r < resources.length; r++) if (resources[r].used > above * resources[r].capacity) return idleSeconds;
        return Infinity;
      };
      this.idleRecheckSeconds = idleSeconds;
    }
  }

  run(c: Container, _invoker: Invoker, s: PhaseSteps): void {
    const a = s.job!.a;
    const reused = this.used.has(c);
    if (reused) this.reused.observe(a);
    this.share.observe(a, reused ? 1 : 0, 1);
    this.used.add(c);
  }

  release(): Release {
    return this.reuse.policy === 'fresh' ? 'remove' : this.reuse.policy === 'reset' ? 'reset' : 'keep';
  }

  /** Restoring the clean snapshot: CPU work, after which the sandbox is clean again. */
  reset(c: Container, _invoker: Invoker, s: PhaseSteps): void {
    this.recorder.count('sandbox.resets');
    s.cpu(this.reuse.resetCostSeconds);
    s.then(() => this.used.delete(c));
  }
}

/** The record's layer of sandbox reuse, folded after a run's mode when its security block writes a reuse key. */
export const reuseLayer: SecurityLayer<{ reuse?: SandboxReuse }> = {
  name: REUSE_METRIC_LAYER,
  platforms: ['openwhisk'],
  keys: REUSE_KEYS,
  settings: settingsSchema,
  defaults: () => reuseModel().defaults,
  check: checkReuse,
  metrics: Object.values(REUSE_METRICS),
  columns: [],
  build: ({ reuse: policy }, { ctx }) => (policy === undefined ? {} : { hooks: [new ReuseHook(policy, ctx.recorder)] }),
};
