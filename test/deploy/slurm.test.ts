import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { cli, requireBuiltCli } from '../sweep/cli-helpers.js';
import { oneMachineSummary, root, slurmDir, sweepScript } from './slurm-script.js';

// deploy/slurm/ on a real Slurm: the array is sbatch'ed, the merge sbatch'ed after it
// (--dependency=afterok), and the merged summary.csv must be what one machine writes. CI starts a
// one-node cluster (scripts/slurm-up.sh from .ci/run); elsewhere, without a cluster, the test is
// skipped and says why. Under CI=true a Slurm that is installed but has no usable node fails.

const run = (command: string, args: string[], env = process.env) => execFileSync(command, args, { cwd: root, env, encoding: 'utf8', stdio: 'pipe' }).trim();

const installed = (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, 'sbatch')));

/** Why no job can run here, or undefined when sinfo shows a node that takes jobs. */
function clusterMissing(): string | undefined {
  if (!installed) {
    return 'sbatch not found: install slurm-wlm and munge (scripts/setup-system.sh), then start a node (scripts/slurm-up.sh)';
  }
  let states: string;
  try {
    states = run('sinfo', ['-h', '-N', '-o', '%t']);
  } catch (e) {
    return `Slurm is installed but sinfo fails (${(e as { stderr?: string }).stderr?.trim() || String(e)}): start a node with scripts/slurm-up.sh (root)`;
  }
  return /^(idle|mix|alloc|comp)/m.test(states) ? undefined : `Slurm is installed but no node takes jobs (sinfo: ${states || 'no node'}): start one with scripts/slurm-up.sh (root)`;
}

const missing = clusterMissing();
if (missing !== undefined) console.warn(`test/deploy/slurm.test.ts: real Slurm skipped: ${missing}`);

describe('Slurm, for real', () => {
  if (missing !== undefined && process.env.CI === 'true' && installed) {
    it('a Slurm node is up in CI (scripts/slurm-up.sh, from .ci/run)', () => {
      throw new Error(missing);
    });
    return;
  }
  const maybe = missing === undefined ? it : it.skip;
  const jobs: string[] = [];
  let results: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    if (missing !== undefined) return;
    requireBuiltCli();
    results = mkdtempSync(join(tmpdir(), 'secfaas-slurm-'));
    env = { ...process.env, RESULTS: results, SECFAAS: `${process.execPath} ${cli}` };
  });
  let passed = false;
  afterAll(() => {
    if (jobs.length > 0) run('scancel', jobs); // the ones still queued or running, after a failure
    if (passed) rmSync(results, { recursive: true });
  });

  /** Submits a script (options before it), its log in the results folder; returns the job id. */
  const sbatch = (options: string[], script: string) => {
    const id = run('sbatch', ['--parsable', `--output=${results}/%x-%j.log`, ...options, join(slurmDir, script)], env).split(';')[0];
    jobs.push(id);
    return id;
  };
  /** Polls scontrol until every job of `id` (all tasks of an array) has ended; their states. */
  async function ended(id: string, seconds: number): Promise<string[]> {
    for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      const states = [...run('scontrol', ['show', 'job', '--oneliner', id]).matchAll(/JobState=(\S+)/g)].map((m) => m[1]);
      if (states.every((s) => !/^(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED)$/.test(s))) return states;
    }
    throw new Error(`job ${id} still running after ${seconds} s`);
  }
  const logs = () => readdirSync(results).filter((f) => f.endsWith('.log')).map((f) => `--- ${f}\n${readFileSync(join(results, f), 'utf8')}`).join('\n');

  maybe(`the array, then the merge after it, write what one machine writes${missing ? ` (skipped: ${missing})` : ''}`, async () => {
    const { first, last, scenario } = sweepScript();
    // One CPU a task (the script asks for 2): two tasks at once on a 2-core CI machine.
    const array = sbatch(['--cpus-per-task=1'], 'sweep.sbatch');
    const merge = sbatch(['--kill-on-invalid-dep=yes', `--dependency=afterok:${array}`], 'merge.sbatch');
    const mergeState = await ended(merge, 150);
    expect([mergeState, logs()]).toEqual([['COMPLETED'], expect.any(String)]);
    expect(await ended(array, 5)).toEqual(Array(last - first + 1).fill('COMPLETED'));
    expect(readFileSync(join(results, 'summary', 'summary.csv'), 'utf8')).toBe(oneMachineSummary(scenario));

    // One task run again alone (as the script's comment says to do after a failure) resumes its
    // own shard: the task id is the shard index, whatever the array's first id.
    const again = sbatch(['--cpus-per-task=1', `--array=${last}`], 'sweep.sbatch');
    expect([await ended(again, 60), logs()]).toEqual([['COMPLETED'], expect.any(String)]);
    const manifest = JSON.parse(readFileSync(join(results, `shard-${last}`, 'units', 'manifest.json'), 'utf8'));
    expect(manifest.shard).toEqual({ index: last - first, count: last - first + 1 });
    passed = true;
  }, 240_000);
});
