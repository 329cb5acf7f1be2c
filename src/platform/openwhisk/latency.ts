import type { Random, RandomStreams } from '../../engine/index.js';
import { lognormalParams, makeSampler, type Sampler } from '../../workload/distributions.js';
import type { DistributionSpec } from '../../scenario/types.js';
import { LATENCY_KEYS, type LatencyKey } from './params.js';

/**
 * One latency hop: its sampler and its own random stream (`openwhisk/latency/<key>`), so that a
 * change in how often one hop is drawn does not shift the draws of the others across variants.
 *
 * Every activation draws several hops, most of them lognormal (the model's defaults): that
 * case is written out here instead of going through `makeSampler`'s closure and
 * `standardNormal`, with the same operations in the same order, so the draws are bit-identical
 * (test/openwhisk/latency.test.ts). A constant needs no draw at all.
 */
export class Latency {
  /** True for a constant 0: callers then act at once instead of scheduling an event. */
  readonly zero: boolean;
  private readonly constant: boolean;
  private readonly value: number;
  private readonly lognormal: boolean;
  private readonly mu: number;
  private readonly sigma: number;
  private readonly sampler: Sampler;

  constructor(
    spec: DistributionSpec,
    private readonly random: Random,
  ) {
    this.sampler = makeSampler(spec);
    this.zero = spec.dist === 'constant' && spec.value === 0;
    this.constant = spec.dist === 'constant';
    this.value = spec.dist === 'constant' ? spec.value : 0;
    this.lognormal = spec.dist === 'lognormal';
    const { mu, sigma } = spec.dist === 'lognormal' ? lognormalParams(spec.mean, spec.cv) : { mu: 0, sigma: 0 };
    this.mu = mu;
    this.sigma = sigma;
  }

  sample(): number {
    if (this.lognormal) {
      // makeSampler's lognormal: exp(mu + sigma * standardNormal), the normal by Box-Muller
      const u = 1 - this.random(); // (0, 1]: log is finite
      return Math.exp(this.mu + this.sigma * (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random())));
    }
    if (this.constant) return this.value;
    return this.sampler(this.random);
  }
}

export type Latencies = Record<LatencyKey, Latency>;

export function makeLatencies(specs: Record<LatencyKey, DistributionSpec>, random: RandomStreams): Latencies {
  return Object.fromEntries(LATENCY_KEYS.map((k) => [k, new Latency(specs[k], random.stream(`openwhisk/latency/${k}`))])) as Latencies;
}
