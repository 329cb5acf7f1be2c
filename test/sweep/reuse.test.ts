// Sweeps that redo identical work (issue 20 item 13): a unit whose run is another's but for its
// labels is a copy of that unit's result, and the copy is the very bytes running it would write.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TimeseriesCsvWriter, timeseriesLayout } from '../../src/output/timeseries-csv.js';
import { runReplication, runScenario } from '../../src/run/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { readManifest } from '../../src/sweep/store.js';
import { encodeUnit } from '../../src/sweep/unit-file.js';
import { planUnits } from '../../src/sweep/units.js';
import { outputs, requireBuiltCli, secfaas } from './cli-helpers.js';

// A 4 x 2 sweep over security keys: native is the same run at all 8 points.
const scenario = `name: secure-sweep
seed: 4
duration: 30s
replications: 2
hardware: gemini-lake-j5005
platform:
  kind: openwhisk
  invokers: 1
  security: { mode: sgx, sgx: v1 }
functions:
  - { name: f, memory: 256MiB, exec: 20ms, enclave: { code: 1MiB, heap: 16MiB, workingSet: 1MiB } }
workload:
  - { function: f, arrivals: { poisson: 8/s } }
variants:
  sgx: {}
  native: { "platform.security": none }
sweep:
  platform.security.augmentBatch: [1, 16, 64, 256]
  platform.security.sgx: [v1, v2]
`;

let dir: string;
let file: string;
let reference: Record<string, string>;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-reuse-'));
  file = join(dir, 'sweep.yaml');
  writeFileSync(file, scenario);
  const whole = secfaas(['run', 'sweep.yaml', '--out', 'whole', '--workers', '2'], dir);
  expect(whole.code).toBe(0);
  expect(whole.stderr).toBe('14 of 32 units are the same run as another (a variant the sweep point does not change): their results are copies, not run again\nwrote whole/\n');
  reference = outputs(join(dir, 'whole'));
});

describe('units of the same run', () => {
  it('are found by their resolved run without labels: native at every point is one run, each sgx point its own', () => {
    const units = planUnits(loadScenario(file));
    const native = units.filter((u) => u.spec.variant === 'native');
    expect(native).toHaveLength(16);
    // replication r of every native point is a copy of replication r of the first
    expect(native.map((u) => u.sameAs)).toEqual(native.map((u) => native[u.replication - 1].index));
    for (const u of units.filter((u) => u.spec.variant === 'sgx')) expect(u.sameAs).toBe(u.index);
  });

  it('a copy holds the bytes running it gives: unit file and time-series rows, at every native point', async () => {
    const loaded = loadScenario(file);
    const layout = timeseriesLayout(loaded)!;
    const sweep = readManifest(join(dir, 'whole'))!.sweep;
    const copies = planUnits(loaded).filter((u) => u.sameAs !== u.index);
    expect(copies).toHaveLength(14);
    // three of them, run for real: the last point of each replication, and one in the middle
    for (const unit of [copies[5], copies[12], copies[13]]) {
      const rows = join(dir, `rows-${unit.index}.csv`);
      const writer = new TimeseriesCsvWriter(rows, layout);
      const result = await runReplication(unit.spec, unit.replication, { timeseries: writer });
      writer.finish();
      expect(readFileSync(join(dir, 'whole', 'units', `${unit.index}.jsonl`), 'utf8')).toBe(encodeUnit(unit.index, sweep, result));
      expect(readFileSync(join(dir, 'whole', 'units', `${unit.index}.timeseries.csv`), 'utf8')).toBe(readFileSync(rows, 'utf8'));
    }
    // every native row of summary.csv carries the same metrics, under its own point
    const rows = reference['summary.csv'].trim().split('\n').slice(1).filter((l) => l.includes(',native,') && l.includes(',all,'));
    expect(rows).toHaveLength(16);
    const metrics = (line: string) => line.split(',').slice(7).join(',');
    expect(new Set(rows.map(metrics)).size).toBe(2);
  });

  it('one worker, three shards merged, and a resume after losing sources and copies: the same bytes', () => {
    expect(secfaas(['run', 'sweep.yaml', '--out', 'one', '--workers', '1'], dir).code).toBe(0);
    expect(outputs(join(dir, 'one'))).toEqual(reference);
    // the first native units (16: replication 1, 17: replication 2) are in shards 1/3 and 2/3: a shard
    // without one runs a native unit of its own for that replication and copies it to its others
    const reused = [0, 1, 2].map((i) => secfaas(['run', 'sweep.yaml', '--out', `s${i}`, '--shard', `${i}/3`], dir).stderr.split(' of ')[0]);
    expect(reused).toEqual(['3', '4', '3']);
    expect(secfaas(['merge', 's0', 's1', 's2', '--out', 'merged'], dir).code).toBe(0);
    expect(outputs(join(dir, 'merged'))).toEqual(reference);
    // lose the first native unit of replication 1 (a source) and two of its copies
    const native = planUnits(loadScenario(file)).filter((u) => u.spec.variant === 'native');
    for (const unit of [native[0], native[2], native[4]]) rmSync(join(dir, 'whole', 'units', `${unit.index}.jsonl`));
    const resumed = secfaas(['run', 'sweep.yaml', '--out', 'whole', '--resume'], dir);
    expect(resumed.stderr).toContain('resumed: 29 of 32 units kept from before in whole/units/, 3 left to do');
    expect(resumed.stderr).toContain('3 of 32 units are the same run as another');
    expect(outputs(join(dir, 'whole'))).toEqual(reference);
  });
});

describe('runs of the same effective run in memory (check without --out, the library\'s runScenario)', () => {
  it('are run once and copied under their own labels: the same results running them gives', async () => {
    const loaded = loadScenario(file);
    const result = await runScenario(loaded);
    expect(result.replications).toHaveLength(32);
    const native = result.replications.filter((r) => r.variant === 'native');
    expect(native).toHaveLength(16);
    // each native point carries its own point, and the metrics of the first point's replication: not run again
    expect(native.map((r) => r.pointIndex)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7]);
    for (let i = 2; i < 16; i++) expect(native[i].metrics).toBe(native[i % 2].metrics);
    // what a copy holds is what running it gives
    const last = planUnits(loaded).filter((u) => u.spec.variant === 'native').at(-1)!;
    expect(native[15]).toEqual(await runReplication(last.spec, last.replication));
    // the sgx points differ: each its own run
    const sgx = result.replications.filter((r) => r.variant === 'sgx');
    expect(new Set(sgx.map((r) => r.metrics)).size).toBe(16);
  });
});
