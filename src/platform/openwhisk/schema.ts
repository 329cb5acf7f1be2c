// PLACEHOLDER: the OpenWhisk work replaces this with the full parameter schema (models/openwhisk.yaml + overrides).
import { z } from 'zod';

export const openWhiskPlatformSchema = z.looseObject({ kind: z.literal('openwhisk') });

/** Checks that need the functions too (a function larger than an invoker, ...). Returns located problems. */
export function checkOpenWhiskScenario(
  _platform: Record<string, unknown>,
  _functions: { name: string; memoryMiB: number; kind: string }[],
): { path: (string | number)[]; message: string }[] {
  return [];
}
