// A reader that stops early (`secfaas run ... | head -c 300`) closes the pipe under secfaas: the
// rest of the output is dropped without a word, the files under --out are written whole, and the
// exit code is the command's own (a crash exited 1, which means "a claim failed").
import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli, secfaas, startSecfaas } from './helpers.js';

// eight sweep points x four replications: summary.json (printed by --format json) is several
// times the 64 KiB a pipe holds, so a reader that closes after its first chunk is sure to be gone
// while secfaas still writes
const scenario = (claim: string) => `name: piped
duration: 20s
replications: 4
platform: { kind: station, servers: 1 }
functions:
  - { name: f, exec: 10ms }
workload:
  - { function: f, arrivals: { poisson: 10/s } }
sweep:
  platform.servers: [1, 2, 3, 4, 5, 6, 7, 8]
claims:
  - { id: some, metric: throughput, value: ${claim} }
`;

type Close = 'at-start' | 'after-first-chunk';

/** Runs the CLI with its stdout (and stderr) read by a reader that closes them as told. */
function run(args: string[], close: { stdout: Close; stderr?: Close }) {
  const { child, done } = startSecfaas(args, dir);
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = child[name];
    if (close[name] === 'at-start') stream.destroy();
    // after startSecfaas's own listener has kept the chunk
    else if (close[name] === 'after-first-chunk') stream.once('data', () => stream.destroy());
  }
  return done;
}

const files = (folder: string) => readdirSync(join(dir, folder), { recursive: true, encoding: 'utf8' }).sort();
const STACK_TRACE = /EPIPE|ERR_STREAM_DESTROYED|Unhandled|\n\s+at /;

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-pipe-'));
  writeFileSync(join(dir, 'holds.yaml'), scenario('{ min: 1/s }'));
  writeFileSync(join(dir, 'fails.yaml'), scenario('{ min: 1000/s }').replace('name: piped', 'name: fails'));
  // the same run without a pipe, to compare the piped run's files with
  expect(secfaas(['run', 'holds.yaml', '--out', 'reference', '--format', 'json'], dir).code).toBe(0);
});

describe('a reader that closes the pipe early', () => {
  it('run --format json --out: stdout stops after what was read, the files are whole, exit 0, no stack trace', async () => {
    const reference = readFileSync(join(dir, 'reference', 'summary.json'), 'utf8');
    expect(reference.length).toBeGreaterThan(256 * 1024);
    const r = await run(['run', 'holds.yaml', '--out', 'piped', '--format', 'json'], { stdout: 'after-first-chunk' });
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    expect(reference.startsWith(r.stdout)).toBe(true);
    expect(r.stdout.length).toBeLessThan(reference.length);
    // what comes after the printing still ran: the files and where they went
    expect(r.stderr).toMatch(/^wrote piped\/$/m);
    expect(files('piped')).toEqual(files('reference'));
    for (const name of ['summary.json', 'summary.csv', 'summary-statistics.csv']) {
      expect(readFileSync(join(dir, 'piped', name), 'utf8')).toBe(readFileSync(join(dir, 'reference', name), 'utf8'));
    }
  });

  it('run printing its table to a pipe closed before the first byte: exit 0, no stack trace', async () => {
    const r = await run(['run', 'holds.yaml', '--out', 'table'], { stdout: 'at-start' });
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(/^wrote table\/$/m);
    expect(r.code).toBe(0);
    expect(statSync(join(dir, 'table', 'summary.json')).size).toBe(statSync(join(dir, 'reference', 'summary.json')).size);
  });

  it('stderr closed too (2>&1 | head): exit 0', async () => {
    const r = await run(['run', 'holds.yaml', '--out', 'quiet'], { stdout: 'at-start', stderr: 'after-first-chunk' });
    expect(r.code).toBe(0);
    expect(files('quiet')).toEqual(files('reference'));
  });

  it('check keeps its own exit code: 1 when a claim fails, 0 when all hold', async () => {
    const failing = await run(['check', 'fails.yaml'], { stdout: 'at-start' });
    expect(failing.stderr).not.toMatch(STACK_TRACE);
    expect(failing.code).toBe(1);
    const holding = await run(['check', 'holds.yaml'], { stdout: 'at-start' });
    expect(holding.stderr).not.toMatch(STACK_TRACE);
    expect(holding.code).toBe(0);
  });
});
