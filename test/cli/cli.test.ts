import { describe, expect, it, beforeAll } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli, secfaas } from './helpers.js';

const mm2 = (extra = '') => `name: mm2
seed: 3
duration: 200s
warmup: 20s
replications: 3
platform: { kind: station, servers: 2 }
functions:
  - { name: f, exec: { dist: exponential, mean: 10ms } }
workload:
  - { function: f, arrivals: { poisson: 100/s } }
${extra}`;

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-cli-'));
});

describe('secfaas run', () => {
  it('writes summary.csv and summary.json, byte-identical across runs and formats', () => {
    writeFileSync(join(dir, 'mm2.yaml'), mm2());
    const a = secfaas(['run', 'mm2.yaml', '--out', 'a'], dir);
    expect(a.stderr).toContain('wrote a/');
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('mm2');
    const b = secfaas(['run', 'mm2.yaml', '--out', 'b', '--format', 'csv'], dir);
    expect(b.code).toBe(0);
    const csvA = readFileSync(join(dir, 'a', 'summary.csv'), 'utf8');
    expect(readFileSync(join(dir, 'b', 'summary.csv'), 'utf8')).toBe(csvA);
    expect(b.stdout).toBe(csvA);
    const json = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8'));
    expect(json.seed).toBe(3);
    expect(csvA.split('\n')[0]).toMatch(/^scenario,variant,point,function,replication,offered,throughput/);
    expect(readFileSync(join(dir, 'a', 'summary-statistics.csv'), 'utf8').split('\n')[0]).toMatch(/^scenario,variant,point,function,statistic,offered,throughput/);
  });

  it('--format csv|json without --out prints the result and writes nothing: results/<name>/ of an earlier run stays', () => {
    writeFileSync(join(dir, 'mm2.yaml'), mm2());
    const home = join(dir, 'pipe');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'mm2.yaml'), mm2());
    const table = secfaas(['run', 'mm2.yaml'], home);
    expect(table.stderr).toContain('wrote results/mm2/');
    const before = readFileSync(join(home, 'results', 'mm2', 'summary.csv'), 'utf8');
    const files = () => readdirSync(join(home, 'results', 'mm2')).sort().join(',');
    const listed = files();
    for (const format of ['csv', 'json']) {
      const r = secfaas(['run', 'mm2.yaml', '--format', format, '--seed', '8'], home);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`nothing written (--format ${format} without --out prints only)`);
      expect(files()).toBe(listed);
      expect(readFileSync(join(home, 'results', 'mm2', 'summary.csv'), 'utf8')).toBe(before);
      // the very bytes --out would write
      const kept = secfaas(['run', 'mm2.yaml', '--format', format, '--seed', '8', '--out', `kept-${format}`], home);
      expect(r.stdout).toBe(kept.stdout);
      expect(readFileSync(join(home, `kept-${format}`, format === 'csv' ? 'summary.csv' : 'summary.json'), 'utf8')).toBe(r.stdout);
    }
    expect(readdirSync(home).sort()).toEqual(['kept-csv', 'kept-json', 'mm2.yaml', 'results']);
  });

  it('--seed changes the numbers and is recorded; the same seed gives the same bytes', () => {
    const a = secfaas(['run', 'mm2.yaml', '--out', 's7a', '--seed', '7', '--format', 'csv'], dir);
    const b = secfaas(['run', 'mm2.yaml', '--out', 's7b', '--seed', '7', '--format', 'csv'], dir);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(readFileSync(join(dir, 'a', 'summary.csv'), 'utf8'));
    expect(JSON.parse(readFileSync(join(dir, 's7a', 'summary.json'), 'utf8')).seed).toBe(7);
  });

  it('bad input: exit 2, the file, line and path named, no stack trace, nothing written', () => {
    writeFileSync(join(dir, 'bad.yaml'), mm2().replace('poisson: 100/s', 'poisson: fast'));
    const r = secfaas(['run', 'bad.yaml', '--out', 'bad-out'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:10:\d+: workload\[0\]\.arrivals\.poisson: .*rate/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'bad-out'))).toBe(false);
  });

  it('bad flags and missing files: exit 2 with a message', () => {
    expect(secfaas(['run', 'nope.yaml'], dir).code).toBe(2);
    expect(secfaas(['run', 'mm2.yaml', '--replications', '0'], dir).code).toBe(2);
    expect(secfaas(['run', 'mm2.yaml', '--format', 'xml'], dir).code).toBe(2);
    expect(secfaas(['frobnicate'], dir).code).toBe(2);
    const none = secfaas([], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Name a command');
  });
});

describe('secfaas run: where results go', () => {
  it('refuses, before running, an --out that is a file or lies below one, and a folder to run', () => {
    writeFileSync(join(dir, 'a-file'), 'not a folder');
    for (const out of ['a-file', 'a-file/below']) {
      const r = secfaas(['run', 'mm2.yaml', '--out', out], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--out ${out}: `);
      expect(r.stderr).toContain('is a file, not a folder');
    }
    const folder = secfaas(['run', '.'], dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/run takes one scenario file/);
  });

  it('removes a time series left in --out by an earlier run, so it cannot pass for this one', () => {
    mkdirSync(join(dir, 'reused'), { recursive: true });
    writeFileSync(join(dir, 'reused', 'timeseries.csv'), 'stale');
    expect(secfaas(['run', 'mm2.yaml', '--out', 'reused'], dir).code).toBe(0);
    expect(readdirSync(join(dir, 'reused')).sort()).toEqual(['summary-statistics.csv', 'summary.csv', 'summary.json', 'units']);
  });
});

describe('secfaas validate', () => {
  it('reports ok files and every problem of every bad file, exit 2', () => {
    writeFileSync(join(dir, 'bad2.yaml'), mm2().replace('servers: 2', 'servers: -1'));
    const ok = secfaas(['validate', 'mm2.yaml'], dir);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('ok mm2.yaml');
    const bad = secfaas(['validate', 'mm2.yaml', 'bad.yaml', 'bad2.yaml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yaml:10');
    expect(bad.stderr).toMatch(/bad2\.yaml:6:\d+: platform\.servers/);
  });
});

describe('secfaas check', () => {
  it('exit 0 when the claims hold, 1 when one fails, and writes JUnit XML', () => {
    const claims = (bound: string) => `claims:
  - { id: little, metric: utilization, variant: base, value: ${bound} }
`;
    const checks = join(dir, 'checks');
    writeFileSync(join(dir, 'holds.yaml'), mm2(claims('{ min: 0.45, max: 0.55 }')));
    const pass = secfaas(['check', 'holds.yaml', '--junit', 'junit/ok.xml'], dir);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/little.*pass/);
    expect(readFileSync(join(dir, 'junit', 'ok.xml'), 'utf8')).toContain('failures="0"');
    writeFileSync(join(dir, 'fails.yaml'), mm2(claims('{ max: 0.3 }')).replace('name: mm2', 'name: mm2-false'));
    const fail = secfaas(['check', 'holds.yaml', 'fails.yaml', 'mm2.yaml', '--junit', 'junit/bad.xml'], dir);
    expect(fail.stderr).toContain('mm2.yaml: states no claims, skipped');
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/little.*FAIL/);
    expect(readFileSync(join(dir, 'junit', 'bad.xml'), 'utf8')).toContain('failures="1"');
    expect(existsSync(checks)).toBe(false);
    mkdirSync(join(dir, 'junit-folder'), { recursive: true });
    const folder = secfaas(['check', 'holds.yaml', '--junit', 'junit-folder'], dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('--junit junit-folder: is a folder');
    expect(readdirSync(join(dir, 'junit')).sort()).toEqual(['bad.xml', 'ok.xml']);
  });
});

describe('claims outside check', () => {
  // M/M/2 at 100/s x 10 ms: utilization 0.5; the claim names no variant (there is only base)
  const claimed = mm2(`claims:
  - { id: half-busy, metric: utilization, value: { min: 0.45, max: 0.55 } }
  - { id: idle, metric: utilization, value: { max: 0.3 } }
`).replace('name: mm2', 'name: mm2-claims');

  it('run prints the verdicts after the table, and exits 0 even when one fails (check is the gate)', () => {
    writeFileSync(join(dir, 'claimed.yaml'), claimed);
    const r = secfaas(['run', 'claimed.yaml', '--out', 'claimed'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/claims \(informative/);
    expect(r.stdout).toMatch(/half-busy\s+base\s+-\s+-\s+0\.\d+.*pass/);
    expect(r.stdout).toMatch(/idle\s+base.*FAIL/);
    expect(r.stdout).toContain('2 checked, 1 passed, 1 failed');
    const csv = secfaas(['run', 'claimed.yaml', '--out', 'claimed', '--format', 'csv'], dir);
    expect(csv.stdout).not.toContain('half-busy');
    expect(csv.stderr).toContain(`claims: 2 checked, 1 passed, 1 failed (in ${join('claimed', 'summary.json')})`);
    // without --out nothing is kept: the message does not send the reader to a summary.json that is not there (issue 20 item 12)
    const piped = secfaas(['run', 'claimed.yaml', '--format', 'csv'], dir);
    expect(piped.stderr).toContain("claims: 2 checked, 1 passed, 1 failed (not in the CSV: 'secfaas check --format csv' prints them, --out DIR keeps them in summary.json)");
    expect(piped.stderr).toContain('nothing written');
    expect(secfaas(['run', 'claimed.yaml', '--format', 'json'], dir).stderr).toContain('claims: 2 checked, 1 passed, 1 failed (under "claims" in the JSON printed)');
  });

  it('check takes --seed, --replications, --format and --out as run does', () => {
    writeFileSync(join(dir, 'claimed.yaml'), claimed);
    const csv = secfaas(['check', 'claimed.yaml', '--format', 'csv', '--replications', '2', '--seed', '9'], dir);
    expect(csv.code).toBe(1);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('scenario,file,claim,metric,variant,baseline,function,chain,kind,point,replications,n,value,ci95.low,ci95.high,min,max,paper,paper.expected,verdict,ok,problem');
    const column = (name: string) => lines[0].split(',').indexOf(name);
    expect(lines.slice(1).map((l) => ['claim', 'metric', 'variant', 'replications'].map((name) => l.split(',')[column(name)]))).toEqual([
      ['half-busy', 'utilization', 'base', '2'],
      ['idle', 'utilization', 'base', '2'],
    ]);
    const json = secfaas(['check', 'claimed.yaml', '--format', 'json', '--replications', '2', '--seed', '9'], dir);
    const verdicts = JSON.parse(json.stdout).claims;
    expect(verdicts.map((v: { verdict: string }) => v.verdict)).toEqual(['pass', 'fail']);
    // the numbers of the CSV are the JSON's, in base units
    expect(Number(lines[1].split(',')[column('value')])).toBe(verdicts[0].value);
    // --out keeps each scenario's result as run writes it: the same bytes as run with the same overrides
    const out = secfaas(['check', 'claimed.yaml', '--out', 'checked', '--replications', '2', '--seed', '9'], dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('wrote checked/mm2-claims/');
    secfaas(['run', 'claimed.yaml', '--out', 'ran', '--replications', '2', '--seed', '9'], dir);
    expect(readFileSync(join(dir, 'checked', 'mm2-claims', 'summary.csv'), 'utf8')).toBe(readFileSync(join(dir, 'ran', 'summary.csv'), 'utf8'));
    expect(JSON.parse(readFileSync(join(dir, 'checked', 'mm2-claims', 'summary.json'), 'utf8')).claims).toEqual(verdicts);
  });
});
