import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { outputs, requireBuiltCli, secfaas, secfaasChild } from './cli-helpers.js';

// 24 units of a fraction of a second each: long enough to kill the run half-way.
const scenario = `name: resumable
seed: 9
duration: 2000s
warmup: 10s
replications: 6
platform: { kind: station, servers: 4 }
functions:
  - { name: f, exec: { dist: exponential, mean: 20ms } }
workload:
  - { function: f, arrivals: { poisson: 150/s } }
sweep:
  platform.servers: [4, 5, 6, 8]
`;

const unitFiles = (out: string) => (existsSync(join(out, 'units')) ? readdirSync(join(out, 'units')).filter((n) => n.endsWith('.jsonl')) : []);

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-resume-'));
  writeFileSync(join(dir, 'resumable.yaml'), scenario);
});

describe('--resume', () => {
  it('a run killed mid-way (SIGKILL) and resumed writes the bytes of an uninterrupted run, without re-running what was finished', async () => {
    const whole = secfaas(['run', 'resumable.yaml', '--out', 'whole', '--workers', '1'], dir);
    expect(whole.code).toBe(0);
    expect(unitFiles(join(dir, 'whole'))).toHaveLength(24);

    const out = join(dir, 'killed');
    const child = secfaasChild(['run', 'resumable.yaml', '--out', 'killed', '--workers', '2'], dir);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while (unitFiles(out).length < 3) await sleep(20);
    child.kill('SIGKILL');
    await exited;
    const kept = unitFiles(out);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept.length).toBeLessThan(24);
    expect(existsSync(join(out, 'summary.csv'))).toBe(false);
    // no half-written unit: every file left is complete (temporary files are dot-prefixed, not counted)
    const mtimes = new Map(kept.map((n) => [n, statSync(join(out, 'units', n)).mtimeMs]));

    const resumed = secfaas(['run', 'resumable.yaml', '--out', 'killed', '--resume', '--workers', '2'], dir);
    expect(resumed.code).toBe(0);
    expect(outputs(out)).toEqual(outputs(join(dir, 'whole')));
    for (const [name, mtime] of mtimes) expect(statSync(join(out, 'units', name)).mtimeMs).toBe(mtime);
    expect(unitFiles(out)).toHaveLength(24);
  });

  it('with a time series: a killed OpenWhisk sweep resumed writes the same timeseries.csv', async () => {
    writeFileSync(
      join(dir, 'sampled.yaml'),
      `name: sampled
seed: 4
duration: 90s
replications: 12
platform: { kind: openwhisk, invokers: 2 }
functions: [{ name: f, exec: { dist: exponential, mean: 30ms } }]
workload: [{ function: f, arrivals: { poisson: 40/s } }]
`,
    );
    const whole = secfaas(['run', 'sampled.yaml', '--out', 'sampled-whole', '--workers', '1'], dir);
    expect(whole.code).toBe(0);
    expect(Object.keys(outputs(join(dir, 'sampled-whole')))).toContain('timeseries.csv');
    const out = join(dir, 'sampled-killed');
    const child = secfaasChild(['run', 'sampled.yaml', '--out', 'sampled-killed', '--workers', '2'], dir);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while (unitFiles(out).length < 2) await sleep(10);
    child.kill('SIGKILL');
    await exited;
    expect(unitFiles(out).length).toBeLessThan(12);
    expect(secfaas(['run', 'sampled.yaml', '--out', 'sampled-killed', '--resume'], dir).code).toBe(0);
    expect(outputs(out)).toEqual(outputs(join(dir, 'sampled-whole')));
  });

  it('units lost and temporary files left by a killed run: --resume runs only the missing units, removes the leftovers, and says so', () => {
    const out = join(dir, 'leftovers');
    expect(secfaas(['run', 'resumable.yaml', '--out', 'leftovers'], dir).code).toBe(0);
    const whole = outputs(out);
    for (const lost of [3, 17]) rmSync(join(out, 'units', `${lost}.jsonl`));
    // what writeOutputs leaves when killed between writing and renaming (tempNameFor's names)
    writeFileSync(join(out, 'units', '.3.jsonl.4242.1.tmp'), '{"unit":3');
    writeFileSync(join(out, 'units', '.17.jsonl.4242.2.tmp'), '');
    const r = secfaas(['run', 'resumable.yaml', '--out', 'leftovers', '--resume'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`resumed: 22 of 24 units kept from before in leftovers/units/, 2 left to do; 2 temporary files of units stopped half-way removed\nwrote leftovers/\n`);
    expect(readdirSync(join(out, 'units')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(outputs(out)).toEqual(whole);
  });

  it('without --resume a run starts afresh (--force over another number of replications); --resume on the units of another run is refused (exit 2)', () => {
    const out = join(dir, 'whole');
    const before = statSync(join(out, 'units', '0.jsonl')).mtimeMs;
    const refused = secfaas(['run', 'resumable.yaml', '--out', 'whole', '--replications', '1'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'secfaas: --out whole holds the result of scenario resumable (resumable.yaml), seed 9, 6 replications, not of this one (scenario resumable (resumable.yaml), seed 9, 1 replications): name another folder, or --force to replace it\n',
    );
    expect(statSync(join(out, 'units', '0.jsonl')).mtimeMs).toBe(before);
    expect(secfaas(['run', 'resumable.yaml', '--out', 'whole', '--replications', '1', '--force'], dir).code).toBe(0);
    expect(unitFiles(out)).toHaveLength(4);
    expect(statSync(join(out, 'units', '0.jsonl')).mtimeMs).not.toBe(before);
    const r = secfaas(['run', 'resumable.yaml', '--out', 'whole', '--resume'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--resume: whole/units holds units of another run (scenario resumable (resumable.yaml), seed 9, 1 replications');
  });

  it('a shard resumes too', () => {
    const first = secfaas(['run', 'resumable.yaml', '--out', 'sh', '--shard', '1/5'], dir);
    expect(first.stderr).toContain('shard 1/5: 5 units in sh/units/');
    const again = secfaas(['run', 'resumable.yaml', '--out', 'sh', '--shard', '1/5', '--resume'], dir);
    expect(again.stderr).toBe("resumed: 5 of 5 units kept from before in sh/units/, 0 left to do\nshard 1/5: 5 units in sh/units/; combine the shards with 'secfaas merge'\n");
  });
});
