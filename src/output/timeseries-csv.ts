import { stringify } from 'csv-stringify/sync';
import type { ScenarioResult } from '../run/types.js';
import { csvCell } from './summary-csv.js';

const LEADING = ['scenario', 'variant', 'point', 'replication'];

/**
 * timeseries.csv, tidy: scenario, variant, point, replication, the sweep values, then the union of the rows'
 * own keys in first-seen order (so the columns follow what the platform samples, reproducibly).
 * Undefined when no replication has time-series rows.
 */
export function timeseriesCsv(result: ScenarioResult): string | undefined {
  const sweepPaths = result.scenario.sweepPaths;
  const fixed = new Set([...LEADING, ...sweepPaths]);
  const keys: string[] = [];
  const seen = new Set<string>();
  let rows = 0;
  for (const r of result.replications) {
    for (const row of r.timeseries ?? []) {
      rows++;
      for (const key of Object.keys(row)) {
        if (!fixed.has(key) && !seen.has(key)) {
          seen.add(key);
          keys.push(key);
        }
      }
    }
  }
  if (rows === 0) return undefined;
  const records: string[][] = [[...LEADING, ...sweepPaths, ...keys]];
  for (const r of result.replications) {
    const prefix = [result.scenario.name, r.variant, String(r.pointIndex), String(r.replication), ...sweepPaths.map((p) => csvCell(r.point[p]))];
    for (const row of r.timeseries ?? []) records.push([...prefix, ...keys.map((k) => csvCell(row[k]))]);
  }
  return stringify(records, { record_delimiter: '\n' });
}
