/**
 * What a run's platform samples: its kind's time-series columns, plus the health columns of an
 * OpenWhisk with faults, plus its security layers' columns (the sampler's order). The platform
 * itself is built by the record of layers (layers/index.ts `createRunPlatform`).
 */
import type { TimeseriesColumns } from '../model/platform.js';
import { securityColumns } from '../layers/index.js';
import { platformTimeseries } from '../platform/index.js';
import { CPU_COLUMNS, FAULT_COLUMNS } from '../platform/openwhisk/index.js';
import { hasCores, hasFaults } from '../platform/openwhisk/params.js';
import type { RunSpec } from '../schema/types.js';

export function runTimeseriesColumns(spec: RunSpec): TimeseriesColumns | undefined {
  const native = platformTimeseries(spec.platform.kind);
  if (native === undefined || spec.platform.kind !== 'openwhisk') return native;
  const faults = hasFaults(spec.platform) ? FAULT_COLUMNS : [];
  const cpu = hasCores(spec.platform) ? CPU_COLUMNS : [];
  const secure = securityColumns(spec.security);
  if (faults.length === 0 && cpu.length === 0 && secure.length === 0) return native;
  return { entity: native.entity, columns: [...native.columns, ...faults, ...cpu, ...secure] };
}
