import { describe, expect, test } from '@jest/globals';
import { Ledger } from '../../src/resources/ledger.js';

describe('resource ledger', () => {
  test('a hard resource refuses what exceeds its capacity; a soft one takes it and reports the over-commit', () => {
    const l = new Ledger([
      { name: 'memoryMiB', capacity: 512, mode: 'hard' },
      { name: 'epcMiB', capacity: 94, mode: 'soft' },
    ]);
    expect(l.fits([256, 64])).toBe(true);
    l.charge([256, 64]);
    expect(l.fits([256, 64])).toBe(true); // 512 of 512; the EPC may go over
    l.charge([256, 64]);
    expect(l.fits([1, 0])).toBe(false);
    expect(l.resources.map((r) => [r.used, r.overcommitted])).toEqual([[512, 0], [128, 34]]);
    l.release([256, 64]);
    expect(l.resources.map((r) => [r.used, r.overcommitted])).toEqual([[256, 0], [64, 0]]);
    expect(l.indexOf('epcMiB')).toBe(1);
  });

  test('names are distinct', () => {
    expect(() => new Ledger([{ name: 'm', capacity: 1, mode: 'hard' }, { name: 'm', capacity: 1, mode: 'soft' }])).toThrow(/distinct/);
  });
});
