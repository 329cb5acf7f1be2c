import { describe, expect, test } from '@jest/globals';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateClaims } from '../src/claims/index.js';
import { runScenario } from '../src/run/run.js';
import { findScenarioFiles } from '../src/scenario/find-files.js';
import { loadScenario } from '../src/scenario/load.js';

// Every scenario we ship states claims about its own results; each must hold (what `secfaas check scenarios/` does).
const folder = fileURLToPath(new URL('../scenarios/', import.meta.url));
// Subfolders too (scenarios/sgx/), as `secfaas check scenarios/` finds them.
const files = findScenarioFiles([folder]).map((f) => relative(folder, f));

describe('shipped scenarios: their claims hold', () => {
  test('there are scenarios, and each states claims', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(loadScenario(folder + f).claims.length).toBeGreaterThan(0);
  });

  test.each(files)('%s', async (file) => {
    const verdicts = evaluateClaims(await runScenario(loadScenario(folder + file)));
    expect(verdicts.map((v) => [v.claim, v.verdict])).toEqual(verdicts.map((v) => [v.claim, 'pass']));
  });
});
