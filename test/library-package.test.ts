import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import semver from 'semver';

// The package as npm sees it: the Node versions it promises, against what its dependencies ask.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The lowest Node version of each alternative of a range (`^20.19.0 || >=22.12.0`: 20.19.0 and 22.12.0). */
const lowestOfEach = (range: string): string[] => new semver.Range(range).set.map((comparators) => semver.minVersion(new semver.Range(comparators.map((c) => c.value).join(' ')))!.version);

describe('the Node versions the package promises', () => {
  const promised: string = pkg.engines.node;

  it('satisfy the engines of every package npm ci installs (no EBADENGINE warning), at the lowest version of each line', () => {
    const refused: string[] = [];
    for (const node of lowestOfEach(promised)) {
      for (const [path, entry] of Object.entries(lock.packages as Record<string, { engines?: { node?: string } }>)) {
        const wants = entry.engines?.node;
        if (path === '' || wants === undefined) continue;
        if (!semver.satisfies(node, wants)) refused.push(`${path.replace(/^node_modules\//, '')} wants node ${wants}, not ${node}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('are the ones the README states, and include the Node of this machine', () => {
    const [twenty, later] = lowestOfEach(promised).map((v) => v.replace(/\.0$/, ''));
    expect(readme).toContain(`Node.js ${twenty} or later (${later} or later on Node 22)`);
    expect(semver.satisfies(process.versions.node, promised)).toBe(true);
  });
});

describe('the package as a fresh project installs it', () => {
  it('the npm pack tarball holds what a project needs at run time: the examples run from it with only its dependencies', () => {
    const work = mkdtempSync(join(tmpdir(), 'secfaas-pack-'));
    // the tarball npm publishes or a user packs (the build is npm test's; --ignore-scripts skips prepare)
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { encoding: 'utf8' });
    expect(pack.status).toBe(0);
    const tarball = join(work, pack.stdout.trim().split('\n').pop()!);
    const project = join(work, 'project');
    const installed = join(project, 'node_modules', 'secfaas');
    mkdirSync(installed, { recursive: true });
    expect(spawnSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']).status).toBe(0);
    // what npm install would put beside it: the declared dependencies, nothing else (a dev dependency used at run time fails here)
    for (const name of Object.keys(pkg.dependencies)) {
      mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
      symlinkSync(join(process.cwd(), 'node_modules', name), join(project, 'node_modules', name), 'dir');
    }
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh', type: 'module', private: true }));
    for (const name of ['run-and-check.ts', 'sweep.ts', 'timeseries.ts']) cpSync(join('examples', 'library', name), join(project, name));
    writeFileSync(
      join(project, 'main.ts'),
      `import { loadScenario } from 'secfaas';
import { runAndCheck } from './run-and-check.ts';
import { sweepOnWorkers } from './sweep.ts';
import { recordTimeseries } from './timeseries.ts';
const shipped = (f: string) => loadScenario('node_modules/secfaas/scenarios/' + f).runs.length;
console.log(JSON.stringify({
  checked: (await runAndCheck('node_modules/secfaas/scenarios/default.yaml')).ok,
  swept: (await sweepOnWorkers('node_modules/secfaas/scenarios/default.yaml', 'swept')).split('\\n').length,
  notes: await recordTimeseries('node_modules/secfaas/scenarios/openwhisk-warm-path.yaml', 'sampled'),
  runs: [shipped('clemmys/latency.yaml'), shipped('sgx/epc-pressure.yaml')],
}));
`,
    );
    // TypeScript examples through tsx, as a user without a build step would run them
    const run = spawnSync(process.execPath, ['--import', join(process.cwd(), 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs'), 'main.ts'], { cwd: project, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out.swept).toBe(3 * 10 + 2); // header, 3 points x 10 replications, final line end
    expect(out.notes).toEqual([]);
    expect(out.runs).toEqual([8, 4]);
    expect(existsSync(join(project, 'sampled', 'timeseries.csv'))).toBe(true);
    // the command-line entry of the package
    const cli = spawnSync(process.execPath, [join(installed, 'dist', 'cli.js'), 'validate', join(installed, 'scenarios')], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
  });
});
