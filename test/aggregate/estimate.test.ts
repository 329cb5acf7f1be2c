import { describe, expect, it } from '@jest/globals';
import { estimate } from '../../src/aggregate/estimate.js';

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
