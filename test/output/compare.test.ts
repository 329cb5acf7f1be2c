import { beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCsv, compareSummaries, isChange, type MetricChange } from '../../src/output/compare.js';
import { summarize, summaryFromJson, type ResultSummary } from '../../src/output/summary.js';
import { summaryJson } from '../../src/output/summary-json.js';
import { runScenario } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { parseCsv } from './fixture.js';

// An M/M/2 at two loads, 5 replications: small enough for a test, noisy like a real result.
const mm2 = (meanMs = 10, seed = 3) => `name: mm2
seed: ${seed}
duration: 300s
warmup: 20s
replications: 5
platform: { kind: station, servers: 2 }
functions:
  - { name: f, exec: { dist: exponential, mean: ${meanMs}ms } }
workload:
  - { function: f, arrivals: { poisson: 60/s } }
sweep:
  workload.0.arrivals.poisson: [60/s, 120/s]
`;

async function summaryOf(text: string): Promise<ResultSummary> {
  return summarize(await runScenario(parseScenario(text, 'mm2.yaml')));
}

const OPTIONS = { noiseThreshold: 0.02 };
let base: ResultSummary;
let otherSeed: ResultSummary;
let slower: ResultSummary;
beforeAll(async () => {
  base = await summaryOf(mm2());
  otherSeed = await summaryOf(mm2(10, 11));
  slower = await summaryOf(mm2(12));
});

const find = (changes: MetricChange[], metric: string, pointIndex: number) =>
  changes.find((c) => c.metric === metric && c.point['workload.0.arrivals.poisson'] === [60, 120][pointIndex])!;

describe('compare two results', () => {
  test('a result against itself: every metric of every point, no change, a difference of exactly 0', () => {
    const changes = compareSummaries(base, base, OPTIONS);
    expect(changes.length).toBe(base.groups.reduce((n, g) => n + g.metrics.length, 0));
    for (const c of changes) {
      expect(c.verdict).toBe('no change');
      if (c.a.n > 0) expect(c.difference).toBe(0);
    }
  });

  test('a result with chains against itself: chain rows matched with their own chain, no row "not comparable"', async () => {
    const chained = await summaryOf(`name: chained
seed: 2
duration: 60s
replications: 3
platform: { kind: station, servers: 2 }
functions:
  - { name: f, exec: 5ms }
  - { name: g, exec: { dist: exponential, mean: 5ms } }
  - { name: never, exec: 5ms }
chains:
  - { name: fg, steps: [f, g] }
  - { name: gf, steps: [g, f] }
workload:
  - { chain: fg, arrivals: { poisson: 20/s } }
  - { chain: gf, arrivals: { poisson: 10/s } }
`);
    const changes = compareSummaries(chained, chained, OPTIONS);
    expect(changes.filter((c) => c.verdict !== 'no change')).toEqual([]);
    const chainRows = changes.filter((c) => c.chain !== 'all');
    expect(new Set(chainRows.map((c) => c.chain))).toEqual(new Set(['fg', 'gf']));
    expect(chainRows.every((c) => c.metric.startsWith('chain.'))).toBe(true);
    // a function never called: its latency was observed by neither side
    const unobserved = changes.find((c) => c.function === 'never' && c.metric === 'latency.mean')!;
    expect([unobserved.a.n, unobserved.b.n, unobserved.verdict]).toEqual([0, 0, 'no change']);
    expect(parseCsv(compareCsv(changes))[0].slice(0, 5)).toEqual(['variant', 'point', 'function', 'chain', 'metric']);
  });

  test('the same result read back from summary.json compares as unchanged (the round trip is exact)', () => {
    const back = summaryFromJson(summaryJson(base), 'summary.json');
    expect(compareSummaries(base, back, OPTIONS).every((c) => c.verdict === 'no change')).toBe(true);
    expect(back.groups.map((g) => g.quantileGrids.latency)).toEqual(base.groups.map((g) => g.quantileGrids.latency));
  });

  test('two seeds of the same scenario: no significant change for most metrics', () => {
    const changes = compareSummaries(base, otherSeed, OPTIONS).filter((c) => c.a.n > 0 && c.a.stddev > 0);
    const changed = changes.filter(isChange);
    // a 95 % interval is wrong 5 % of the time: a few false alarms among ~70 metrics, not many
    expect(changes.length).toBeGreaterThan(40);
    expect(changed.length / changes.length).toBeLessThan(0.15);
  });

  test('a slower function (10 -> 12 ms) is reported: latency and utilization increased, offered load unchanged', () => {
    const changes = compareSummaries(base, slower, OPTIONS);
    for (const point of [0, 1]) {
      expect(find(changes, 'latency.mean', point).verdict).toBe('increased');
      expect(find(changes, 'utilization', point).verdict).toBe('increased');
      // same seed, same arrivals: common random numbers leave offered load exactly as it was
      expect(find(changes, 'offered', point).verdict).toBe('no change');
    }
    // utilization = lambda E[S] / c: 60/s x 12 ms / 2 = 0.36 against 0.30, +20 %
    expect(find(changes, 'utilization', 0).relativeChange).toBeCloseTo(0.2, 1);
  });

  test('CSV: one row per metric x variant x point x function, in base units', () => {
    const rows = parseCsv(compareCsv(compareSummaries(base, slower, OPTIONS)));
    expect(rows[0].slice(0, 5)).toEqual(['variant', 'point', 'function', 'chain', 'metric']);
    const row = rows.find((r) => r[4] === 'latency.mean' && r[1] === 'workload.0.arrivals.poisson=60')!;
    expect(Number(row[rows[0].indexOf('a.mean')])).toBeCloseTo(find(compareSummaries(base, slower, OPTIONS), 'latency.mean', 0).a.mean, 12);
    expect(row[rows[0].indexOf('verdict')]).toBe('increased');
  });
});

describe('secfaas compare', () => {
  const cli = join(process.cwd(), 'dist', 'cli.js');
  const secfaas = (args: string[], cwd: string) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('--fail-on-change: exit 0 against itself, exit 1 when a chosen metric moved, 0 when only others did', () => {
    expect(existsSync(cli)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'secfaas-compare-'));
    writeFileSync(join(dir, 'base.yaml'), mm2().replace('duration: 300s', 'duration: 100s'));
    writeFileSync(join(dir, 'slow.yaml'), mm2(12).replace('duration: 300s', 'duration: 100s'));
    expect(secfaas(['run', 'base.yaml', '--out', 'base'], dir).code).toBe(0);
    expect(secfaas(['run', 'slow.yaml', '--out', 'slow'], dir).code).toBe(0);
    const same = secfaas(['compare', 'base', 'base', '--fail-on-change'], dir);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/compared: \d+ no change/);
    const moved = secfaas(['compare', 'base', 'slow', '--fail-on-change', '--metric', 'latency.mean'], dir);
    expect(moved.code).toBe(1);
    expect(moved.stdout).toMatch(/latency\.mean \(ms\).*increased/);
    expect(moved.stderr).toContain('latency.mean');
    expect(secfaas(['compare', 'base', 'slow', '--fail-on-change', '--metric', 'offered'], dir).code).toBe(0);
    const json = JSON.parse(secfaas(['compare', 'base', 'slow', '--format', 'json'], dir).stdout);
    expect(json.changes.some((c: MetricChange) => c.metric === 'latency.mean' && c.verdict === 'increased')).toBe(true);
    expect(secfaas(['compare', 'base', 'nowhere'], dir).code).toBe(2);
    expect(secfaas(['compare', 'base', 'slow', '--metric', 'latncy.mean'], dir).code).toBe(2);

    // --metric chooses the rows of every format, not only what --fail-on-change looks at
    const chosen = secfaas(['compare', 'base', 'slow', '--metric', 'latency.mean', '--metric', 'utilization', '--all'], dir);
    const metricsShown = chosen.stdout.split('\n\n')[0].split('\n').slice(2).map((line) => line.split(/\s+/)[3]);
    expect(new Set(metricsShown)).toEqual(new Set(['latency.mean', 'utilization']));
    expect(chosen.stdout).toContain('4 compared: ');
    const csv = parseCsv(secfaas(['compare', 'base', 'slow', '--metric', 'offered', '--format', 'csv'], dir).stdout);
    expect(csv.slice(1).map((r) => r[4])).toEqual(['offered', 'offered']);

    // two scenarios: groups would match only by accident of naming
    writeFileSync(join(dir, 'other.yaml'), mm2().replace('name: mm2', 'name: other').replace('duration: 300s', 'duration: 100s'));
    expect(secfaas(['run', 'other.yaml', '--out', 'other'], dir).code).toBe(0);
    const refused = secfaas(['compare', 'base', 'other'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('compare takes two results of one scenario: base holds mm2 (base.yaml), other holds other (other.yaml)');
    expect(refused.stdout).toBe('');
  });
});
