import type { PlatformSpec } from '../spec/types.js';
import { createOpenWhisk, OPENWHISK_TIMESERIES, openWhiskWork } from './openwhisk/index.js';
import { createScalePerRequest } from './scale-per-request.js';
import { createStation } from './station.js';
import type { Platform, PlatformContext, PlatformEntry, PlatformFactory, PlatformWork, TimeseriesColumns } from '../model/platform.js';

/** A platform without periodic work or fixed entities: two events per activation (arrival, end). */
const simpleWork = (): PlatformWork => ({ eventsPerActivation: 2, controlEventsPerSecond: 0, liveBytes: 0 });

/** Platform kind (the `kind` of a scenario's `platform`) -> how to build it and what it samples. */
const platforms = new Map<string, PlatformEntry<any>>([
  ['station', { create: createStation, work: simpleWork }],
  ['scale-per-request', { create: createScalePerRequest, work: simpleWork }],
  ['openwhisk', { create: createOpenWhisk, timeseries: OPENWHISK_TIMESERIES, work: openWhiskWork }],
]);

/**
 * Adds or replaces a platform kind, e.g. a user's own model, with the columns of its time-series
 * rows (if it samples) and its costs (by default those of a simple queue).
 */
export function registerPlatform<S extends PlatformSpec>(
  kind: string,
  factory: PlatformFactory<S>,
  timeseries?: TimeseriesColumns,
  work: (spec: S) => PlatformWork = simpleWork,
): void {
  platforms.set(kind, { create: factory, ...(timeseries === undefined ? {} : { timeseries }), work });
}

export function platformKinds(): string[] {
  return [...platforms.keys()];
}

function entryOf(kind: string): PlatformEntry {
  const entry = platforms.get(kind);
  if (entry === undefined) throw new Error(`unknown platform kind '${kind}' (known: ${platformKinds().join(', ')})`);
  return entry;
}

export function createPlatform(spec: PlatformSpec, ctx: PlatformContext): Platform {
  return entryOf(spec.kind).create(spec, ctx);
}

/** The time-series rows a platform kind samples; undefined when it samples none. */
export function platformTimeseries(kind: string): TimeseriesColumns | undefined {
  return entryOf(kind).timeseries;
}

/** What a run of this platform costs beyond its activations (run/estimate.ts). */
export function platformWork(spec: PlatformSpec): PlatformWork {
  return entryOf(spec.kind).work(spec);
}
