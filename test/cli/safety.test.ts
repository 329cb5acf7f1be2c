// What a new user hit (issue 11): unsafe names, absurd sizes, long runs' outputs, Ctrl-C.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli, secfaas, startSecfaas } from './helpers.js';

const station = (over: { name?: string; duration?: string; rate?: string; replications?: number } = {}) => `name: ${over.name ?? 'small'}
duration: ${over.duration ?? '100s'}
replications: ${over.replications ?? 2}
platform: { kind: station, servers: 2 }
functions:
  - { name: f, exec: { dist: exponential, mean: 10ms } }
workload:
  - { function: f, arrivals: { poisson: ${over.rate ?? '50/s'} } }
`;

const openwhisk = (duration: string, sampleInterval?: string, rate = '5/s') => `name: ow-long
duration: ${duration}
replications: 3
${sampleInterval === undefined ? '' : `sampleInterval: ${sampleInterval}\n`}platform: { kind: openwhisk, invokers: 4 }
functions:
  - { name: f, exec: 50ms }
workload:
  - { function: f, arrivals: { poisson: ${rate} } }
`;

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-safety-'));
});

/** Every file below `root`, relative. */
function filesBelow(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
}

describe('a scenario name cannot choose where files go', () => {
  it.each(['bad/../../escape', '../up', '/tmp/abs'])('refuses %j: exit 2, located, nothing written anywhere', (name) => {
    const work = mkdtempSync(join(dir, 'name-'));
    writeFileSync(join(work, 's.yaml'), station({ name: JSON.stringify(name) }));
    const before = filesBelow(dir);
    const r = secfaas(['run', 's.yaml'], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^s\.yaml:1:7: name: a scenario name is its output folder/);
    expect(filesBelow(dir)).toEqual(before);
  });
});

describe('absurd sizes are refused before running', () => {
  it.each([
    ['poisson: 1e308/s', station({ rate: '1e308/s' }), 's.yaml:8:30: workload[0].arrivals: too big to finish'],
    ['duration: 1e308s', station({ duration: '1e308s' }), 'too big to finish: 2 replication(s) of up to 1e+308 s'],
    ['invokers: 100000000', openwhisk('60s').replace('invokers: 4', 'invokers: 100000000'), 's.yaml:4:11: platform: too big to fit in memory: one replication would hold'],
  ])('%s: exit 2 with what it would cost and how to insist; validate says so too', (_what, text, message) => {
    writeFileSync(join(dir, 's.yaml'), text);
    for (const args of [['run', 's.yaml', '--out', 'absurd'], ['validate', 's.yaml']]) {
      const r = secfaas(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain('pass --force to run it anyway');
    }
    expect(existsSync(join(dir, 'absurd'))).toBe(false);
  });

  it('--replications 1e308 is refused the same way, blaming the option, not a line of the scenario (issue 20 item 12)', () => {
    writeFileSync(join(dir, 'small.yaml'), station());
    const r = secfaas(['run', 'small.yaml', '--replications', '1e308', '--out', 'absurd'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^secfaas: --replications 1e\+308 is too many: small\.yaml with 1e\+308 replications is too big to finish: 1e\+308 replication\(s\)/);
    expect(r.stderr).not.toMatch(/small\.yaml:\d+:\d+/);
    expect(existsSync(join(dir, 'absurd'))).toBe(false);
    // check blames it too; a file too big as written is still located in the file
    writeFileSync(join(dir, 'claimed.yaml'), `${station({ name: 'claimed' })}claims:\n  - { id: c, metric: throughput, value: { min: 1/s } }\n`);
    expect(secfaas(['check', 'claimed.yaml', '--replications', '1e308'], dir).stderr).toContain('--replications 1e+308 is too many: claimed.yaml with');
    writeFileSync(join(dir, 'big.yaml'), station({ duration: '1e308s' }));
    expect(secfaas(['run', 'big.yaml', '--replications', '3', '--out', 'absurd'], dir).stderr).toMatch(/^big\.yaml:\d+:\d+: workload\[0\]\.arrivals: too big to finish/);
  });

  it('--seed and --replications say what was typed (issue 20 item 12)', () => {
    for (const [args, message] of [
      [['--seed', 'abc'], '--seed must be a whole number >= 0, got "abc"'],
      [['--seed', '1.5'], '--seed must be a whole number >= 0, got "1.5"'],
      [['--replications', 'many'], '--replications must be a whole number >= 1, got "many"'],
      [['--replications', '0'], '--replications must be a whole number >= 1, got "0"'],
    ] as const) {
      const r = secfaas(['run', 'small.yaml', ...args, '--out', 'absurd'], dir);
      expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, `secfaas: ${message}`]);
    }
    expect(existsSync(join(dir, 'absurd'))).toBe(false);
  });
});

describe('a long OpenWhisk run', () => {
  it('streams its time series to timeseries.csv at the default sampling (one row per invoker per sample)', () => {
    writeFileSync(join(dir, 'ow.yaml'), openwhisk('3000s'));
    const r = secfaas(['run', 'ow.yaml', '--out', 'ow'], dir);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(dir, 'ow', 'timeseries.csv'), 'utf8').trimEnd().split('\n');
    // 3000 s: the default interval is 5 s (at most 1000 samples), ticks at 5 .. 2995 s
    expect(lines.length - 1).toBe(3 * 4 * 599);
    expect(lines[1]).toMatch(/^ow-long,base,0,1,5,0,/);
    expect(readdirSync(join(dir, 'ow')).sort()).toEqual(['summary-statistics.csv', 'summary.csv', 'summary.json', 'timeseries.csv', 'units']);
  });

  it('too big: refused; with --force it runs, and Ctrl-C stops it: exit 130, says what was lost, leaves nothing behind', async () => {
    writeFileSync(join(dir, 'long.yaml'), openwhisk('24h', '1s', '100000/s')); // ~1.6e11 events
    const refused = secfaas(['run', 'long.yaml', '--out', 'stopped/here'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('too big to finish');
    const { child, done } = startSecfaas(['run', 'long.yaml', '--force', '--out', 'stopped/here'], dir);
    // wait until the run is under way: a unit's time series is being streamed into the units folder
    const units = join(dir, 'stopped', 'here', 'units');
    const streaming = () => existsSync(units) && readdirSync(units).some((f) => f.endsWith('.tmp'));
    const deadline = Date.now() + 60_000;
    while (!streaming() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('secfaas: interrupted (SIGINT)');
    expect(r.stderr).toContain('secfaas: none of 3 replications had finished: nothing was kept');
    // the partial time series of the units under way are gone; no summary pretends to be this run's
    expect(readdirSync(units)).toEqual(['manifest.json']);
    expect(existsSync(join(dir, 'stopped', 'here', 'summary.csv'))).toBe(false);
  }, 90_000);
});

describe('--format csv|json without --out', () => {
  it('prints the result, writes nothing, and says so', () => {
    const work = mkdtempSync(join(dir, 'stdout-'));
    writeFileSync(join(work, 's.yaml'), station());
    for (const format of ['csv', 'json']) {
      const r = secfaas(['run', 's.yaml', '--format', format], work);
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(100);
      expect(r.stderr).toContain(`nothing written (--format ${format} without --out prints only)`);
    }
    expect(readdirSync(work)).toEqual(['s.yaml']);
  });
});
