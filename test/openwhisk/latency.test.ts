import { describe, expect, it } from '@jest/globals';
import { RandomStreams } from '../../src/engine/index.js';
import { Latency } from '../../src/platform/openwhisk/latency.js';
import type { DistributionSpec } from '../../src/schema/types.js';
import { makeSampler } from '../../src/engine/distributions.js';

describe('Latency', () => {
  // every hop draws exactly what makeSampler draws from the hop's own stream
  const specs: DistributionSpec[] = [
    { dist: 'lognormal', mean: 0.002, cv: 0.5 },
    { dist: 'lognormal', mean: 0.8, cv: 0.4 },
    { dist: 'lognormal', mean: 1e-6, cv: 3 },
    { dist: 'constant', value: 0.015 },
    { dist: 'constant', value: 0 },
    { dist: 'exponential', mean: 0.01 },
    { dist: 'gamma', mean: 0.1, cv: 0.7 },
    { dist: 'uniform', min: 0.001, max: 0.003 },
  ];
  it.each(specs)('draws bit-identically to makeSampler: %j', (spec) => {
    const latency = new Latency(spec, new RandomStreams(7).stream('a'));
    const sampler = makeSampler(spec);
    const random = new RandomStreams(7).stream('a');
    for (let i = 0; i < 20_000; i++) expect(Object.is(latency.sample(), sampler(random))).toBe(true);
  });
});
