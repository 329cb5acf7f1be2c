import { headlineBlock, readmeHeadline } from './readme-headline.js';
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseScenario } from '../src/scenario/load.js';
import { ScenarioError } from '../src/schema/errors.js';
import { metricsTable } from '../src/output/metrics-table.js';

// The README's examples are what new users copy: they must load.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const yamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

function load(text: string): void {
  try {
    parseScenario(text, 'README.md');
  } catch (error) {
    if (error instanceof ScenarioError) throw new Error(error.format());
    throw error;
  }
}

describe('README examples', () => {
  it('the full scenario example is a valid scenario', () => {
    const full = yamlBlocks.find((b) => b.startsWith('name:'));
    expect(full).toBeDefined();
    load(full!);
  });

  it('the claims and platform snippets are valid inside a scenario', () => {
    const base = { name: 'readme', duration: '10s', platform: { kind: 'station', servers: 1 }, functions: [{ name: 'resize', exec: '10ms' }], workload: [{ function: 'resize', arrivals: { poisson: '50/s' } }] };
    const claims = yamlBlocks.find((b) => b.startsWith('claims:'))!;
    load(JSON.stringify({ ...base, variants: { native: {}, secure: {} }, sweep: { 'workload.0.arrivals.poisson': ['50/s'] }, ...parse(claims) }));
    const platform = yamlBlocks.find((b) => b.startsWith('platform:'))!;
    load(JSON.stringify({ ...base, ...parse(platform) }));
  });

  it('the many-functions snippet is a valid scenario body: 43 functions, 40 workload entries', () => {
    const block = yamlBlocks.find((b) => b.startsWith('functions:\n  - { name: f, count: 40'))!;
    const scenario = parseScenario(JSON.stringify({ name: 'readme', duration: '10s', platform: { kind: 'station', servers: 1 }, ...parse(block) }), 'README.md');
    expect([scenario.runs[0].functions.length, scenario.runs[0].workload.length]).toEqual([43, 40]);
  });

  it('the zip snippet is a valid sweep on OpenWhisk: 6 points, the zipped values linked', () => {
    const block = yamlBlocks.find((b) => b.startsWith('sweep:\n  zip:'))!;
    const base = { name: 'readme', duration: '10s', platform: { kind: 'openwhisk' }, functions: [{ name: 'f', exec: '10ms' }], workload: [{ function: 'f', arrivals: { poisson: '5/s' } }] };
    const { runs } = parseScenario(JSON.stringify({ ...base, ...parse(block) }), 'README.md');
    expect(runs.map((r) => [r.point.scale, r.point['platform.invokers'], r.point['platform.pauseGrace']])).toEqual([
      [1, 2, 0.05], [1, 2, 10], [2, 4, 0.05], [2, 4, 10], [4, 8, 0.05], [4, 8, 10],
    ]);
  });

  it("shows on its first screen the paper's verdicts npm start prints (npm run readme-headline rewrites them)", async () => {
    const block = readmeHeadline(readme);
    expect(block).toBeDefined();
    expect(readme.indexOf('<!-- headline:')).toBeLessThan(readme.indexOf('## Set-up') + 3000);
    expect(block).toBe(await headlineBlock());
  }, 120_000);

  it('lists every declared metric, as the registry declares it (npm run readme-metrics rewrites the table)', () => {
    expect(readme).toContain(metricsTable());
  });
});
