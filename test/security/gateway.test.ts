import { describe, expect, it } from '@jest/globals';
import { RandomStreams, Simulation } from '../../src/engine/index.js';
import { exponential } from '../../src/engine/distributions.js';
import { estimate } from '../../src/aggregate/estimate.js';
import { mmcMeanWait } from '../../src/metrics/queueing.js';
import { TimeAverage } from '../../src/metrics/time-average.js';
import { TrustedGateway } from '../../src/security/gateway.js';
import { aesGcmSeconds, payloadOf } from '../../src/security/costs.js';
import type { FunctionSpec } from '../../src/spec/types.js';

/** Poisson arrivals at `rate` for `seconds`, each entering the gateway with a cost drawn by `cost`. */
function drive(cores: number, rate: number, seconds: number, cost: () => number, seed: number, warmupSeconds = 0) {
  const sim = new Simulation();
  const busy = new TimeAverage(sim, warmupSeconds, seconds);
  const gateway = new TrustedGateway(sim, cores, busy);
  const arrivals = new RandomStreams(seed).stream('arrivals');
  const waits: number[] = [];
  let completedBy = 0;
  const arrive = (): void => {
    const service = cost();
    const wait = gateway.enter(service);
    if (sim.now >= warmupSeconds) waits.push(wait);
    if (sim.now + wait + service <= seconds) completedBy++;
    const next = sim.now + exponential(arrivals, 1 / rate);
    if (next < seconds) sim.postAt(next, arrive);
  };
  sim.postAt(exponential(arrivals, 1 / rate), arrive);
  sim.run(seconds);
  return { waits, completedBy, utilization: busy.mean() };
}

describe('the trusted gateway', () => {
  it('with one core and a constant cost per request, saturates at 1/cost', () => {
    // 1 ms a request, offered 2,000/s: twice what one core serves
    const { completedBy, utilization } = drive(1, 2000, 50, () => 0.001, 1);
    expect(completedBy / 50).toBeCloseTo(1000, -1); // within 5/s of 1/cost
    expect(completedBy).toBeLessThanOrEqual(50 / 0.001);
    expect(utilization).toBeCloseTo(1, 3);
  });

  it('below saturation, its utilization is the offered load over its cores', () => {
    const { utilization } = drive(2, 600, 200, () => 0.001, 2, 10);
    expect(utilization).toBeCloseTo(0.3, 2);
  });

  it('with an exponential cost, its mean wait matches Erlang C (M/M/c) within the 95 % CI', () => {
    const cores = 2;
    const rate = 1500; // per second
    const meanCost = 0.001; // rho = 0.75
    const perReplication = [1, 2, 3, 4, 5, 6, 7, 8].map((r) => {
      const service = new RandomStreams(100 + r).stream('service');
      const { waits } = drive(cores, rate, 40, () => exponential(service, meanCost), r, 4);
      return waits.reduce((s, w) => s + w, 0) / waits.length;
    });
    const e = estimate(perReplication);
    const closedForm = mmcMeanWait(cores, rate, 1 / meanCost);
    expect(closedForm).toBeGreaterThanOrEqual(e.low);
    expect(closedForm).toBeLessThanOrEqual(e.high);
    // the interval is narrow enough to mean something: within 10 % of the value
    expect(e.high - e.low).toBeLessThan(0.2 * closedForm);
  });

  it('refuses a core count that is not a whole number >= 1', () => {
    expect(() => new TrustedGateway(new Simulation(), 0)).toThrow(/cores >= 1/);
    expect(() => new TrustedGateway(new Simulation(), 1.5)).toThrow(/cores >= 1/);
  });
});

describe('payload crypto', () => {
  const profile = { aesGcmBytesPerSecond: 1.5 * 2 ** 30, aesGcmPerMessageSeconds: 0.2e-6 };

  it('grows linearly with the payload at the profile rate, plus its per-message cost', () => {
    const sizes = [1024, 16 * 1024, 256 * 1024, 1024 * 1024];
    for (const bytes of sizes) expect(aesGcmSeconds(profile, bytes)).toBeCloseTo(bytes / profile.aesGcmBytesPerSecond + 0.2e-6, 15);
    // equal steps in size, equal steps in time: the slope is 1/rate
    const slope = (aesGcmSeconds(profile, 1024 * 1024) - aesGcmSeconds(profile, 1024)) / (1024 * 1024 - 1024);
    expect(slope).toBeCloseTo(1 / profile.aesGcmBytesPerSecond, 18);
    expect(aesGcmSeconds(profile, 0)).toBe(0.2e-6);
    expect(aesGcmSeconds(profile, 4096, 2)).toBe(2 * aesGcmSeconds(profile, 4096));
    expect(aesGcmSeconds(profile, 4096, 0)).toBe(0);
  });

  it('feeds a chain step the previous step output, a lone call its function input', () => {
    const f = (name: string, inputBytes: number, outputBytes: number) => ({ name, inputBytes, outputBytes }) as FunctionSpec;
    const functions = [f('fetch', 100, 5000), f('resize', 7, 300)];
    expect(payloadOf(functions, { fn: 1, inputFrom: -1 })).toEqual({ inputBytes: 7, outputBytes: 300 });
    expect(payloadOf(functions, { fn: 1, inputFrom: 0 })).toEqual({ inputBytes: 5000, outputBytes: 300 });
  });
});
