// PLACEHOLDER: the OpenWhisk work replaces this with the full parameter schema (models/openwhisk.yaml + overrides).
import { z } from 'zod';

export const openWhiskPlatformSchema = z.looseObject({ kind: z.literal('openwhisk') });
