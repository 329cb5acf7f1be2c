import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// What the README promises a library user, against the built package entry (`npm test` builds first).
describe('the library entry (dist/index.js)', () => {
  it('loads a scenario, runs it and evaluates its claims', async () => {
    const entry = join(process.cwd(), 'dist', 'index.js');
    expect(existsSync(entry)).toBe(true);
    const secfaas = await import(pathToFileURL(entry).href);
    const scenario = secfaas.loadScenario('scenarios/openwhisk-warm-path.yaml');
    const result = await secfaas.runScenario(scenario, { replications: 2 });
    expect(result.replications).toHaveLength(scenario.variants.length * 2);
    expect(secfaas.summaryCsv(result).split('\n')[0]).toMatch(/^scenario,variant,point,/);
    expect(secfaas.evaluateClaims(result).length).toBe(scenario.claims.length);
    expect(() => secfaas.loadScenario('no-such-file.yaml')).toThrow(secfaas.ScenarioError);
  });

  it('records the seed and replications it was asked to run with, so summary.json can re-run it', async () => {
    const secfaas = await import(pathToFileURL(join(process.cwd(), 'dist', 'index.js')).href);
    const result = await secfaas.runScenario(secfaas.loadScenario('scenarios/openwhisk-warm-path.yaml'), { seed: 99, replications: 2 });
    const json = JSON.parse(secfaas.summaryJson(result));
    expect([json.seed, json.replications]).toEqual([99, 2]);
    expect(result.scenario.runs.every((r: { seed: number }) => r.seed === 99)).toBe(true);
  });
});
