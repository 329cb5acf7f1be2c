import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli, requireBuiltCli } from './helpers.js';
import { VERSION } from '../../src/run/version.js';

// What a start of the CLI loads, on the main thread and on the sweep's worker threads: a module
// resolution hook, registered in every thread by --import, writes each module it resolves to a
// file. `--version` must not load the simulator, and nothing but drawing loads the chart stack
// (vega alone is ~250 ms to import). Which modules, not how many milliseconds: a timing would fail
// on a busy machine (`npm run bench -- --only startup` times it).
let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-startup-'));
  writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(join(dir, 'loaded.txt'))}, resolved.url + '\\n');
  return resolved;
}
`);
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
});

/** Runs the CLI with the hook; the modules it resolved (file URLs, package paths), and its output. */
function loaded(args: string[]): { modules: string[]; stdout: string; code: number | null } {
  writeFileSync(join(dir, 'loaded.txt'), '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { modules: [...new Set(readFileSync(join(dir, 'loaded.txt'), 'utf8').split('\n').filter((l) => l !== ''))], stdout: r.stdout, code: r.status };
}

const CHART_STACK = /node_modules\/(vega|vega-lite|vega-embed|@resvg)\//;
const ours = (modules: string[]) => modules.filter((m) => m.includes('/dist/')).map((m) => m.replace(/^.*\/dist\//, ''));

const scenario = (charts: string) => `name: startup
duration: 20s
replications: 2
platform: { kind: station, servers: 2 }
functions: [{ name: f, exec: { dist: exponential, mean: 10ms } }]
workload: [{ function: f, arrivals: { poisson: 50/s } }]
sweep:
  platform.servers: [2, 3]
${charts}`;

describe('what a start of secfaas loads', () => {
  it('--version: the version, from a handful of modules, without the parser, the simulator or the charts', () => {
    const { modules, stdout, code } = loaded(['--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${VERSION}\n`);
    expect(ours(modules).sort()).toEqual(['cli.js', 'cli/closed-output.js', 'cli/errors.js', 'cli/main.js', 'cli/options.js', 'run/version.js', 'schema/errors.js', 'schema/zod-issues.js', 'sweep/store-error.js']);
    expect(modules.filter((m) => m.includes('node_modules'))).toEqual([]);
  });

  it('--help: the parser, no command', () => {
    const { modules, code } = loaded(['--help']);
    expect(code).toBe(0);
    expect(modules.some((m) => m.includes('node_modules/yargs/'))).toBe(true);
    expect(ours(modules).filter((m) => /^(run|output|scenario|sweep\/sweep)/.test(m) && m !== 'run/version.js')).toEqual([]);
  });

  it('a sweep on worker threads without charts loads no chart stack, in any thread', () => {
    writeFileSync(join(dir, 'plain.yaml'), scenario(''));
    const { modules, code } = loaded(['run', 'plain.yaml', '--workers', '2', '--out', 'plain']);
    expect(code).toBe(0);
    // the workers' modules went through the hook too
    expect(modules.some((m) => m.endsWith('/dist/sweep/worker.js'))).toBe(true);
    expect(modules.filter((m) => CHART_STACK.test(m))).toEqual([]);
  });

  it('drawing loads it: the same sweep with a chart', () => {
    writeFileSync(join(dir, 'charted.yaml'), scenario('charts:\n  - { x: platform.servers, y: latency.p50 }\n'));
    const { modules, code } = loaded(['run', 'charted.yaml', '--workers', '2', '--out', 'charted']);
    expect(code).toBe(0);
    expect(modules.some((m) => CHART_STACK.test(m))).toBe(true);
  });
});
