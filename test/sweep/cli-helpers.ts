// The built CLI, run as a user runs it (`npm test` builds first): worker threads need dist/sweep/worker.js.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const cli = join(process.cwd(), 'dist', 'cli.js');

export function requireBuiltCli(): void {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it)');
}

export function secfaas(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function secfaasChild(args: string[], cwd: string) {
  return spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
}

/** The result files of an output folder that must not depend on where or how the units ran (charts as base64: PNGs are bytes). */
export function outputs(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['summary.csv', 'summary.json', 'timeseries.csv']) {
    const path = join(dir, name);
    if (existsSync(path)) files[name] = readFileSync(path, 'utf8');
  }
  const charts = join(dir, 'charts');
  if (existsSync(charts)) for (const name of readdirSync(charts).sort()) files[`charts/${name}`] = readFileSync(join(charts, name)).toString('base64');
  return files;
}
