import { describe, expect, it } from '@jest/globals';
import { estimate, judgedEstimate } from '../../src/aggregate/estimate.js';
import { formatEstimate, formatInterval } from '../../src/aggregate/format.js';
import { metricRange } from '../../src/metrics/names.js';

describe('estimate across replications', () => {
  it('gives the Student-t 95 % interval', () => {
    // mean 3, sample sd sqrt(2.5), t(0.975, 4) = 2.7764451
    const e = estimate([1, 2, 3, 4, 5]);
    expect(e.n).toBe(5);
    expect(e.mean).toBe(3);
    expect(e.stddev).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(e.halfWidth).toBeCloseTo((2.7764451 * Math.sqrt(2.5)) / Math.sqrt(5), 6);
    expect(e.low).toBeCloseTo(3 - e.halfWidth, 12);
    // two values: t(0.975, 1) = 12.706205
    expect(estimate([0, 2]).halfWidth).toBeCloseTo((12.706205 * Math.SQRT2) / Math.SQRT2, 5);
  });

  it('reports no spread, exactly, for identical replications', () => {
    const e = estimate(Array(10).fill(0.095356923271752478));
    expect(e.mean).toBe(0.095356923271752478);
    expect(e.halfWidth).toBe(0);
    expect(e.stddev).toBe(0);
  });

  it('ignores replications without a value; no interval from fewer than two', () => {
    expect(estimate([NaN, 4, NaN, 6]).mean).toBe(5);
    expect(estimate([NaN, 4]).halfWidth).toBeNaN();
    expect(estimate([]).mean).toBeNaN();
  });
});

describe('judgedEstimate: the interval claims judge and the ratio charts and columns show', () => {
  it('widens a ratio of quantiles by both sketch errors (hand-computed)', () => {
    // ratios 1, 1.1, 1.2: mean 1.1, sd 0.1, t(0.975, 2) = 4.3026527, half-width 0.24841377;
    // a quantile is within 0.1 % of its value, a ratio of two within 1.001 / 0.999 - 1 = 0.2002 %
    const e = judgedEstimate('latency.p50', [1, 1.1, 1.2], 'ratio');
    expect(e.mean).toBeCloseTo(1.1, 12);
    expect(e.halfWidth).toBeCloseTo(0.24841377, 7);
    expect(e.low).toBeCloseTo(0.84988135, 7); // (1.1 - 0.24841377) x (1 - 0.002002)
    expect(e.high).toBeCloseTo(1.3511133, 7); // (1.1 + 0.24841377) x (1 + 0.002002)
    expect(formatInterval(e)).toBe('1.1 [0.8499, 1.351]');
  });

  it('leaves a ratio of means (throughput) at the Student-t interval, shown as mean ± half-width', () => {
    const e = judgedEstimate('throughput', [1, 1.1, 1.2], 'ratio');
    expect([e.low, e.high]).toEqual([estimate([1, 1.1, 1.2]).low, estimate([1, 1.1, 1.2]).high]);
    expect(formatInterval(e)).toBe(formatEstimate(e.mean, e.halfWidth));
  });

  it("widens a value quantile by its own error, clips a proportion's value to [0, 1], and gives one replication the sketch's interval", () => {
    const p50 = judgedEstimate('latency.p50', [0.02, 0.03], 'value');
    expect(p50.low).toBeCloseTo(estimate([0.02, 0.03]).low * 0.999, 15);
    expect(metricRange('cpu.utilization')).toEqual([0, 1]);
    const cpu = judgedEstimate('cpu.utilization', [0.98, 1, 1], 'value');
    expect(cpu.high).toBe(1);
    expect(judgedEstimate('cpu.utilization', [0.98, 1, 1], 'ratio').high).toBeGreaterThan(1);
    const one = judgedEstimate('latency.p50', [0.02], 'value');
    expect([one.low, one.high]).toEqual([0.02 * 0.999, 0.02 * 1.001]);
    expect(formatInterval(one, 1000)).toBe('20');
  });
});
