import type { Random } from './index.js';

/** A distribution of a scenario (times in seconds), as its schema returns it. */
export type DistributionSpec =
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'lognormal'; mean: number; cv: number }
  | { dist: 'gamma'; mean: number; cv: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'empirical'; values: number[] };

/** Draws one value from a distribution with the given uniform source. */
export type Sampler = (random: Random) => number;

/** Standard normal by Box-Muller; uses two uniforms, keeps no state between calls. */
export function standardNormal(random: Random): number {
  const u = 1 - random(); // (0, 1]: log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The normal's parameters of a lognormal of mean m and coefficient of variation cv: sigma^2 = ln(1 + cv^2), mu = ln m - sigma^2 / 2. */
function lognormalParams(mean: number, cv: number): { mu: number; sigma: number } {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  return { mu: Math.log(mean) - (sigma * sigma) / 2, sigma };
}

export function exponential(random: Random, mean: number): number {
  return -mean * Math.log(1 - random());
}

/** Gamma(shape, scale = 1) by Marsaglia and Tsang (2000); shape < 1 by the boost u^(1/shape). */
export function standardGamma(random: Random, shape: number): number {
  if (shape < 1) return standardGamma(random, shape + 1) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function makeSampler(spec: DistributionSpec): Sampler {
  switch (spec.dist) {
    case 'constant': {
      const value = spec.value;
      return () => value;
    }
    case 'exponential': {
      const mean = spec.mean;
      return (random) => exponential(random, mean);
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(spec.mean, spec.cv);
      return (random) => Math.exp(mu + sigma * standardNormal(random));
    }
    case 'gamma': {
      // shape k = 1 / cv^2, scale = mean / k
      const shape = 1 / (spec.cv * spec.cv);
      const scale = spec.mean / shape;
      return (random) => scale * standardGamma(random, shape);
    }
    case 'uniform': {
      const { min, max } = spec;
      return (random) => min + (max - min) * random();
    }
    case 'empirical': {
      const values = spec.values;
      return (random) => values[Math.floor(random() * values.length)];
    }
  }
}

export function meanOf(spec: DistributionSpec): number {
  switch (spec.dist) {
    case 'constant':
      return spec.value;
    case 'exponential':
    case 'lognormal':
    case 'gamma':
      return spec.mean;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'empirical':
      return spec.values.reduce((s, v) => s + v, 0) / spec.values.length;
  }
}
