import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeUnit, encodeUnit } from '../../src/sweep/unit-file.js';
import { parseShard, planUnits, unitsOfShard } from '../../src/sweep/units.js';
import type { ReplicationResult } from '../../src/run/types.js';
import { parseScenario } from '../../src/scenario/load.js';

describe('unit files', () => {
  it('round-trip every number exactly, NaN, Infinity and -0 included, and any other per-unit field', () => {
    const number = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 0));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), number), (metrics) => {
        const result: ReplicationResult & { grid: number[] } = {
          variant: 'v',
          pointIndex: 2,
          point: { 'platform.servers': 4, x: 'y' },
          replication: 3,
          metrics,
          perFunction: { f: metrics },
          events: 12345,
          grid: [0.5, NaN, -0],
        };
        const { header, result: back } = decodeUnit(encodeUnit(7, 'abc', result));
        expect(header.unit).toBe(7);
        expect(header.sweep).toBe('abc');
        expect(back).toEqual(result); // toEqual tells NaN from null and -0 from 0
        expect(Object.keys(back.metrics)).toEqual(Object.keys(metrics));
      }),
    );
  });
});

describe('shards', () => {
  const scenario = parseScenario(
    `name: s
duration: 10s
replications: 3
platform: { kind: station, servers: 1 }
functions: [{ name: f, exec: 1ms }]
workload: [{ function: f, arrivals: { poisson: 1/s } }]
variants: { a: {}, b: {} }
sweep: { platform.servers: [1, 2] }
`,
    's.yaml',
  );

  it('split the units in canonical order into disjoint shares that cover them all', () => {
    const units = planUnits(scenario);
    expect(units).toHaveLength(12);
    expect(units.map((u) => [u.spec.variant, u.spec.pointIndex, u.replication])).toEqual(
      ['a', 'b'].flatMap((v) => [0, 1].flatMap((p) => [1, 2, 3].map((r) => [v, p, r]))),
    );
    for (const count of [1, 2, 5, 12, 20]) {
      const shares = [...Array(count).keys()].map((index) => unitsOfShard(units, { index, count }).map((u) => u.index));
      expect(shares.flat().sort((x, y) => x - y)).toEqual(units.map((u) => u.index));
      for (const share of shares) expect(share.length).toBeLessThanOrEqual(Math.ceil(12 / count));
    }
  });

  it('--shard reads i/n, or the index from a Kubernetes Indexed Job or a Slurm array', () => {
    expect(parseShard('2/5', {})).toEqual({ index: 2, count: 5 });
    expect(parseShard('auto/5', { JOB_COMPLETION_INDEX: '4' })).toEqual({ index: 4, count: 5 });
    expect(parseShard('auto/5', { SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '3' })).toEqual({ index: 4, count: 5 });
    expect(parseShard('auto/5', { SLURM_ARRAY_TASK_ID: '0' })).toEqual({ index: 0, count: 5 });
    expect(() => parseShard('5/5', {})).toThrow('the shard index must be 0 to 4, got 5');
    expect(() => parseShard('1/0', {})).toThrow('n must be >= 1');
    expect(() => parseShard('one/2', {})).toThrow('expected i/n');
    expect(() => parseShard('auto/2', {})).toThrow('neither JOB_COMPLETION_INDEX');
    expect(() => parseShard('auto/2', { JOB_COMPLETION_INDEX: 'x' })).toThrow('JOB_COMPLETION_INDEX must be a whole number');
  });
});
