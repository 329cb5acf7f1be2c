import { describe, expect, it } from '@jest/globals';
import type { Write } from '../../src/scenario/patch.js';
import { applyPatch, resolvePath, sourceOf } from '../../src/scenario/patch.js';
import { gridPoints, toBaseUnits } from '../../src/scenario/sweep.js';

describe('applyPatch', () => {
  const base = () => ({ platform: { kind: 'station', servers: 2, queue: 4 }, workload: [{ function: 'f', arrivals: { poisson: '1/s' } }], seed: 1 });

  it('merges mappings, replaces lists and scalars, removes keys set to null, and records where each write came from', () => {
    const document = base();
    const writes: Write[] = [];
    const problems = applyPatch(
      document,
      { platform: { servers: 3, queue: null }, 'workload.0.arrivals.poisson': '2/s', seed: 7 },
      ['variants', 'v'],
      ['name'],
      writes,
    );
    expect(problems).toEqual([]);
    expect(document).toEqual({ platform: { kind: 'station', servers: 3 }, workload: [{ function: 'f', arrivals: { poisson: '2/s' } }], seed: 7 });
    expect(writes).toEqual([
      { target: ['platform', 'servers'], source: ['variants', 'v', 'platform', 'servers'] },
      { target: ['platform', 'queue'], source: ['variants', 'v', 'platform', 'queue'] },
      { target: ['workload', 0, 'arrivals', 'poisson'], source: ['variants', 'v', 'workload.0.arrivals.poisson'] },
      { target: ['seed'], source: ['variants', 'v', 'seed'] },
    ]);
  });

  it('refuses indices past a list, non-index segments on a list, and file-level keys', () => {
    const problems = applyPatch(base(), { 'workload.1.blocking': false, 'workload.x': 1, 'name.y': 'z' }, ['variants', 'v'], ['name'], []);
    expect(problems.map((p) => p.path)).toEqual([
      ['variants', 'v', 'workload.1.blocking'],
      ['variants', 'v', 'workload.x'],
      ['variants', 'v', 'name.y'],
    ]);
  });

  it('does not follow inherited properties', () => {
    expect(resolvePath({ a: {} }, ['a', 'constructor'])).toBeUndefined();
    expect(resolvePath({ a: [1, 2] }, ['a', 'length'])).toBeUndefined();
    expect(resolvePath({ a: [1, 2] }, ['a', '1'])).toEqual(['a', 1]);
  });
});

describe('sourceOf', () => {
  const writes: Write[] = [
    { target: ['platform'], source: ['variants', 'v', 'platform'] },
    { target: ['platform', 'servers'], source: ['sweep', 'platform.servers', 1] },
  ];

  it('maps a path to the last write that covers it, or to the base', () => {
    expect(sourceOf(['platform', 'servers'], writes)).toEqual(['sweep', 'platform.servers', 1]);
    expect(sourceOf(['platform', 'queue'], writes)).toEqual(['variants', 'v', 'platform', 'queue']);
    expect(sourceOf(['workload', 0], writes)).toEqual(['workload', 0]);
  });
});

describe('sweep values', () => {
  it('converts by what the string is', () => {
    expect([toBaseUnits('3000/min'), toBaseUnits('250ms'), toBaseUnits('2GiB'), toBaseUnits(4), toBaseUnits('mru'), toBaseUnits(true)]).toEqual([
      50,
      0.25,
      2048,
      4,
      'mru',
      'true',
    ]);
  });

  it('walks the grid with the first axis slowest', () => {
    const axis = (n: number, dimension: number) => ({ key: 'k', segments: ['k'], values: Array.from({ length: n }, (_, i) => i), baseValues: [], source: [], dimension });
    expect(gridPoints([axis(2, 0), axis(3, 1)])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(gridPoints([])).toEqual([[]]);
    // linked (zipped) axes share a dimension and move together
    expect(gridPoints([axis(2, 0), axis(3, 1), axis(3, 1)])).toEqual([
      [0, 0, 0],
      [0, 1, 1],
      [0, 2, 2],
      [1, 0, 0],
      [1, 1, 1],
      [1, 2, 2],
    ]);
  });
});
