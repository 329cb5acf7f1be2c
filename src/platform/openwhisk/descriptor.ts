/**
 * OpenWhisk as a registered platform kind: its block's schema (OpenWhisk's own keys from
 * schema.ts over models/openwhisk.yaml), the checks that need the functions, the model defaults a
 * sweep may reach, its metrics and its factory. `platform.security` is not its: the scenario
 * loader gives it to the record of security layers (src/layers).
 */
import type { z } from 'zod';
import type { PlatformDescriptor } from '../../model/platform.js';
import type { OpenWhiskSpec } from '../../schema/types.js';
import { createOpenWhisk, OPENWHISK_TIMESERIES, openWhiskWork } from './index.js';
import { CPU_LAYER, OPENWHISK_METRICS } from './metrics.js';
import { FAULTS_LAYER } from '../../model/metric-registry.js';
import { coresOnMachine, hasCores, hasFaults } from './params.js';
import { checkOpenWhiskScenario, openWhiskDefaults, openWhiskPlatformSchema, resolveOpenWhisk } from './schema.js';

export const openWhiskPlatform: PlatformDescriptor<OpenWhiskSpec> = {
  kind: 'openwhisk',
  schema: openWhiskPlatformSchema as z.ZodType<OpenWhiskSpec, unknown>,
  check: (platform, functions) => checkOpenWhiskScenario(platform as unknown as Record<string, unknown>, [...functions]),
  modelDefaults: () => openWhiskDefaults(),
  metrics: Object.values(OPENWHISK_METRICS),
  create: (spec, ctx) => createOpenWhisk(spec, ctx),
  timeseries: OPENWHISK_TIMESERIES,
  onMachine: (spec, hardware) => coresOnMachine(resolveOpenWhisk(spec), hardware) as OpenWhiskSpec,
  metricLayers: (spec) => [...(hasFaults(spec) ? [FAULTS_LAYER] : []), ...(hasCores(spec) ? [CPU_LAYER] : [])],
  metricLayerNames: [FAULTS_LAYER, CPU_LAYER],
  work: openWhiskWork,
  blockingWaitSeconds: (spec) => resolveOpenWhisk(spec).timeouts.maxWaitBlockingSeconds,
};
