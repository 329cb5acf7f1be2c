import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { ScenarioError } from '../../src/schema/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { BASE } from './helpers.js';

// A fixed seed keeps CI reproducible; explore new cases with FUZZ_SEED=<n> FUZZ_RUNS=<n> (fast-check prints the seed of a failure).
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 7);

const full = readFileSync(new URL('../fixtures/scenarios/full.yaml', import.meta.url), 'utf8');
const seeds: unknown[] = [parse(BASE), parse(full)];

type Segment = string | number;

function pathsOf(value: unknown, prefix: Segment[] = []): Segment[][] {
  const out: Segment[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: 'drop' | 'replace' | 'add'; at: number; value: unknown; key: string };

function mutate(document: unknown, mutations: Mutation[]): unknown {
  let root = structuredClone(document);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length];
    if (path.length === 0) {
      if (m.kind === 'replace') root = m.value;
      continue;
    }
    let parent = root as Record<Segment, unknown>;
    for (const s of path.slice(0, -1)) parent = parent[s] as Record<Segment, unknown>;
    const last = path[path.length - 1];
    if (m.kind === 'drop') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (m.kind === 'replace') {
      parent[last] = m.value;
    } else {
      const target = parent[last];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
      else if (Array.isArray(target)) target.push(m.value);
    }
  }
  return root;
}

/** Values a scenario author might plausibly mistype, plus arbitrary JSON. */
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('20/s', '0/s', '-1/s', '5ms', '1e309s', '0', 'NaN', '256MiB', '1.5', 'station', 'openwhisk', 'base', 'f', 'a.b', '', '__proto__', 'constructor'),
  fc.constantFrom(0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2, 3),
);
const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('kind', 'servers', 'queue', 'poisson', 'dist', 'mean', 'name', 'constructor', 'workload.0.arrivals.poisson', 'platform.servers', 'toString'));
const mutation = fc.record({ kind: fc.constantFrom<Mutation['kind']>('drop', 'replace', 'add'), at: fc.nat(), value, key });

/** The property: a Scenario, or a ScenarioError whose every issue has a position. */
function loadsOrExplains(text: string, file: string): void {
  try {
    const scenario = parseScenario(text, file);
    expect(scenario.runs.length).toBeGreaterThan(0);
    expect(scenario.runs.length % scenario.variants.length).toBe(0);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.column).toBeGreaterThanOrEqual(1);
    }
  }
}

describe('fuzzing the loader', () => {
  it('mutated documents (YAML) load or fail with located ScenarioErrors', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), (document, mutations) => {
        loadsOrExplains(stringify(mutate(document, mutations)), 'fuzz.yaml');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed: FUZZ_SEED },
    );
  });

  it('mutated documents (JSON) load or fail with located ScenarioErrors', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }), (document, mutations) => {
        loadsOrExplains(JSON.stringify(mutate(document, mutations), null, 1) ?? 'null', 'fuzz.json');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200), seed: FUZZ_SEED },
    );
  });

  it('text edits (YAML syntax damage) load or fail with located ScenarioErrors', () => {
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(':', '- ', '[', '{', '"', '!', '&a ', '*a', '\n  ', '\t', '#', '---\n')) });
    fc.assert(
      fc.property(fc.constantFrom(BASE, full), fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        let out = text;
        for (const e of edits) {
          const at = e.at % (out.length + 1);
          out = out.slice(0, at) + e.insert + out.slice(at + e.remove);
        }
        loadsOrExplains(out, 'fuzz.yaml');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed: FUZZ_SEED },
    );
  });

  it('the unmutated seeds load', () => {
    for (const document of seeds) expect(() => parseScenario(stringify(document), 'seed.yaml')).not.toThrow();
  });
});
