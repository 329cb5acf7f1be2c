import { describe, expect, it } from '@jest/globals';
import { Replication } from '../../src/run/replication.js';
import type { Activation } from '../../src/model/activation.js';
import type { ArrivalSpec, RunSpec } from '../../src/schema/types.js';
import { expectClose, expectInCi, fnSpec, load, replicate, runSpec } from '../run/fixtures.js';

const exec = { dist: 'exponential', mean: 0.01 } as const;
const lots = { kind: 'station', servers: Infinity, queue: 0 } as const;

function openSpec(arrivals: ArrivalSpec, durationSeconds: number, warmupSeconds = 0): RunSpec {
  return runSpec({ platform: lots, functions: [fnSpec('f', exec)], workload: [load(0, arrivals)], durationSeconds, warmupSeconds });
}

async function arrivalsOf(spec: RunSpec, replication = 1): Promise<Activation[]> {
  const seen: Activation[] = [];
  const run = new Replication(spec, replication, { arrived: (a) => seen.push(a) });
  await run.run();
  return seen;
}

describe('open arrivals', () => {
  it('constant: the k-th arrival at exactly k / rate, none at or after the end', async () => {
    const seen = await arrivalsOf(openSpec({ kind: 'constant', ratePerSecond: 3 }, 100));
    expect(seen).toHaveLength(299); // 1/3 .. 299/3; 300/3 = 100 is the end
    seen.forEach((a, i) => expect(a.arrival).toBe((i + 1) / 3));
    seen.forEach((a, i) => expect(a.id).toBe(i));
  });

  it('poisson: rate and exponential gaps (cv 1)', async () => {
    const seen = await arrivalsOf(openSpec({ kind: 'poisson', ratePerSecond: 100 }, 1000));
    const gaps = seen.slice(1).map((a, i) => a.arrival - seen[i].arrival);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    // 1e5 gaps: standard errors of mean and sd are ~0.3 % of the mean
    expectClose(mean, 0.01, 0.01, 'mean gap');
    expectClose(sd / mean, 1, 0.015, 'cv of gaps');
  });

  it('mmpp: long-run rate (on x onMean + off x offMean) / (onMean + offMean), and burstier than Poisson', async () => {
    const mmpp = { kind: 'mmpp', onRatePerSecond: 100, offRatePerSecond: 10, onMeanSeconds: 0.2, offMeanSeconds: 0.8 } as const;
    const rate = (100 * 0.2 + 10 * 0.8) / (0.2 + 0.8);
    // 4000 s is ~4000 on/off cycles a replication
    const results = await replicate(openSpec(mmpp, 4000, 10), 5);
    expectInCi(results, 'offered', rate, 0.04);
    // counts in 1 s bins: index of dispersion well above Poisson's 1
    const seen = await arrivalsOf(openSpec(mmpp, 2000));
    const bins = new Array(2000).fill(0);
    for (const a of seen) bins[Math.floor(a.arrival)]++;
    const m = bins.reduce((s, v) => s + v, 0) / bins.length;
    const v = bins.reduce((s, x) => s + (x - m) ** 2, 0) / bins.length;
    expect(v / m).toBeGreaterThan(3);
  });

  it('mmpp with off rate 0 sends only in on periods', async () => {
    const seen = await arrivalsOf(openSpec({ kind: 'mmpp', onRatePerSecond: 50, offRatePerSecond: 0, onMeanSeconds: 1, offMeanSeconds: 1 }, 2000));
    expectClose(seen.length / 2000, 25, 0.05, 'rate');
  });

  it('exec times come from the function exec distribution', async () => {
    const seen = await arrivalsOf(openSpec({ kind: 'poisson', ratePerSecond: 100 }, 500));
    const mean = seen.reduce((s, a) => s + a.execSeconds, 0) / seen.length;
    expectClose(mean, 0.01, 0.02, 'mean exec');
  });
});

describe('closed loop', () => {
  it('obeys the interactive response time law N = X (R + Z)', async () => {
    const clients = 10;
    const thinkMean = 1;
    const spec = runSpec({
      platform: { kind: 'station', servers: 2, queue: Infinity },
      functions: [fnSpec('f', { dist: 'exponential', mean: 0.4 })],
      workload: [load(0, { kind: 'closedLoop', clients, think: { dist: 'exponential', mean: thinkMean } })],
      durationSeconds: 20_000,
      warmupSeconds: 100,
    });
    const results = await replicate(spec, 5);
    for (const r of results) {
      // X is counted by completions and R by arrivals in the window: the edges cost O(N / (X T))
      expectClose(r.metrics.throughput * (r.metrics['latency.mean'] + thinkMean), clients, 0.01, 'N = X (R + Z)');
      expect(r.metrics.inFlight).toBeLessThanOrEqual(clients);
    }
  });

  it('a rejected request also ends in think time, and each client has one request out at a time', async () => {
    const out = new Map<number, number>();
    let maxOut = 0;
    const spec = runSpec({
      platform: { kind: 'station', servers: 1, queue: 1 },
      functions: [fnSpec('f', { dist: 'exponential', mean: 1 })],
      workload: [load(0, { kind: 'closedLoop', clients: 5, think: { dist: 'constant', value: 0.5 } })],
      durationSeconds: 500,
    });
    const done = (a: Activation) => out.set(a.client, out.get(a.client)! - 1);
    const run = new Replication(spec, 1, {
      arrived: (a) => {
        const n = (out.get(a.client) ?? 0) + 1;
        out.set(a.client, n);
        maxOut = Math.max(maxOut, n);
      },
      finished: done,
      rejected: done,
    });
    await run.run();
    const m = run.result().metrics;
    expect(maxOut).toBe(1);
    expect(m.rejectedTotal).toBeGreaterThan(100);
    // with 5 clients, a 2-place station and a 0.5 s think, the clients keep sending after rejections
    expect(m.arrived).toBeGreaterThan(m.finishedTotal + 100);
  });

  it('non-blocking clients send again after the 202, not the result', async () => {
    const spec = runSpec({
      platform: { kind: 'station', servers: 1, queue: Infinity },
      functions: [fnSpec('f', { dist: 'constant', value: 1 })],
      workload: [load(0, { kind: 'closedLoop', clients: 1, think: { dist: 'constant', value: 0.25 } }, false)],
      durationSeconds: 10,
    });
    const [r] = await replicate(spec, 1);
    // a request every 0.25 s (the 202 is immediate), while the server finishes one a second
    expect(r.metrics.arrived).toBe(40);
    expect(r.metrics.finishedTotal).toBe(10);
  });

  it('refuses a think time of mean 0 (with instant answers it would send forever at one instant)', () => {
    const spec = runSpec({
      platform: { kind: 'station', servers: 1, queue: 0 },
      functions: [fnSpec('f', exec)],
      workload: [load(0, { kind: 'closedLoop', clients: 1, think: { dist: 'constant', value: 0 } })],
      durationSeconds: 10,
    });
    expect(() => new Replication(spec, 1)).toThrow(/think time/);
  });
});
