import { describe, expect, test } from '@jest/globals';
import { evaluateClaims } from '../../src/claims/index.js';
import { runScenario } from '../../src/run/run.js';
import { loadScenario } from '../../src/scenario/load.js';

const files = ['openwhisk-warm-path', 'openwhisk-cold-storm', 'openwhisk-eviction-thrash', 'openwhisk-throughput'];

describe('OpenWhisk scenario files: their claims hold', () => {
  test.each(files)('%s', async (name) => {
    const scenario = loadScenario(new URL(`../../scenarios/${name}.yaml`, import.meta.url).pathname);
    const verdicts = evaluateClaims(await runScenario(scenario));
    expect(verdicts.map((v) => [v.claim, v.verdict])).toEqual(verdicts.map((v) => [v.claim, 'pass']));
  });
});
