import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { cli, requireBuiltCli } from '../sweep/cli-helpers.js';
import { oneMachineSummary, root, sweepScript } from './slurm-script.js';

// The deployment examples as a user would use them, without a cluster: the manifests are checked
// against the Kubernetes schemas (kubernetes-models), and the very commands of their containers
// and of the Slurm scripts are run here, for every index, then merged; the merge must be what one
// machine writes (the golden reference of the scenario).
const deploy = join(root, 'deploy');
const read = (path: string) => parse(readFileSync(join(deploy, path), 'utf8'));

let results: string;
beforeAll(() => {
  requireBuiltCli();
  results = mkdtempSync(join(tmpdir(), 'secfaas-deploy-'));
});

/** The container's args with the shared volume at `results` and $(SHARD) set, run where the image's working directory is. */
function runContainer(args: string[], shard?: number): string {
  const resolved = args.map((a) => a.replaceAll('$(SHARD)', String(shard)).replace(/^\/results\//, `${results}/`));
  return execFileSync(process.execPath, [cli, ...resolved], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' }, stdio: 'pipe' });
}

describe('Kubernetes Indexed Job', () => {
  const sweep = read('kubernetes/sweep-job.yaml');
  const merge = read('kubernetes/merge-job.yaml');
  const pvc = read('kubernetes/results-pvc.yaml');

  it('the manifests are valid Kubernetes objects (schemas from kubernetes-models)', () => {
    expect(() => new Job(sweep).validate()).not.toThrow();
    expect(() => new Job(merge).validate()).not.toThrow();
    expect(() => new PersistentVolumeClaim(pvc).validate()).not.toThrow();
    // and the schema does catch a mistake of the kind one makes by hand
    expect(() => new Job({ ...sweep, spec: { ...sweep.spec, completions: '4' } }).validate()).toThrow();
  });

  it('is wired as the commands expect: an index per shard, one volume, the image working directory', () => {
    const shards: number = sweep.spec.completions;
    expect(sweep.spec.completionMode).toBe('Indexed');
    const container = sweep.spec.template.spec.containers[0];
    expect(container.args).toContain(`$(SHARD)/${shards}`);
    expect(container.env.find((e: { name: string }) => e.name === 'SHARD').valueFrom.fieldRef.fieldPath).toBe(
      "metadata.annotations['batch.kubernetes.io/job-completion-index']",
    );
    const mergeArgs: string[] = merge.spec.template.spec.containers[0].args;
    expect(mergeArgs.filter((a) => a.startsWith('/results/shard-'))).toEqual([...Array(shards).keys()].map((i) => `/results/shard-${i}`));
    for (const job of [sweep, merge]) {
      expect(job.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
      expect(job.spec.template.spec.containers[0].workingDir).toBe('/app');
    }
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(/^WORKDIR \/app$/m);
  });

  it("every index's command, then the merge's, writes what one machine writes", () => {
    const args: string[] = sweep.spec.template.spec.containers[0].args;
    for (let i = 0; i < sweep.spec.completions; i++) runContainer(args, i);
    runContainer(merge.spec.template.spec.containers[0].args);
    const scenario = args[1].replace(/^scenarios\//, '').replace(/\.yaml$/, '');
    expect(readFileSync(join(results, 'summary', 'summary.csv'), 'utf8')).toBe(oneMachineSummary(scenario));
  });
});

describe('Slurm job array, without Slurm (slurm.test.ts runs it on a real one)', () => {
  it('each array task, then the merge script, writes what one machine writes', () => {
    const { first, last, scenario } = sweepScript();
    const env = { ...process.env, RESULTS: join(results, 'slurm'), SECFAAS: `${process.execPath} ${cli}` };
    for (let task = first; task <= last; task++) {
      execFileSync('bash', [join(deploy, 'slurm', 'sweep.sbatch')], { cwd: root, env: { ...env, SLURM_ARRAY_TASK_ID: String(task) }, encoding: 'utf8', stdio: 'pipe' });
    }
    execFileSync('bash', [join(deploy, 'slurm', 'merge.sbatch')], { cwd: root, env, encoding: 'utf8', stdio: 'pipe' });
    expect(readFileSync(join(results, 'slurm', 'summary', 'summary.csv'), 'utf8')).toBe(oneMachineSummary(scenario));
  });
});
