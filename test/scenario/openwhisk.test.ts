import { describe, expect, it } from '@jest/globals';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/spec/errors.js';
import { BASE } from './helpers.js';

const openwhisk = (platform: string) => BASE.replace('  kind: station\n  servers: 2\n', platform);

function issuesOf(text: string) {
  try {
    parseScenario(text, 'ow.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues;
    throw error;
  }
  return [];
}

describe('an OpenWhisk platform block', () => {
  it('is resolved by the platform module (defaults filled, units converted)', () => {
    const run = parseScenario(openwhisk('  kind: openwhisk\n  invokers: 3\n'), 'ow.yaml').runs[0];
    expect(run.platform).toMatchObject({ kind: 'openwhisk', invokers: 3, userMemoryMiB: expect.any(Number) });
  });

  it('reports the platform module\'s problems under platform, at their line', () => {
    expect(issuesOf(openwhisk('  kind: openwhisk\n  invokerz: 3\n'))).toContainEqual(expect.objectContaining({ path: 'platform.invokerz', line: 6 }));
  });

  it('reports a function that does not fit an invoker at platform.userMemory', () => {
    const text = openwhisk('  kind: openwhisk\n  userMemory: 128MiB\n').replace('exec: 20ms', 'exec: 20ms\n    memory: 256MiB');
    const issue = issuesOf(text).find((i) => i.path === 'platform.userMemory');
    expect(issue).toMatchObject({ line: 6 });
    expect(issue?.message).toContain('function f');
  });
});
