/**
 * What decides a run's result: its spec without the labels that only name it (variant, sweep
 * point). Two runs with the same effective run give the same result but for those labels, so one
 * is run and the other copied (runScenario here, the sweep's units in sweep/units.ts).
 */
import type { RunSpec } from '../schema/types.js';
import type { ReplicationResult } from './types.js';
import { encodeNumber } from './json-numbers.js';

/**
 * The effective run as a string. Numbers are kept exactly (Infinity, NaN and -0 told apart); a
 * difference in key order counts as a difference, which can only miss a reuse, never make a wrong one.
 */
export function effectiveRun(spec: RunSpec): string {
  const { variant: _variant, point: _point, pointIndex: _pointIndex, ...effective } = spec;
  return JSON.stringify(effective, encodeNumber);
}

/** A result of one run as another's with the same effective run: the labels are the only difference. */
export function relabelled(result: ReplicationResult, as: Pick<RunSpec, 'variant' | 'pointIndex' | 'point'>): ReplicationResult {
  // the same keys in the same places as the run's own result, so a unit file of it has the same bytes
  return { ...result, variant: as.variant, pointIndex: as.pointIndex, point: as.point };
}
