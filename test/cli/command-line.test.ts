import { describe, expect, it, beforeAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli, secfaas } from './helpers.js';
import { useColor } from '../../src/cli/options.js';

const scenario = `name: tiny
duration: 20s
platform: { kind: station, servers: 1 }
functions:
  - { name: f, exec: 10ms }
workload:
  - { function: f, arrivals: { poisson: 10/s } }
claims:
  - { id: some, metric: throughput, value: { min: 1/s } }
`;

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-cmdline-'));
  writeFileSync(join(dir, 'tiny.yaml'), scenario);
});

describe('the command line', () => {
  it('--version prints the package version; -h and --help the usage', () => {
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    const v = secfaas(['--version'], dir);
    expect(v).toMatchObject({ code: 0, stdout: `${version}\n` });
    const h = secfaas(['-h'], dir);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^secfaas <command> \[options\]/);
    expect(h.stdout).toContain('secfaas check <paths..>');
    expect(secfaas(['run', '-h'], dir).stdout).toContain('--replications');
  });

  it('--help says what secfaas simulates: OpenWhisk, SGX, Clemmys and confidential VMs', () => {
    const help = secfaas(['--help'], dir).stdout.replace(/\s+/g, ' ');
    for (const what of ['OpenWhisk', 'Intel SGX', 'Clemmys', 'Intel TDX', 'AMD SEV-SNP']) expect(help).toContain(what);
  });

  it("--out's help says where the results go without it, and they go there", () => {
    const help = (command: string) => secfaas([command, '--help'], dir).stdout.replace(/\s+/g, ' ');
    expect(help('run')).toContain('Default: results/<scenario name>/ (with --shard i/n: results/<scenario name>-shard-i-of-n/); but with --format csv or json nothing is written');
    expect(help('check')).toContain('Default: no result is written, the runs stay in memory');
    const fresh = join(dir, 'fresh');
    mkdirSync(fresh);
    writeFileSync(join(fresh, 'tiny.yaml'), scenario);
    expect(secfaas(['check', 'tiny.yaml'], fresh).code).toBe(0);
    expect(readdirSync(fresh)).toEqual(['tiny.yaml']);
    expect(secfaas(['run', 'tiny.yaml', '--format', 'csv'], fresh).code).toBe(0);
    expect(readdirSync(fresh)).toEqual(['tiny.yaml']);
    expect(secfaas(['run', 'tiny.yaml'], fresh).stderr).toContain('wrote results/tiny/');
    expect(existsSync(join(fresh, 'results', 'tiny', 'summary.json'))).toBe(true);
  });

  it('a misspelt command: one line naming the closest command, exit 2, nothing written', () => {
    for (const [word, closest] of [['runn', 'run'], ['chek', 'check'], ['swep', 'sweep'], ['validat', 'validate']]) {
      const r = secfaas([word, 'tiny.yaml', '--out', 'misspelt'], dir);
      expect(r).toMatchObject({ code: 2, stdout: '', stderr: `secfaas: unknown command "${word}": did you mean ${closest}?\n` });
    }
    expect(existsSync(join(dir, 'misspelt'))).toBe(false);
    // nothing close: the commands, every one of them a command of the help
    const far = secfaas(['frobnicate'], dir);
    expect(far.code).toBe(2);
    const listed = /^secfaas: unknown command "frobnicate": the commands are (.+)\n$/.exec(far.stderr)![1].split(/, | or /);
    const help = secfaas(['--help'], dir).stdout;
    expect(listed).toContain('run');
    for (const command of listed) expect(help).toContain(`secfaas ${command} `);
  });

  it('--format with a value it does not take: one line with the real choices, exit 2', () => {
    for (const args of [['run', 'tiny.yaml', '--out', 'xml'], ['check', 'tiny.yaml']]) {
      const r = secfaas([...args, '--format', 'xml'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe('secfaas: --format must be one of table, json, csv, got "xml"');
      expect(r.stderr).not.toContain('Invalid values');
    }
    expect(existsSync(join(dir, 'xml'))).toBe(false);
  });

  it('refuses an option given twice as a usage error (exit 2), naming both values, before writing anything', () => {
    for (const [args, message] of [
      [['run', 'tiny.yaml', '--out', 'a', '--out', 'b'], '--out was given more than once (a, b): give it once'],
      [['run', 'tiny.yaml', '--out', 'c', '--format', 'csv', '--format', 'json'], '--format was given more than once (csv, json)'],
      [['check', 'tiny.yaml', '--junit', 'j1.xml', '--junit', 'j2.xml'], '--junit was given more than once (j1.xml, j2.xml)'],
      [['run', 'tiny.yaml', '--out', 'd', '--seed', '1', '--seed', '2'], '--seed was given more than once (1, 2)'],
    ] as const) {
      const r = secfaas([...args], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('internal error');
    }
    for (const name of ['a', 'b', 'c', 'd', 'j1.xml', 'j2.xml']) expect(existsSync(join(dir, name))).toBe(false);
  });

  it('colours only a terminal, not under CI, not when NO_COLOR is set (https://no-color.org)', () => {
    const tty = { isTTY: true };
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '' })).toBe(true);
    expect(useColor(tty, { CI: 'true' })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    // a pipe: no escape codes in the table
    expect(secfaas(['run', 'tiny.yaml', '--out', 'e'], dir).stdout).not.toContain('\u001b[');
  });

  it('npm start does not rebuild what is built: the build is incremental (tsc -b) and up to date after npm test built it', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts;
    expect(scripts.prestart).toBe('npm run build');
    expect(scripts.build).toBe('tsc -b tsconfig.build.json');
    const dry = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json', '--dry', '--verbose'], { encoding: 'utf8' });
    expect(dry.stdout).toContain('is up to date');
  });

  it('--functions adds a row per function to the table of run (and merge)', () => {
    const two = scenario.replace('  - { name: f, exec: 10ms }\n', '  - { name: f, exec: 10ms }\n  - { name: g, exec: 10ms }\n').replace('workload:\n', 'workload:\n  - { function: g, arrivals: { poisson: 5/s } }\n');
    writeFileSync(join(dir, 'two.yaml'), two.replace('name: tiny', 'name: two'));
    const r = secfaas(['run', 'two.yaml', '--out', 'two', '--functions'], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/^variant\s+function\s+offered/);
    expect(lines.slice(3, 6).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['base all', 'base f', 'base g']);
  });

  it('--chains adds a row per chain to the table of run', () => {
    const chained = scenario.replace('name: tiny', 'name: chained').replace('  - { function: f, arrivals: { poisson: 10/s } }', '  - { chain: twice, arrivals: { poisson: 10/s } }').replace('workload:', 'chains:\n  - { name: twice, steps: [f, f] }\nworkload:');
    writeFileSync(join(dir, 'chained.yaml'), chained);
    const r = secfaas(['run', 'chained.yaml', '--out', 'chained', '--chains'], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/^variant\s+chain\s+offered/);
    expect(lines.slice(3, 5).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['base all', 'base twice']);
    expect(secfaas(['run', 'chained.yaml', '--out', 'chained'], dir).stdout).toContain('(1 chain: --chains shows a row for each)');
  });
});
