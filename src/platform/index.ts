import type { PlatformSpec } from '../spec/types.js';
import { createOpenWhisk } from './openwhisk/index.js';
import { createScalePerRequest } from './scale-per-request.js';
import { createStation } from './station.js';
import type { Platform, PlatformContext, PlatformFactory } from '../model/platform.js';

/** Platform kind (the `kind` of a scenario's `platform`) -> factory. */
const factories = new Map<string, PlatformFactory<any>>([
  ['station', createStation],
  ['scale-per-request', createScalePerRequest],
  ['openwhisk', createOpenWhisk],
]);

/** Adds or replaces a platform kind, e.g. a user's own model. */
export function registerPlatform<S extends PlatformSpec>(kind: string, factory: PlatformFactory<S>): void {
  factories.set(kind, factory);
}

export function platformKinds(): string[] {
  return [...factories.keys()];
}

export function createPlatform(spec: PlatformSpec, ctx: PlatformContext): Platform {
  const factory = factories.get(spec.kind);
  if (factory === undefined) throw new Error(`unknown platform kind '${spec.kind}' (known: ${platformKinds().join(', ')})`);
  return factory(spec, ctx);
}
