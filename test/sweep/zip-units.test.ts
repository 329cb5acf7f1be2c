import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputs, requireBuiltCli, secfaas } from './cli-helpers.js';

// A family of functions, a glob, scale zipped with the servers, crossed with an exec time:
// 2 variants x (3 x 2) points x 2 replications = 24 units, each small.
const scenario = `name: zip-units
seed: 4
duration: 30s
warmup: 5s
replications: 2
platform: { kind: station, servers: 2 }
functions:
  - { name: f, count: 4, exec: { dist: exponential, mean: 20ms }, memory: [128MiB, 256MiB, 256MiB, 512MiB] }
workload:
  - { function: f-*, arrivals: { poisson: 10/s } }
variants:
  fifo: {}
  short-queue: { platform: { queue: 5 } }
sweep:
  zip:
    scale: [1, 2, 4]
    platform.servers: [2, 3, 5]
  functions.0.exec: [20ms, 40ms]
`;

const unitFiles = (out: string) => readdirSync(join(out, 'units')).filter((n) => n.endsWith('.jsonl')).sort();

let dir: string;
let reference: Record<string, string>;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-zip-'));
  writeFileSync(join(dir, 'zip.yaml'), scenario);
  const one = secfaas(['run', 'zip.yaml', '--out', 'one', '--workers', '1', '--no-charts'], dir);
  expect(one.code).toBe(0);
  reference = outputs(join(dir, 'one'));
});

describe('a zipped, scaled sweep over a family of functions, as units', () => {
  it('has one unit per variant x zipped point x replication, and summary rows per function', () => {
    expect(unitFiles(join(dir, 'one'))).toHaveLength(24);
    const csv = reference['summary.csv'].split('\n');
    expect(csv[0]).toMatch(/^scenario,variant,point,scale,platform\.servers,functions\.0\.exec,function,/);
    const points = new Set(csv.slice(1).filter((l) => l !== '').map((l) => l.split(',').slice(2, 6).join(' ')));
    expect([...points]).toEqual(['0 1 2 0.02', '1 1 2 0.04', '2 2 3 0.02', '3 2 3 0.04', '4 4 5 0.02', '5 4 5 0.04']);
    expect(csv.some((l) => l.includes(',f-3,'))).toBe(true);
  });

  it('--workers 2, and 2 shards merged, write the same bytes as one worker', () => {
    expect(secfaas(['sweep', 'zip.yaml', '--out', 'two', '--workers', '2', '--no-charts'], dir).code).toBe(0);
    expect(outputs(join(dir, 'two'))).toEqual(reference);
    for (const i of [1, 0]) expect(secfaas(['run', 'zip.yaml', '--out', `s${i}`, '--shard', `${i}/2`, '--no-charts'], dir).code).toBe(0);
    expect(secfaas(['merge', 's0', 's1', '--out', 'merged', '--no-charts'], dir).code).toBe(0);
    expect(outputs(join(dir, 'merged'))).toEqual(reference);
  });

  it('--resume runs only the missing units and writes the same bytes', () => {
    expect(secfaas(['run', 'zip.yaml', '--out', 'partial', '--workers', '1', '--no-charts'], dir).code).toBe(0);
    const out = join(dir, 'partial');
    for (const name of ['3.jsonl', '17.jsonl']) rmSync(join(out, 'units', name));
    rmSync(join(out, 'summary.csv'));
    const kept = new Map(unitFiles(out).map((n) => [n, statSync(join(out, 'units', n)).mtimeMs]));
    expect(kept.size).toBe(22);
    expect(secfaas(['run', 'zip.yaml', '--out', 'partial', '--resume', '--no-charts'], dir).code).toBe(0);
    expect(outputs(out)).toEqual(reference);
    // the same unit ids: the kept files were not run again, the two missing ones were
    for (const [name, mtime] of kept) expect(statSync(join(out, 'units', name)).mtimeMs).toBe(mtime);
    expect(unitFiles(out)).toHaveLength(24);
  });
});
