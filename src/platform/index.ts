import type { PlatformSpec } from '../spec/types.js';
import { createOpenWhisk, openWhiskTimeseriesColumns, openWhiskWork } from './openwhisk/index.js';
import { createScalePerRequest } from './scale-per-request.js';
import { createStation } from './station.js';
import type { Platform, PlatformContext, PlatformEntry, PlatformFactory, PlatformWork } from '../model/platform.js';

/** A platform without periodic work or fixed entities: two events per activation (arrival, end). */
const simpleWork = (): PlatformWork => ({ eventsPerActivation: 2, controlEventsPerSecond: 0, liveBytes: 0 });
const samplesNothing = (): readonly string[] => [];

/** Platform kind (the `kind` of a scenario's `platform`) -> how to build it and what it samples. */
const platforms = new Map<string, PlatformEntry<any>>([
  ['station', { create: createStation, timeseriesColumns: samplesNothing, work: simpleWork }],
  ['scale-per-request', { create: createScalePerRequest, timeseriesColumns: samplesNothing, work: simpleWork }],
  ['openwhisk', { create: createOpenWhisk, timeseriesColumns: openWhiskTimeseriesColumns, work: openWhiskWork }],
]);

/**
 * Adds or replaces a platform kind, e.g. a user's own model, with the columns of its time-series
 * rows (if it samples) and its costs (by default those of a simple queue).
 */
export function registerPlatform<S extends PlatformSpec>(
  kind: string,
  factory: PlatformFactory<S>,
  timeseriesColumns: readonly string[] | ((spec: S) => readonly string[]) = [],
  work: (spec: S) => PlatformWork = simpleWork,
): void {
  const columns = typeof timeseriesColumns === 'function' ? timeseriesColumns : () => timeseriesColumns;
  platforms.set(kind, { create: factory, timeseriesColumns: columns, work });
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

/** The columns of the time-series rows a platform samples; none when it samples nothing. */
export function timeseriesColumns(spec: PlatformSpec): readonly string[] {
  return entryOf(spec.kind).timeseriesColumns(spec);
}

/** What a run of this platform costs beyond its activations (run/estimate.ts). */
export function platformWork(spec: PlatformSpec): PlatformWork {
  return entryOf(spec.kind).work(spec);
}
