import { describe, expect, it } from '@jest/globals';
import { erlangC, mmcKBlocking, mmcMeanWait } from '../../src/metrics/queueing.js';
import { expectClose, expectInCi, poissonSpec, replicate } from '../run/fixtures.js';

const mu = 1;
const exec = { dist: 'exponential', mean: 1 / mu } as const;

// The queueing station itself is held to Erlang B and C and M/M/c/K in test/resources/station.test.ts;
// here the platform around it: what the recorder makes of its activations, end to end.
describe('station platform M/M/c against Erlang C', () => {
  for (const [servers, lambda] of [[4, 3.2]] as const) {
    it(`M/M/${servers} at rho ${lambda / (servers * mu)}: waiting probability, mean wait, Little, utilization`, async () => {
      // ~200 k requests a replication, 5 replications; 1000 s warm-up is hundreds of busy periods
      const duration = 200_000 / lambda;
      const results = await replicate(poissonSpec({ kind: 'station', servers, queue: Infinity }, lambda, exec, duration, 1000), 5);
      const offered = lambda / mu;
      expectInCi(results, 'waitProbability', erlangC(servers, offered), 0.02);
      expectInCi(results, 'wait.mean', mmcMeanWait(servers, lambda, mu), 0.08);
      expectInCi(results, 'latency.mean', mmcMeanWait(servers, lambda, mu) + 1 / mu, 0.05);
      expectInCi(results, 'utilization', offered / servers, 0.01);
      expectInCi(results, 'throughput', lambda, 0.01);
      for (const r of results) {
        // Little's law holds on each sample path up to the jobs straddling the window edges:
        // O(L x W / T) ~ 1e-4 here, so 1 % is loose
        expectClose(r.metrics['inSystem.mean'], r.metrics.offered * r.metrics['latency.mean'], 0.01, 'Little L = lambda W');
        expect(r.metrics['instances.mean']).toBe(servers);
        expect(r.metrics['starts.warm']).toBe(r.metrics.started);
        expect(r.metrics.rejected).toBe(0);
      }
    });
  }
});

describe('station M/M/c/K', () => {
  it('rejection probability matches the closed form (PASTA)', async () => {
    const servers = 2;
    const queue = 3;
    const lambda = 2.4;
    const results = await replicate(poissonSpec({ kind: 'station', servers, queue }, lambda, exec, 80_000, 100), 5);
    expectInCi(results, 'rejectedRatio', mmcKBlocking(servers, queue, lambda, mu), 0.03);
    for (const r of results) {
      expect(r.metrics['inSystem.max']).toBe(servers + queue);
      // throughput is what gets in: lambda (1 - P_block)
      expectClose(r.metrics.throughput, r.metrics.offered * (1 - r.metrics.rejectedRatio), 0.01, 'carried load');
    }
  });
});

describe('station details', () => {
  it('non-blocking calls get their response on admission; completion.* still measures arrival to result', async () => {
    const spec = poissonSpec({ kind: 'station', servers: 1, queue: Infinity }, 0.5, exec, 200_000, 1000);
    spec.workload[0].blocking = false;
    const [r] = await replicate(spec, 1);
    expect(r.metrics['latency.mean']).toBe(0);
    expect(r.metrics['wait.mean']).toBeGreaterThan(0);
    // M/M/1 at rho 0.5: mean time in system 1 / (mu - lambda) = 2
    expectClose(r.metrics['completion.mean'], 2, 0.05, 'M/M/1 sojourn of non-blocking calls');
    const blocking = poissonSpec({ kind: 'station', servers: 1, queue: Infinity }, 0.5, exec, 2000, 0);
    const [b] = await replicate(blocking, 1);
    expect(b.metrics['completion.mean']).toBe(b.metrics['latency.mean']);
  });

  it('servers: Infinity is M/M/inf: instances.mean counts servers in use', async () => {
    const [r] = await replicate(poissonSpec({ kind: 'station', servers: Infinity, queue: 0 }, 20, exec, 5000, 50), 1);
    expectClose(r.metrics['instances.mean'], 20, 0.03, 'M/M/inf mean busy');
    expect(r.metrics.waitProbability).toBe(0);
  });
});
