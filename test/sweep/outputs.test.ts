// Outputs that vanish (issue 20 item 9): a run, check or merge does not replace the result of another
// experiment without --force, and merge finds the scenario from another working folder or machine.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputs, requireBuiltCli, secfaas } from './cli-helpers.js';

const station = (name: string, seed = 1) => `name: ${name}
seed: ${seed}
duration: 60s
replications: 2
platform: { kind: station, servers: 2 }
functions:
  - { name: f, exec: { dist: exponential, mean: 10ms } }
workload:
  - { function: f, arrivals: { poisson: 50/s } }
claims:
  - { id: keeps-up, metric: throughput, value: { min: 45/s } }
`;

// A trace replay (its trace relative to the scenario file), in 2 shards.
const replay = `name: replay
duration: 600s
replications: 2
platform: { kind: scale-per-request, keepAlive: 1min }
functions:
  - { name: f, exec: 100ms }
workload:
  - { function: f, arrivals: { trace: traces/invocations.csv, function: db444bdf6f1852eb3c627470f57b87e9de7b97e3bf097d9d84bc1936d2631bcc } }
sweep:
  platform.keepAlive: [10s, 1min]
`;

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-outputs-'));
  writeFileSync(join(dir, 'a.yaml'), station('a'));
  writeFileSync(join(dir, 'b.yaml'), station('b'));
});

describe('a result in --out is not replaced by another experiment without --force', () => {
  it('run: another scenario or seed is refused (exit 2, naming both, the folder as it was); --force replaces; the same file edited replaces', () => {
    expect(secfaas(['run', 'a.yaml', '--out', 'res'], dir).code).toBe(0);
    const before = outputs(join(dir, 'res'));
    for (const [args, other] of [
      [['run', 'b.yaml', '--out', 'res'], 'scenario b (b.yaml), seed 1, 2 replications'],
      [['run', 'a.yaml', '--out', 'res', '--seed', '2'], 'scenario a (a.yaml), seed 2, 2 replications'],
      [['run', 'a.yaml', '--out', 'res', '--shard', '0/2'], 'scenario a (a.yaml), seed 1, 2 replications, shard 0/2'],
      [['check', 'b.yaml', '--out', '.'], 'scenario b (b.yaml), seed 1, 2 replications'],
    ] as const) {
      if (args[0] === 'check') cpSync(join(dir, 'res'), join(dir, 'b'), { recursive: true });
      const r = secfaas([...args], dir);
      expect(r.code).toBe(2);
      const folder = args[0] === 'check' ? 'b' : 'res';
      expect(r.stderr).toBe(`secfaas: --out ${folder} holds the result of scenario a (a.yaml), seed 1, 2 replications, not of this one (${other}): name another folder, or --force to replace it\n`);
      expect(outputs(join(dir, folder))).toEqual(before);
    }
    expect(secfaas(['run', 'b.yaml', '--out', 'res', '--force'], dir).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'res', 'summary.json'), 'utf8')).scenario).toBe('b');
    writeFileSync(join(dir, 'b.yaml'), station('b').replace('duration: 60s', 'duration: 50s'));
    expect(secfaas(['run', 'b.yaml', '--out', 'res'], dir).code).toBe(0);
  });

  it('run: the same relative file name run from another folder (another clone) names both files in full', () => {
    const clone = join(dir, 'clone');
    mkdirSync(clone, { recursive: true });
    writeFileSync(join(clone, 'a.yaml'), station('a'));
    expect(secfaas(['run', 'a.yaml', '--out', join(dir, 'from-clone')], clone).code).toBe(0);
    const r = secfaas(['run', 'a.yaml', '--out', 'from-clone'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `secfaas: --out from-clone holds the result of scenario a (${join(clone, 'a.yaml')}), seed 1, 2 replications, not of this one (scenario a (${join(dir, 'a.yaml')}), seed 1, 2 replications): name another folder, or --force to replace it\n`,
    );
  });

  it("run: a units/ folder that is not secfaas's is not removed", () => {
    mkdirSync(join(dir, 'mine', 'units'), { recursive: true });
    writeFileSync(join(dir, 'mine', 'units', 'notes.txt'), 'keep me');
    const r = secfaas(['run', 'a.yaml', '--out', 'mine'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("secfaas: --out mine: mine/units/ holds no secfaas manifest.json: name another folder, or --force to write over it\n");
    expect(readFileSync(join(dir, 'mine', 'units', 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('merge: into the folder of another result refused, into one of its shards accepted', () => {
    expect(secfaas(['run', 'a.yaml', '--out', 'a0', '--shard', '0/2'], dir).code).toBe(0);
    expect(secfaas(['run', 'a.yaml', '--out', 'a1', '--shard', '1/2'], dir).code).toBe(0);
    const refused = secfaas(['merge', 'a0', 'a1', '--out', 'res'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('secfaas: --out res holds the result of scenario b (b.yaml), seed 1, 2 replications, not of this one (scenario a (a.yaml)');
    expect(secfaas(['merge', 'a0', 'a1', '--out', 'a0'], dir).code).toBe(0);
    expect(secfaas(['merge', 'a0', 'a1', '--out', 'res', '--force'], dir).code).toBe(0);
  });
});

describe('merge finds the scenario file wherever it runs, and says where', () => {
  let reference: Record<string, string>;
  beforeAll(() => {
    mkdirSync(join(dir, 'study', 'traces'), { recursive: true });
    cpSync(join(process.cwd(), 'scenarios', 'traces', 'generated-azure2019-invocations.csv'), join(dir, 'study', 'traces', 'invocations.csv'));
    writeFileSync(join(dir, 'study', 'replay.yaml'), replay);
    const study = join(dir, 'study');
    expect(secfaas(['run', 'replay.yaml', '--out', 'whole'], study).code).toBe(0);
    reference = outputs(join(study, 'whole'));
    for (const i of [0, 1]) expect(secfaas(['run', 'replay.yaml', '--out', `results/s${i}`, '--shard', `${i}/2`], study).code).toBe(0);
  });

  it('from the folder the shards ran in: the path in the manifests', () => {
    const r = secfaas(['merge', 'results/s0', 'results/s1', '--out', 'here'], join(dir, 'study'));
    expect(r.stderr).toBe('scenario: replay.yaml (the path in the manifests, from this folder)\nwrote here/\n');
    expect(outputs(join(dir, 'study', 'here'))).toEqual(reference);
  });

  it('from another folder of the same machine: where the shards ran (their trace too), the same bytes', () => {
    const r = secfaas(['merge', 'study/results/s0', 'study/results/s1', '--out', 'elsewhere'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`scenario: ${join(dir, 'study', 'replay.yaml')} (from ${join(dir, 'study')}, where the shards ran)\nwrote elsewhere/\n`);
    expect(outputs(join(dir, 'elsewhere'))).toEqual(reference);
  });

  it('the whole tree moved (another machine): where the shards ran as seen from their folders', () => {
    renameSync(join(dir, 'study'), join(dir, 'moved'));
    const r = secfaas(['merge', 'moved/results/s0', 'moved/results/s1', '--out', 'after-move'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`scenario: ${join(dir, 'moved', 'replay.yaml')} (from moved, where the shards ran as seen from moved/results/s0)\nwrote after-move/\n`);
    expect(outputs(join(dir, 'after-move'))).toEqual(reference);
  });

  it('nowhere to be found: every place tried is named, and the rule', () => {
    renameSync(join(dir, 'moved', 'replay.yaml'), join(dir, 'moved', 'renamed.yaml'));
    const lost = secfaas(['merge', 'moved/results/s0', 'moved/results/s1', '--out', 'lost2'], dir);
    expect(lost.code).toBe(2);
    expect(lost.stderr).toBe(
      `secfaas: cannot find the scenario file the units were run from: the manifests name replay.yaml, relative to the folder the shards ran in; tried replay.yaml (absent); ${join(dir, 'study', 'replay.yaml')} (absent); ${join(dir, 'moved', 'replay.yaml')} (absent). Run merge in that folder, or put the file back as it was\n`,
    );
  });
});
