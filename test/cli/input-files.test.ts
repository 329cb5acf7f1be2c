// Files that never end (issue 20 item 10): a scenario, trace, hardware profile or calibrate's
// measurements that is a device, a pipe, too large, or one endless line is refused at once, located, exit 2, nothing written; --force lifts the size limit only.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, requireBuiltCli, secfaas } from './helpers.js';

const station = `name: small
duration: 20s
platform: { kind: station, servers: 2 }
functions:
  - { name: f, exec: 10ms }
workload:
  - { function: f, arrivals: { poisson: 5/s } }
`;

/** A scenario replaying function `fn` of `trace` (relative to the scenario's folder). */
const replay = (trace: string, fn = 'db444bdf6f1852eb3c627470f57b87e9de7b97e3bf097d9d84bc1936d2631bcc') => `name: replay
duration: 120s
platform: { kind: station, servers: 2 }
functions:
  - { name: f, exec: 10ms }
workload:
  - { function: f, arrivals: { trace: ${trace}, function: ${fn} } }
`;

/** A file of `bytes` that takes no room on disk (sparse): its size is what the limit looks at. */
function sparse(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-inputs-'));
  symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
  symlinkSync('/dev/zero', join(dir, 'zero.csv'));
  symlinkSync(join(process.cwd(), 'scenarios', 'traces', 'generated-azure2019-invocations.csv'), join(dir, 'real.csv'));
});

describe('a scenario file that never ends', () => {
  it('validate and run of a link to /dev/zero: refused at once (exit 2), saying what it is; nothing written', () => {
    for (const args of [['validate', 'zero.yaml'], ['run', 'zero.yaml', '--out', 'out']]) {
      const started = Date.now();
      const r = secfaas(args, dir);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('zero.yaml: cannot read the scenario: is a link to /dev/zero, a character device, not a regular file: it may never end; name a file\n');
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a named pipe is refused without waiting for a writer', () => {
    const fifo = join(dir, 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = spawnSync(process.execPath, [cli, 'validate', 'pipe.yaml'], { cwd: dir, encoding: 'utf8', timeout: 10_000, env: { ...process.env, CI: 'true' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pipe.yaml: cannot read the scenario: is a named pipe, not a regular file');
  });

  it('over 16 MiB: refused, naming the size and the limit; --force reads it', () => {
    // a valid scenario padded with comments to 17 MiB
    writeFileSync(join(dir, 'big.yaml'), station + `# ${'x'.repeat(1022)}\n`.repeat(17 * 1024));
    const refused = secfaas(['validate', 'big.yaml'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('big.yaml: cannot read the scenario: is 17 MiB, more than the 16 MiB a scenario file may be (a wrong file?); --force reads it anyway\n');
    const forced = secfaas(['validate', 'big.yaml', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^ok big\.yaml: 1 variant/);
  });
});

describe('a trace file that never ends', () => {
  it('a link to /dev/zero: located at the trace key', () => {
    writeFileSync(join(dir, 'zero-trace.yaml'), replay('zero.csv'));
    const r = secfaas(['validate', 'zero-trace.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('zero-trace.yaml:7:39: workload[0].arrivals.trace: cannot read the trace zero.csv: is a link to /dev/zero, a character device, not a regular file: it may never end; name a file\n');
  });

  it('over 1 GiB: refused by its size; with --force it is read, and a line without end is refused after 1 MiB', () => {
    sparse(join(dir, 'huge.csv'), 1100 * 1024 * 1024);
    writeFileSync(join(dir, 'huge.yaml'), replay('huge.csv'));
    const refused = secfaas(['validate', 'huge.yaml'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('huge.yaml:7:39: workload[0].arrivals.trace: cannot read the trace huge.csv: is 1.1 GiB, more than the 1 GiB a trace file may be');
    const forced = secfaas(['validate', 'huge.yaml', '--force'], dir);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toBe('huge.yaml:7:39: workload[0].arrivals.trace: huge.csv:1: a line longer than 1 MiB: not a trace (its lines are a few KiB at most)\n');
  });

  it('a real trace through a link is read as before', () => {
    writeFileSync(join(dir, 'linked.yaml'), replay('real.csv'));
    const r = secfaas(['validate', 'linked.yaml'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('a hardware profile or measurements file that never ends', () => {
  const onProfile = (profile: string) => station.replace('platform:', `hardware: ${profile}\nplatform:`);

  it('a profile that is a link to /dev/zero: refused at once at the hardware key (exit 2)', () => {
    symlinkSync('/dev/zero', join(dir, 'zero-profile.yaml'));
    writeFileSync(join(dir, 'on-zero.yaml'), onProfile('./zero-profile.yaml'));
    const started = Date.now();
    const r = secfaas(['validate', 'on-zero.yaml'], dir);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^on-zero\.yaml:\d+:\d+: hardware: cannot read the hardware profile zero-profile\.yaml: is a link to \/dev\/zero, a character device, not a regular file/);
  });

  it('a profile over 1 MiB is no profile: refused by its size', () => {
    sparse(join(dir, 'big-profile.yaml'), 2 * 1024 * 1024);
    writeFileSync(join(dir, 'on-big.yaml'), onProfile('./big-profile.yaml'));
    const r = secfaas(['validate', 'on-big.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read the hardware profile big-profile.yaml: is 2 MiB, more than the 1 MiB a profile file may be (a wrong file?)\n');
  });

  it('calibrate of a link to /dev/zero: refused at once, nothing written', () => {
    const r = secfaas(['calibrate', 'zero.csv', '--profile', 'gemini-lake-j5005', '--out', 'fitted.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('zero.csv: cannot read the measurements: is a link to /dev/zero, a character device, not a regular file: it may never end; name a file\n');
    expect(existsSync(join(dir, 'fitted.yaml'))).toBe(false);
  });
});
