import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputs, requireBuiltCli, secfaas } from './cli-helpers.js';

// A small OpenWhisk sweep: 2 variants x 2 points x 2 replications = 8 units, with a time series
// (so unit files carry rows) and per-function metrics (two functions).
const sweep = (seed = 5) => `name: small-sweep
seed: ${seed}
duration: 40s
warmup: 5s
replications: 2
platform: { kind: openwhisk, invokers: 2 }
functions:
  - { name: a, exec: { dist: lognormal, mean: 20ms, cv: 0.5 } }
  - { name: b, memory: 512MiB, exec: { dist: exponential, mean: 50ms } }
workload:
  - { function: a, arrivals: { poisson: 20/s } }
  - { function: b, arrivals: { poisson: 5/s } }
variants:
  today: {}
  short-grace: { platform: { pauseGrace: 50ms } }
sweep:
  workload.0.arrivals.poisson: [10/s, 30/s]
claims:
  - { id: p50, metric: latency.p50, variant: today, value: { max: 1s } }
charts:
  - { x: workload.0.arrivals.poisson, y: latency.p99, color: variant }
  - { x: latency, y: latency.cdf, color: variant }
  - { x: time, y: busy, color: variant }
`;

let dir: string;
let reference: Record<string, string>;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-shards-'));
  writeFileSync(join(dir, 'sweep.yaml'), sweep());
  writeFileSync(join(dir, 'other-seed.yaml'), sweep(6));
  const one = secfaas(['run', 'sweep.yaml', '--out', 'one', '--workers', '1'], dir);
  expect(one.stderr).toBe('wrote one/\n');
  expect(one.code).toBe(0);
  reference = outputs(join(dir, 'one'));
  // the charts too: a sweep chart, an ECDF (quantile grids carried by the unit files) and a time series
  expect(Object.keys(reference).filter((f) => !f.startsWith('charts/'))).toEqual(['summary.csv', 'summary-statistics.csv', 'summary.json', 'timeseries.csv']);
  expect(Object.keys(reference).filter((f) => f.endsWith('.png'))).toHaveLength(3);
});

describe('where the units run does not change a byte', () => {
  it('--workers 2 writes the same summary.csv, summary.json and timeseries.csv as --workers 1', () => {
    const two = secfaas(['sweep', 'sweep.yaml', '--out', 'two', '--workers', '2', '--format', 'csv'], dir);
    expect(two.code).toBe(0);
    expect(outputs(join(dir, 'two'))).toEqual(reference);
    expect(two.stdout).toBe(reference['summary.csv']);
  });

  it('3 shards (2 workers each) merged give the same files as one machine', () => {
    for (const i of [2, 0, 1]) {
      const r = secfaas(['run', 'sweep.yaml', '--out', `shard${i}`, '--shard', `${i}/3`, '--workers', '2'], dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`shard ${i}/3: ${i === 2 ? 2 : 3} units`);
    }
    const merged = secfaas(['merge', 'shard0', 'shard1', 'shard2', '--out', 'merged', '--format', 'json'], dir);
    expect(merged.code).toBe(0);
    expect(outputs(join(dir, 'merged'))).toEqual(reference);
    expect(merged.stdout).toBe(reference['summary.json']);
  });

  it('a shard index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID (less its minimum) is the same shard', () => {
    expect(secfaas(['run', 'sweep.yaml', '--out', 'k1', '--shard', 'auto/3'], dir, { JOB_COMPLETION_INDEX: '1' }).code).toBe(0);
    expect(secfaas(['run', 'sweep.yaml', '--out', 's0', '--shard', 'auto/3'], dir, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1' }).code).toBe(0);
    expect(secfaas(['run', 'sweep.yaml', '--out', 's2', '--shard', 'auto/3'], dir, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1' }).code).toBe(0);
    expect(secfaas(['merge', 's0', 'k1', 's2', '--out', 'merged-auto'], dir).code).toBe(0);
    expect(outputs(join(dir, 'merged-auto'))).toEqual(reference);
  });
});

describe('merge refuses what would not be the whole sweep, naming the folders (exit 2)', () => {
  it('a missing shard', () => {
    const r = secfaas(['merge', 'shard0', 'shard2', '--out', 'bad'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('secfaas: missing shard 1/3 of 3 (have 0/3 in shard0, 2/3 in shard2)\n');
  });

  it('a shard given twice', () => {
    const r = secfaas(['merge', 'shard0', 'shard1', 'k1', 'shard2', '--out', 'bad'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('secfaas: shard 1/3 is given twice: shard1 and k1\n');
  });

  it('an incomplete shard (a unit file lost)', () => {
    secfaas(['run', 'sweep.yaml', '--out', 'lossy', '--shard', '1/3'], dir);
    rmSync(join(dir, 'lossy', 'units', '4.jsonl'));
    const r = secfaas(['merge', 'shard0', 'lossy', 'shard2', '--out', 'bad'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('secfaas: lossy: shard 1/3 is incomplete: 2 of 3 units finished, missing unit 4; finish it with --resume\n');
  });

  it('shards of another sweep (another seed), and a folder that holds no shard', () => {
    secfaas(['run', 'other-seed.yaml', '--out', 'other', '--shard', '1/3'], dir);
    const r = secfaas(['merge', 'shard0', 'other', 'shard2', '--out', 'bad'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^secfaas: other holds another sweep than shard0: scenario small-sweep \(other-seed.yaml\), seed 6/);
    const none = secfaas(['merge', 'shard0', 'nowhere', '--out', 'bad'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('secfaas: nowhere: no units/manifest.json: not the --out of a secfaas run or shard\n');
  });

  it('a scenario file changed since the shards ran', () => {
    writeFileSync(join(dir, 'changing.yaml'), sweep());
    for (const i of [0, 1]) secfaas(['run', 'changing.yaml', '--out', `c${i}`, '--shard', `${i}/2`], dir);
    writeFileSync(join(dir, 'changing.yaml'), sweep().replace('duration: 40s', 'duration: 41s'));
    const r = secfaas(['merge', 'c0', 'c1', '--out', 'bad'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('changing.yaml is not the scenario the units were run from');
  });

  it('bad --shard and --workers values are usage errors', () => {
    expect(secfaas(['run', 'sweep.yaml', '--shard', '3/3'], dir).stderr).toContain('--shard 3/3: the shard index must be 0 to 2, got 3');
    expect(secfaas(['run', 'sweep.yaml', '--shard', 'auto/3'], dir, { JOB_COMPLETION_INDEX: '', SLURM_ARRAY_TASK_ID: '' }).code).toBe(2);
    const w = secfaas(['run', 'sweep.yaml', '--workers', '0'], dir);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('--workers must be a whole number >= 1, got 0');
  });
});
