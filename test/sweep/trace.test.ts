// `secfaas run --trace FILE` on a sweep: the same scenario and seed give the same trace, byte for
// byte, on any number of workers, in shards merged with `merge --trace`, and when resumed; units
// that are the same run as another (a native variant at every point of a sweep over SGX keys) carry
// that run's rows under their own labels. Bad --trace options are refused before anything runs.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { requireBuiltCli, secfaas } from './cli-helpers.js';

// 2 variants x 2 points x 2 replications = 8 units; native does not depend on the sweep's SGX key,
// so its units at point 1 are copies of those at point 0.
const scenario = `name: traced-sweep
seed: 3
duration: 20s
warmup: 4s
replications: 2
platform: { kind: openwhisk, invokers: 2, security: sgx }
functions:
  - { name: a, exec: { dist: lognormal, mean: 20ms, cv: 0.5 } }
  - { name: b, memory: 512MiB, exec: { dist: exponential, mean: 50ms } }
workload:
  - { function: a, arrivals: { poisson: 12/s } }
  - { function: b, arrivals: { poisson: 3/s }, blocking: false }
variants:
  native: { "platform.security": none }
  sgx: {}
sweep:
  platform.security.sgx: [v1, v2]
`;

let dir: string;
let reference: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-trace-sweep-'));
  writeFileSync(join(dir, 'sweep.yaml'), scenario);
  const one = secfaas(['run', 'sweep.yaml', '--out', 'one', '--workers', '1', '--trace', 'one.csv', '--format', 'csv'], dir);
  expect(one.stderr).toBe('2 of 8 units are the same run as another (a variant the sweep point does not change): their results are copies, not run again\nwrote one.csv\nwrote one/\n');
  expect(one.code).toBe(0);
  reference = readFileSync(join(dir, 'one.csv'), 'utf8');
});

const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('the trace of a sweep does not depend on where its units ran', () => {
  it('one file, header first, every unit in canonical order (variant, point, replication); native cells of the SGX parts empty', () => {
    const rows = rowsOf(reference);
    const units = [...new Set(rows.map((r) => `${r.variant}/${r.point}/${r.replication}`))];
    expect(units).toEqual(['native/0/1', 'native/0/2', 'native/1/1', 'native/1/2', 'sgx/0/1', 'sgx/0/2', 'sgx/1/1', 'sgx/1/2']);
    expect(Object.keys(rows[0]).slice(0, 5)).toEqual(['scenario', 'variant', 'point', 'replication', 'platform.security.sgx']);
    expect(Object.keys(rows[0])).toContain('latency.breakdown.enclaveCreate');
    expect(rows.filter((r) => r.variant === 'native').every((r) => r['latency.breakdown.enclaveCreate'] === '')).toBe(true);
    expect(rows.some((r) => r.variant === 'sgx' && Number(r['latency.breakdown.enclaveCreate']) > 0)).toBe(true);
    // the copies: native at point 1 is native at point 0 under its own labels
    const native = (point: string) => reference.split('\n').filter((l) => l.startsWith(`traced-sweep,native,${point},`));
    expect(native('1').length).toBeGreaterThan(100);
    expect(native('1')).toEqual(native('0').map((l) => l.replace('traced-sweep,native,0,', 'traced-sweep,native,1,').replace(/^(traced-sweep,native,1,\d+),v1,/, '$1,v2,')));
  });

  it('--workers 2 writes the same bytes', () => {
    const two = secfaas(['run', 'sweep.yaml', '--out', 'two', '--workers', '2', '--trace', 'two.csv'], dir);
    expect(two.code).toBe(0);
    expect(readFileSync(join(dir, 'two.csv'), 'utf8')).toBe(reference);
  });

  it('2 shards, each with its own trace, merged with --trace: the same bytes; each shard file holds its own units', () => {
    let rows = 0;
    for (const i of [0, 1]) {
      const r = secfaas(['run', 'sweep.yaml', '--out', `shard${i}`, '--shard', `${i}/2`, '--trace', `shard${i}.csv`, '--workers', '1'], dir);
      expect(r.code).toBe(0);
      const own = rowsOf(readFileSync(join(dir, `shard${i}.csv`), 'utf8'));
      // units i, i + 2, ...: replication i + 1 of every variant and point
      expect(new Set(own.map((r) => r.replication))).toEqual(new Set([String(i + 1)]));
      rows += own.length;
    }
    expect(rows).toBe(rowsOf(reference).length);
    const merged = secfaas(['merge', 'shard1', 'shard0', '--out', 'merged', '--trace', 'merged.csv'], dir);
    expect(merged.code).toBe(0);
    expect(readFileSync(join(dir, 'merged.csv'), 'utf8')).toBe(reference);
  });

  it('--resume with the same trace keeps every unit and writes the same bytes; with another --trace-sample it is refused', () => {
    const again = secfaas(['run', 'sweep.yaml', '--out', 'one', '--resume', '--trace', 'resumed.csv'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('resumed: 8 of 8 units kept');
    expect(readFileSync(join(dir, 'resumed.csv'), 'utf8')).toBe(reference);
    const other = secfaas(['run', 'sweep.yaml', '--out', 'one', '--resume', '--trace', 'other.csv', '--trace-sample', '2'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('were run with --trace, this run is with --trace --trace-sample 2');
    // refused before a replication was planned: no word of replications kept or lost
    expect(other.stderr).not.toContain('replications had finished');
    expect(existsSync(join(dir, 'other.csv'))).toBe(false);
  });

  it('--resume without --trace of a traced run keeps tracing: the units left are traced alike, and a later --resume --trace writes the same bytes', () => {
    const first = secfaas(['run', 'sweep.yaml', '--out', 'untold', '--trace', 'untold.csv'], dir);
    expect(first.code).toBe(0);
    // a unit lost, then resumed without --trace
    rmSync(join(dir, 'untold', 'units', '3.jsonl'));
    rmSync(join(dir, 'untold', 'units', '3.trace.csv'));
    const resumed = secfaas(['run', 'sweep.yaml', '--out', 'untold', '--resume'], dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('resumed: 7 of 8 units kept');
    expect(resumed.stderr).toContain('its units were run with --trace, and those left were traced alike');
    expect(existsSync(join(dir, 'untold', 'units', '3.trace.csv'))).toBe(true);
    const again = secfaas(['run', 'sweep.yaml', '--out', 'untold', '--resume', '--trace', 'untold-again.csv'], dir);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'untold-again.csv'), 'utf8')).toBe(reference);
  });

  it('--trace-sample 4: every 4th activation of each unit (ids 0, 4, 8, ...), the same rows as the full trace', () => {
    const r = secfaas(['run', 'sweep.yaml', '--out', 'sampled', '--trace', 'sampled.csv', '--trace-sample', '4'], dir);
    expect(r.code).toBe(0);
    const [header, ...lines] = reference.trimEnd().split('\n');
    const idColumn = header.split(',').indexOf('id');
    const expected = [header, ...lines.filter((l) => Number(l.split(',')[idColumn]) % 4 === 0)];
    expect(readFileSync(join(dir, 'sampled.csv'), 'utf8').trimEnd().split('\n')).toEqual(expected);
  });

  it('merge --trace of shards run without --trace is refused, naming the folder', () => {
    for (const i of [0, 1]) expect(secfaas(['run', 'sweep.yaml', '--out', `plain${i}`, '--shard', `${i}/2`], dir).code).toBe(0);
    const merged = secfaas(['merge', 'plain0', 'plain1', '--out', 'plain', '--trace', 'plain.csv'], dir);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain('--trace: plain0 was run without --trace');
    expect(existsSync(join(dir, 'plain.csv'))).toBe(false);
  });
});

describe('bad --trace options: exit 2 before anything runs', () => {
  it.each([
    [['--trace', 'folder'], '--trace folder: is a folder; name a file'],
    [['--trace', 'new/'], '--trace new/: is a folder; name a file'],
    [['--trace-sample', '2'], '--trace-sample says which activations --trace writes: give --trace FILE too'],
    [['--trace', 'x.csv', '--trace-sample', '0'], '--trace-sample must be a whole number >= 1, got "0"'],
    [['--trace', 'x.csv', '--trace', 'y.csv'], '--trace was given more than once'],
  ])('%j', (args, message) => {
    mkdirSync(join(dir, 'folder'), { recursive: true });
    const r = secfaas(['run', 'sweep.yaml', '--out', 'refused', ...args], dir);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });
});
