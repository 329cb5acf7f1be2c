/**
 * The platform registry: every platform kind, built-in or a user's, by its descriptor. The
 * scenario loader, the metric vocabulary and the run read what is registered here; none of them
 * names a platform.
 */
import { reportedOn, type Scope } from '../model/metric-registry.js';
import type { Platform, PlatformContext, PlatformDescriptor, PlatformWork, TimeseriesColumns } from '../model/platform.js';
import type { PlatformSpec } from '../schema/types.js';
import { openWhiskPlatform } from './openwhisk/descriptor.js';
import { scalePerRequestPlatform } from './scale-per-request.js';
import { stationPlatform } from './station.js';

const descriptors = new Map<string, PlatformDescriptor<any>>();

const SCOPES: readonly Scope[] = ['run', 'function', 'chain'];

/**
 * Adds or replaces a platform kind, e.g. a user's own model: from then on scenario files may use
 * `platform: { kind: ... }` with it. Its metrics must be declared for it.
 */
export function registerPlatform<S extends { kind: string }>(descriptor: PlatformDescriptor<S>): void {
  for (const metric of descriptor.metrics) {
    if (!SCOPES.some((scope) => reportedOn(metric, descriptor.kind, scope))) {
      throw new Error(`platform ${descriptor.kind} lists metric ${metric.name}, whose declaration does not name it`);
    }
  }
  descriptors.set(descriptor.kind, descriptor);
}

/** Registered kinds, in registration order. */
export function platformKinds(): string[] {
  return [...descriptors.keys()];
}

export function platformDescriptor(kind: string): PlatformDescriptor | undefined {
  return descriptors.get(kind);
}

/** Every registered descriptor, in registration order. */
export function platformDescriptors(): readonly PlatformDescriptor[] {
  return [...descriptors.values()];
}

export function createPlatform(spec: PlatformSpec | { kind: string }, ctx: PlatformContext): Platform {
  const descriptor = descriptors.get(spec.kind);
  if (descriptor === undefined) throw new Error(`unknown platform kind '${spec.kind}' (known: ${platformKinds().join(', ')})`);
  return descriptor.create(spec, ctx);
}

/** The time-series rows a platform kind samples; undefined when it samples none (or is not registered). */
export function platformTimeseries(kind: string): TimeseriesColumns | undefined {
  return descriptors.get(kind)?.timeseries;
}

/** A platform without periodic work or fixed entities: two events per activation (arrival, end). */
const SIMPLE_WORK: PlatformWork = { eventsPerActivation: 2, controlEventsPerSecond: 0, liveBytes: 0 };

/** What a run of this platform costs beyond its activations (run/estimate.ts); a simple queue's when it does not say. */
export function platformWork(spec: { kind: string }): PlatformWork {
  return descriptors.get(spec.kind)?.work?.(spec) ?? SIMPLE_WORK;
}

const BUILT_IN: readonly PlatformDescriptor<any>[] = [stationPlatform, scalePerRequestPlatform, openWhiskPlatform];
for (const builtIn of BUILT_IN) registerPlatform(builtIn);
