import type { AggregateGroup } from './aggregate.js';

/**
 * A variant's metric over its baseline's, paired by replication: variant_i / baseline_i for
 * replication i of both (they ran on the same random numbers, so the pairing removes the noise they
 * share), not the ratio of two means. What ratio claims judge and the table's ratio columns show.
 * NaN where either value is missing or the baseline's is 0 over 0; `unpaired` when the two groups
 * do not hold the same replications.
 */
export function pairedRatios(variant: AggregateGroup, baseline: AggregateGroup, metric: string): { samples: number[] } | { unpaired: string } {
  const values = variant.values[metric] ?? variant.replications.map(() => NaN);
  const baseValues = baseline.values[metric] ?? baseline.replications.map(() => NaN);
  const byReplication = new Map(baseline.replications.map((r, i) => [r, baseValues[i]]));
  if (baseline.replications.length !== variant.replications.length || variant.replications.some((r) => !byReplication.has(r))) {
    return { unpaired: `${variant.replications.join(',')} vs ${baseline.replications.join(',')}` };
  }
  return { samples: variant.replications.map((r, i) => values[i] / (byReplication.get(r) as number)) };
}
