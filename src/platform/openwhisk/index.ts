// PLACEHOLDER: the OpenWhisk work replaces this with the real platform.
import type { OpenWhiskSpec } from '../../scenario/types.js';
import type { Platform, PlatformContext } from '../types.js';

export function createOpenWhisk(_spec: OpenWhiskSpec, _ctx: PlatformContext): Platform {
  throw new Error('platform kind openwhisk is not built yet');
}
