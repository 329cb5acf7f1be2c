/**
 * The record of security layers: every secure mode of `platform.security` and the layer it runs
 * (a layer may stand on another: Clemmys on SGX). Everything that depends on a run's layers is
 * derived here, in one place: the `platform.security` schema, a function's layer keys, the checks,
 * the metric kind, the time-series columns, and the fold of the layers over the platform. Adding a
 * layer is one folder exporting a SecurityLayer (platform/security-layer.ts) plus one entry below
 * (and its settings in schema/types.ts' SecuritySettingsByMode, declared from its folder).
 */
import { z } from 'zod';
import { declareMetrics } from '../model/metric-registry.js';
import type { Platform, PlatformContext } from '../model/platform.js';
import { createPlatform, platformDescriptor, platformDescriptors } from '../platform/index.js';
import { createOpenWhisk } from '../platform/openwhisk/index.js';
import { hasFaults } from '../platform/openwhisk/params.js';
import { resolveOpenWhisk } from '../platform/openwhisk/schema.js';
import type { SecurityLayer } from '../platform/security-layer.js';
import { composeHardwareSchema } from './hardware.js';
import { reuseLayer } from './reuse.js';
import { clemmysLayer } from '../protocols/clemmys/layer.js';
import { cvmLayer } from '../tee/cvm/layer.js';
import type { Problem } from '../schema/errors.js';
import type { HardwareProfile } from '../schema/hardware.js';
import type { FunctionSpec, PlatformSpec, RunSpec, SecureMode, SecuritySettings } from '../schema/types.js';
import { forward, isPlainObject, strictShape } from '../schema/zod-helpers.js';
import { PARSE_OPTIONS } from '../schema/zod-issues.js';
import { sgxLayer } from '../tee/sgx/layer.js';

/** Each built-in secure mode's layer: TypeScript checks that every mode a layer declares has its entry. */
export const SECURITY_LAYERS: { readonly [M in SecureMode]: SecurityLayer<any> } = {
  sgx: sgxLayer,
  clemmys: clemmysLayer,
  cvm: cvmLayer,
};

/**
 * Layers of keys every secure mode has (sandbox reuse: `reuse`, ...): admitted and checked in any
 * mode like the others', and folded after the mode's layers when its security block writes one.
 */
const COMMON_LAYERS: readonly SecurityLayer<any>[] = [reuseLayer];

/** Every secure mode's layer: the built-in ones, then any a user registers. */
const layers = new Map<string, SecurityLayer<any>>();

/**
 * Adds a secure mode (a user's own layer, as registerPlatform adds a platform kind): from then on
 * scenario files may use `platform.security: { mode, ... }` with it. Registers its metrics.
 */
export function registerSecurityLayer(mode: string, layer: SecurityLayer<any>): void {
  if (mode === 'none') throw new Error('security mode none is native OpenWhisk: it has no layer');
  layers.set(mode, layer);
  for (const l of stackOf(mode)) declareMetrics(l.metrics);
}

/** `none` (native), then the secure modes. */
export function securityModeNames(): [string, ...string[]] {
  return ['none', ...layers.keys()];
}

const isSecureMode = (mode: unknown): mode is SecureMode => typeof mode === 'string' && layers.has(mode);

/** A mode's layers in the order they are folded: its base's first. */
export function stackOf(mode: string): readonly SecurityLayer<any>[] {
  const stack: SecurityLayer<any>[] = [];
  for (let layer: SecurityLayer<any> | undefined = layers.get(mode); layer !== undefined; layer = layer.base) stack.unshift(layer);
  return stack;
}

/** Every layer once, bases first, then the common ones. */
export function allLayers(): readonly SecurityLayer<any>[] {
  const seen: SecurityLayer<any>[] = [];
  for (const mode of layers.keys()) for (const layer of stackOf(mode)) if (!seen.includes(layer)) seen.push(layer);
  return [...seen, ...COMMON_LAYERS];
}

/** A run's layers in the order they are folded: its mode's stack, then each common layer its security block wrote. */
function layersOf(security: SecuritySettings): readonly SecurityLayer<any>[] {
  return security.reuse === undefined ? stackOf(security.mode) : [...stackOf(security.mode), reuseLayer];
}

for (const [mode, layer] of Object.entries(SECURITY_LAYERS)) registerSecurityLayer(mode, layer);
for (const layer of COMMON_LAYERS) declareMetrics(layer.metrics);

/** The metric layers a run's metric kind may name after its platform kind: the security layers', then the platforms' own (`faults`, `cpu`). */
export function metricLayerNames(): readonly string[] {
  return [...allLayers().map((l) => l.name), ...platformDescriptors().flatMap((d) => d.metricLayerNames ?? [])];
}

/**
 * The metric kind of a run: its platform kind, then the name of each of its security layers
 * (`openwhisk+sgx`, `openwhisk+sgx+clemmys`), then the platform's own layers for this block
 * (`+faults` when it schedules invoker faults: then it reports `failed`; `+cpu` when it simulates cores).
 */
export function metricKindOf(run: { platform: PlatformSpec; security?: SecuritySettings }): string {
  const layers = run.security === undefined ? '' : layersOf(run.security).map((l) => `+${l.name}`).join('');
  const own = platformDescriptor(run.platform.kind)?.metricLayers?.(run.platform) ?? [];
  return `${run.platform.kind}${layers}${own.map((l) => `+${l}`).join('')}`;
}

/** `security: sgx` is `{ mode: sgx }`: the object form is what variants and sweeps reach into. */
export function expandSecurityShorthand(platform: unknown): void {
  if (isPlainObject(platform) && typeof platform.security === 'string' && securityModeNames().includes(platform.security)) platform.security = { mode: platform.security };
}

/** Every key of `platform.security` (mode and each layer's), checked in any mode so that a variant may switch the mode alone. */
const blockKeysSchema = () => strictShape({ mode: z.enum(securityModeNames()), ...Object.fromEntries(allLayers().flatMap((l) => l.keys.map((k) => [k, z.unknown().optional()]))) });

/**
 * Input: `platform.security` as written. Output: the settings of its mode (base layers' and its
 * own, each over its model file's defaults), or undefined for native (absent, `none` or `mode:
 * none`: the other keys are still checked).
 */
export const securitySchema: z.ZodType<SecuritySettings | undefined, unknown> = z.unknown().transform((value, ctx): SecuritySettings | undefined => {
  if (value === undefined) return undefined;
  const modes = securityModeNames();
  const block = typeof value === 'string' && modes.includes(value) ? { mode: value } : value;
  if (!isPlainObject(block)) {
    ctx.addIssue({ code: 'custom', message: `expected ${modes.join(' | ')} or { mode: ${modes.join('|')}, ... }, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  if (block.mode === undefined) {
    ctx.addIssue({ code: 'custom', path: ['mode'], message: `security needs a mode: ${modes.join(' | ')}` });
    return z.NEVER;
  }
  const keys = blockKeysSchema().safeParse(block, PARSE_OPTIONS);
  if (!keys.success) forward(ctx, keys.error.issues, []);
  const parts = new Map<SecurityLayer<any>, object>();
  for (const layer of allLayers()) {
    const own = Object.fromEntries(Object.entries(block).filter(([key]) => layer.keys.includes(key)));
    const result = layer.settings.safeParse(own, PARSE_OPTIONS);
    if (result.success) parts.set(layer, result.data);
    else forward(ctx, result.error.issues, []);
  }
  if (!keys.success || parts.size < allLayers().length) return z.NEVER;
  if (!isSecureMode(block.mode)) return undefined; // none: native, its layers' keys checked and unused
  return Object.assign({ mode: block.mode }, ...[...stackOf(block.mode), ...COMMON_LAYERS].map((l) => parts.get(l))) as SecuritySettings;
});

/** The defaults of every layer's keys, as a scenario would write them (a sweep may reach one the file does not write). */
export function securityDefaults(): Record<string, unknown> {
  return Object.assign({}, ...allLayers().map((l) => l.defaults()));
}

/** The keys layers add to a function (`enclave`), each with its schema. */
export function layerFunctionKeys(): Record<string, z.ZodType<unknown, unknown>> {
  return Object.assign({}, ...allLayers().map((l) => l.functionKeys ?? {}));
}

/** `hardware` as a scenario writes it -> the profile: every machine's keys, and every layer's (a machine without a TEE writes none of its keys). */
export const hardwareSchema: z.ZodType<HardwareProfile, unknown> = composeHardwareSchema(allLayers);

/** A profile by name, as shipped. */
export function hardwareProfile(name: string): HardwareProfile {
  return hardwareSchema.parse(name);
}

/** The machine of a run: the file's, else its first layer's default when it is secure; undefined for native without one. */
export function hardwareOf(hardware: HardwareProfile | undefined, security: SecuritySettings | undefined): HardwareProfile | undefined {
  if (hardware !== undefined || security === undefined) return hardware;
  const name = stackOf(security.mode).find((l) => l.defaultHardware !== undefined)?.defaultHardware?.(security);
  return name === undefined ? undefined : hardwareProfile(name);
}

/** The checks of a run's layers across the document (paths from its root). */
export function checkSecurity(doc: { hardware?: HardwareProfile; platform: PlatformSpec; security?: SecuritySettings; functions: readonly FunctionSpec[] }): Problem[] {
  const { security, platform, functions } = doc;
  if (security === undefined) return [];
  const stack = layersOf(security);
  const problems: Problem[] = [];
  const foreign = stack.find((l) => !l.platforms.includes(platform.kind));
  if (foreign !== undefined) return [{ path: ['platform', 'security'], message: `security mode ${security.mode} runs on ${foreign.platforms.join(', ')}, not on platform kind ${platform.kind}` }];
  // the layers keep per-invoker state (enclaves, quote queues) that an invoker's restart would have to reset
  if (hasFaults(platform)) problems.push({ path: ['platform', 'faults'], message: `invoker faults are not modelled with platform.security (${security.mode}) yet: drop one of them` });
  const hardware = hardwareOf(doc.hardware, security);
  for (const layer of stack) problems.push(...(layer.check?.({ settings: security, hardware, platform, functions }) ?? []));
  return problems;
}

/** The time-series columns a run's layers add per invoker, in the order of its layers. */
export function securityColumns(security: SecuritySettings | undefined): readonly string[] {
  return security === undefined ? [] : layersOf(security).flatMap((l) => l.columns);
}

/** Simulated events a run's layers add per activation (for the size check). */
export function securityEventsPerActivation(security: SecuritySettings | undefined): number {
  return security === undefined ? 0 : layersOf(security).reduce((sum, l) => sum + (l.eventsPerActivation ?? 0), 0);
}

/**
 * The platform of one run: its kind's, with its layers folded over it: each layer's invoker hooks
 * and listeners, and its front (the outermost is the last layer's). Native runs are the kind's alone.
 */
export function createRunPlatform(spec: RunSpec, ctx: PlatformContext): Platform {
  const { security, platform } = spec;
  if (security === undefined) return createPlatform(platform, ctx);
  // the loader's checks (checkSecurity) admit a layer only on a platform it stands on
  if (platform.kind !== 'openwhisk') throw new Error(`security mode ${security.mode} on platform kind ${platform.kind}`);
  const run = { ctx, functions: spec.functions, params: resolveOpenWhisk(platform), hardware: hardwareOf(spec.hardware, security) };
  const parts = layersOf(security).map((layer) => layer.build(security, run));
  for (const part of parts) for (const listener of part.listeners ?? []) ctx.listen(listener);
  const hooks = parts.flatMap((part) => part.hooks ?? []);
  let create = (c: PlatformContext): Platform => createOpenWhisk(platform, c, { hooks });
  for (const { front } of parts) {
    if (front === undefined) continue;
    const inner = create;
    create = (c) => front(c, inner);
  }
  return create(ctx);
}
