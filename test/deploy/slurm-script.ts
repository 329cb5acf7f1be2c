// What deploy/slurm/sweep.sbatch says about itself (its array and scenario), and the one-machine
// summary of that scenario (the golden file) that the merge of its shards must equal, byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const slurmDir = join(root, 'deploy', 'slurm');

export function sweepScript(): { first: number; last: number; scenario: string } {
  const script = readFileSync(join(slurmDir, 'sweep.sbatch'), 'utf8');
  const [, first, last] = /^#SBATCH --array=(\d+)-(\d+)$/m.exec(script)!;
  const scenario = /^SCENARIO=\$\{SCENARIO:-scenarios\/(.+)\.yaml\}$/m.exec(script)![1];
  return { first: Number(first), last: Number(last), scenario };
}

/** The summary.csv one machine writes for `scenarios/<scenario>.yaml`. */
export const oneMachineSummary = (scenario: string) => readFileSync(join(root, 'test', 'golden', `${scenario}.summary.csv`), 'utf8');
