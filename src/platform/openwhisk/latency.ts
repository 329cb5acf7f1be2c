import type { Random, RandomStreams } from '../../engine/index.js';
import { makeSampler, type Sampler } from '../../engine/distributions.js';
import type { DistributionSpec } from '../../schema/types.js';
import { LATENCY_KEYS, type LatencyKey } from './params.js';

/**
 * One latency hop: its sampler and its own random stream (`openwhisk/latency/<key>`), so that a
 * change in how often one hop is drawn does not shift the draws of the others across variants.
 */
export class Latency {
  /** True for a constant 0: callers then act at once instead of scheduling an event. */
  readonly zero: boolean;
  private readonly sampler: Sampler;

  constructor(
    spec: DistributionSpec,
    private readonly random: Random,
  ) {
    this.sampler = makeSampler(spec);
    this.zero = spec.dist === 'constant' && spec.value === 0;
  }

  sample(): number {
    return this.sampler(this.random); // a constant's sampler draws nothing
  }
}

export type Latencies = Record<LatencyKey, Latency>;

/** The hops with their streams `<streams>/<key>`: the health test actions draw from streams of their own. */
export function makeLatencies(specs: Record<LatencyKey, DistributionSpec>, random: RandomStreams, streams = 'openwhisk/latency'): Latencies {
  return Object.fromEntries(LATENCY_KEYS.map((k) => [k, new Latency(specs[k], random.stream(`${streams}/${k}`))])) as Latencies;
}
