import type { PlatformSpec } from '../spec/types.js';
import { createOpenWhisk, OPENWHISK_TIMESERIES_COLUMNS, openWhiskWork } from './openwhisk/index.js';
import { createScalePerRequest } from './scale-per-request.js';
import { createStation } from './station.js';
import type { Platform, PlatformContext, PlatformEntry, PlatformFactory, PlatformWork } from '../model/platform.js';

/** A platform without periodic work or fixed entities: two events per activation (arrival, end). */
const simpleWork = (): PlatformWork => ({ eventsPerActivation: 2, controlEventsPerSecond: 0, liveBytes: 0 });

/** Platform kind (the `kind` of a scenario's `platform`) -> how to build it and what it samples. */
const platforms = new Map<string, PlatformEntry<any>>([
  ['station', { create: createStation, timeseriesColumns: [], work: simpleWork }],
  ['scale-per-request', { create: createScalePerRequest, timeseriesColumns: [], work: simpleWork }],
  ['openwhisk', { create: createOpenWhisk, timeseriesColumns: OPENWHISK_TIMESERIES_COLUMNS, work: openWhiskWork }],
]);

/**
 * Adds or replaces a platform kind, e.g. a user's own model, with the columns of its time-series
 * rows (if it samples) and its costs (by default those of a simple queue).
 */
export function registerPlatform<S extends PlatformSpec>(
  kind: string,
  factory: PlatformFactory<S>,
  timeseriesColumns: readonly string[] = [],
  work: (spec: S) => PlatformWork = simpleWork,
): void {
  platforms.set(kind, { create: factory, timeseriesColumns, work });
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

/** The columns of the time-series rows a platform kind samples; none when it samples nothing. */
export function timeseriesColumns(kind: string): readonly string[] {
  return entryOf(kind).timeseriesColumns;
}

/** What a run of this platform costs beyond its activations (run/estimate.ts). */
export function platformWork(spec: PlatformSpec): PlatformWork {
  return entryOf(spec.kind).work(spec);
}
