import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The built CLI, run as a user runs it (`npm test` builds before jest).
export const cli = join(process.cwd(), 'dist', 'cli.js');

export function requireBuiltCli(): void {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it)');
}

/** Runs the CLI to its end, as under CI (no terminal, CI=true). */
export function secfaas(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and lets the caller signal it; resolves with its exit code and output. */
export function startSecfaas(args: string[], cwd: string) {
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, CI: 'true' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}
