import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm run check` (what CI runs after the tests): secfaas check over the shipped scenarios folder,
// subfolders included. Here its command runs on a small copy, whose claim is then made false.
const root = process.cwd();
const script: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.check;

function runCheckScript(cwd: string) {
  const [program, cli, ...args] = script.split(' ');
  expect(program).toBe('node');
  const r = spawnSync(process.execPath, [join(root, cli), ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout };
}

describe('npm run check', () => {
  it('checks every scenario under scenarios/, subfolders too: exit 0 when the claims hold, 1 when one is made false', () => {
    expect(script).toMatch(/ check scenarios\/$/);
    const dir = mkdtempSync(join(tmpdir(), 'secfaas-check-'));
    mkdirSync(join(dir, 'scenarios', 'sub'), { recursive: true });
    const nested = join(dir, 'scenarios', 'sub', 'default.yaml');
    copyFileSync(join(root, 'scenarios', 'default.yaml'), nested);
    // with the reference points its wait chart draws, read when it loads
    copyFileSync(join(root, 'scenarios', 'default-erlang-c.csv'), join(dir, 'scenarios', 'sub', 'default-erlang-c.csv'));
    const pass = runCheckScript(dir);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/warm-p99-bounded.*pass/);
    // the p99 of an M/M/4 at these loads is tens of ms: a bound of 1 ms is false
    writeFileSync(nested, readFileSync(nested, 'utf8').replace('value: { max: 250ms } }', 'value: { max: 1ms } }'));
    const fail = runCheckScript(dir);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/warm-p99-bounded.*FAIL/);
  });
});
