import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { argminOverIntegers, fitCreation, predictedSeconds, type CreateTime, type CreationCosts } from '../../../src/tee/sgx/calibrate.js';
import { hardwareProfile as anyProfile } from '../../../src/layers/index.js';
import { sgxMachine } from '../../../src/tee/sgx/hardware.js';
import { leastSquares, logLeastSquares } from '../../../src/tee/sgx/log-fit.js';

/** A shipped profile with SGX, as the SGX code takes it. */
const hardwareProfile = (name: string) => sgxMachine(anyProfile(name));

const j5005 = hardwareProfile('gemini-lake-j5005');
const points = (pairs: [number, number][]): CreateTime[] => pairs.map(([enclaveMiB, seconds]) => ({ enclaveMiB, seconds, sgx: 'v1' }));
/** VXAPPS/sgx-benchmark on the J5005: heap 1 MB .. 1 GB plus the 1 MiB stack, create+destroy seconds. */
const MEASURED = points([[2, 0.03], [11, 0.1], [81, 0.65], [101, 1.2], [1025, 13.25]]);
const logSquares = (costs: CreationCosts, at: readonly CreateTime[]) => at.reduce((s, p) => s + Math.log(predictedSeconds(j5005, costs, p.enclaveMiB) / p.seconds) ** 2, 0);

describe('linear least squares (Householder QR)', () => {
  test('solves an exactly determined and an over-determined system', () => {
    expect(leastSquares([[1, 0], [0, 2]], [3, 4])).toEqual([3, 2]);
    // the line through (0, 1), (1, 2), (2, 4): the normal equations give 5/6 + 3/2 x
    const [a, b] = leastSquares([[1, 0], [1, 1], [1, 2]], [1, 2, 4])!;
    expect([a, b].map((v) => Number(v.toFixed(12)))).toEqual([0.833333333333, 1.5]);
  });

  test('refuses dependent columns and fewer rows than columns', () => {
    expect(leastSquares([[1, 2], [2, 4], [3, 6]], [1, 2, 3])).toBeUndefined();
    expect(leastSquares([[1, 2, 3]], [1])).toBeUndefined();
  });
});

describe('least squares on the logs with coefficients >= 0', () => {
  test('recovers exact coefficients, and holds a coefficient at 0 when the data would make it negative', () => {
    const rows = [[1, 1], [1, 10], [1, 100]];
    expect(logLeastSquares(rows, [3, 21, 201])!.coefficients.map((c) => Number(c.toFixed(9)))).toEqual([1, 2]);
    // falling data: a negative slope is not allowed; the best is a constant (the geometric mean)
    const flat = logLeastSquares(rows, [4, 2, 1])!;
    expect(flat.coefficients[1]).toBe(0);
    expect(flat.coefficients[0]).toBeCloseTo(2, 9);
  });
});

describe('fitting the creation model', () => {
  test('recovers the costs and the knee from points the model itself gives (any costs, any knee)', () => {
    fc.assert(
      fc.property(
        fc.record({
          createFixedSeconds: fc.double({ min: 1e-3, max: 0.1, noNaN: true }),
          pageLoadSeconds: fc.double({ min: 1e-6, max: 5e-5, noNaN: true }),
          pageEvictSeconds: fc.double({ min: 5e-6, max: 5e-5, noNaN: true }),
          epcMiB: fc.integer({ min: 32, max: 4096 }),
        }),
        fc.uniqueArray(fc.integer({ min: 1, max: 31 }), { minLength: 2, maxLength: 4 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 4096 }), { minLength: 2, maxLength: 4 }),
        (truth, inside, past) => {
          const sizes = [...inside.map((k) => Math.ceil((k / 32) * truth.epcMiB)), ...past.map((k) => truth.epcMiB + k)];
          const exact = sizes.map((s) => ({ enclaveMiB: s, seconds: predictedSeconds(j5005, truth, s), sgx: 'v1' as const }));
          const fit = fitCreation(exact, { ...j5005, epcMiB: truth.epcMiB });
          if (!('costs' in fit)) throw new Error(fit.refused);
          expect(fit.costs.epcMiB).toBe(truth.epcMiB);
          for (const key of ['createFixedSeconds', 'pageLoadSeconds', 'pageEvictSeconds'] as const) {
            expect(Math.abs(fit.costs[key] / truth[key] - 1)).toBeLessThan(1e-6);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  test('on the J5005 points: no small change of any value, or of the knee by 1 MiB, lowers the sum of squared log residuals', () => {
    const fit = fitCreation(MEASURED, j5005);
    if (!('costs' in fit)) throw new Error(fit.refused);
    const best = logSquares(fit.costs, MEASURED);
    for (const key of ['createFixedSeconds', 'pageLoadSeconds', 'pageEvictSeconds'] as const) {
      for (const factor of [0.999, 1.001]) expect(logSquares({ ...fit.costs, [key]: fit.costs[key] * factor }, MEASURED)).toBeGreaterThan(best);
    }
    // a knee 1 MiB away, with the costs refitted there, is no better
    for (const knee of [fit.costs.epcMiB - 1, fit.costs.epcMiB + 1]) {
      const there = fitCreation(MEASURED, { ...j5005, epcMiB: knee });
      if (!('costs' in there)) throw new Error(there.refused);
      expect(best).toBeLessThanOrEqual(logSquares(there.costs, MEASURED) + 1e-15);
    }
  });

  test('no choice of the model\'s values comes within 10 % of every J5005 point: its slope only rises, the measured one falls after 100 MB', () => {
    // Within 10 %, the slope from 81 to 101 MiB is at least this, and from 101 to 1025 MiB at most that.
    const steepestFirst = (1.2 * 0.9 - 0.65 * 1.1) / (101 - 81);
    const flattestAfter = (13.25 * 1.1 - 1.2 * 0.9) / (1025 - 101);
    expect(steepestFirst).toBeGreaterThan(flattestAfter);
    // and the fit's largest errors are at those two points, beyond 10 %
    const fit = fitCreation(MEASURED, j5005);
    if (!('costs' in fit)) throw new Error(fit.refused);
    const errors = MEASURED.map((p) => predictedSeconds(j5005, fit.costs, p.enclaveMiB) / p.seconds - 1);
    expect(errors.map((e) => Math.abs(e) <= 0.1)).toEqual([true, true, false, false, true]);
  });

  test('refuses, naming the points to add, when the points cannot identify a value', () => {
    const refusal = (pairs: [number, number][]) => {
      const fit = fitCreation(points(pairs), j5005);
      return 'refused' in fit ? fit.refused : 'fitted';
    };
    expect(refusal([[2, 0.03], [11, 0.1], [81, 0.65]])).toBe(
      'pageEvict and the knee (epc) need two enclave sizes past the EPC (gemini-lake-j5005: 94 MiB) (the slope past it and where it starts); 0 given: add two, e.g. 188 MiB and 376 MiB',
    );
    expect(refusal([[2, 0.03], [11, 0.1], [81, 0.65], [101, 1.2]])).toMatch(/pageEvict and the knee \(epc\) need two enclave sizes past .*; 1 given: add another, e.g. 376 MiB$/);
    expect(refusal([[101, 1.2], [1025, 13.25], [2048, 27]])).toBe(
      'createFixed and pageLoad need two enclave sizes that fit in the EPC (gemini-lake-j5005: 94 MiB) (the fixed cost and the slope); 0 given: add two, e.g. 1 MiB and 47 MiB',
    );
    expect(refusal([[2, 0.03], [101, 1.2], [1025, 13.25]])).toMatch(/^createFixed and pageLoad .*; 1 given: add another, e.g. 47 MiB$/);
    // the same size twice is one size
    expect(refusal([[2, 0.03], [2, 0.031], [101, 1.2], [1025, 13.25]])).toMatch(/1 given: add another/);
    expect(refusal(MEASURED.map((p) => [p.enclaveMiB, p.seconds]))).toBe('fitted');
  });

  test('refuses points with no knee: those past the EPC on the line of those inside', () => {
    const line = (miB: number) => 0.01 + miB * 0.008;
    expect(fitCreation(points([2, 11, 81, 101, 1025].map((m) => [m, line(m)])), j5005)).toEqual({
      refused: expect.stringMatching(/^the points past the EPC lie on the line of those inside it: no knee/),
    });
  });

  test('a wide range of knees is searched coarse, then fine around the best', () => {
    const calls: number[] = [];
    const best = argminOverIntegers(1, 100_000, (x) => (calls.push(x), Math.abs(x - 54_321)));
    expect(best).toBe(54_321);
    expect(calls.length).toBeLessThan(4096 + 60);
    expect(argminOverIntegers(3, 3, () => 1)).toBe(3);
  });
});
