// The built CLI, run as a user runs it (`npm test` builds first): worker threads need dist/sweep/worker.js.
// The sweep tests add a child they can kill and a reader of the result files to the CLI tests' helpers.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli/helpers.js';

export { cli, requireBuiltCli, secfaas } from '../cli/helpers.js';

export function secfaasChild(args: string[], cwd: string) {
  return spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
}

/** The result files of an output folder that must not depend on where or how the units ran (charts as base64: PNGs are bytes). */
export function outputs(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['summary.csv', 'summary-statistics.csv', 'summary.json', 'timeseries.csv']) {
    const path = join(dir, name);
    if (existsSync(path)) files[name] = readFileSync(path, 'utf8');
  }
  const charts = join(dir, 'charts');
  if (existsSync(charts)) for (const name of readdirSync(charts).sort()) files[`charts/${name}`] = readFileSync(join(charts, name)).toString('base64');
  return files;
}
