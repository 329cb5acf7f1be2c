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

  it('takes invokers of different sizes as a list of groups, in order', () => {
    const run = parseScenario(openwhisk('  kind: openwhisk\n  invokers: [{ userMemory: 4GiB, count: 2 }, { userMemory: 1GiB, count: 3 }]\n'), 'ow.yaml').runs[0];
    expect(run.platform).toMatchObject({ invokers: 5, userMemoryMiB: 4096, invokerGroups: [{ userMemoryMiB: 4096, count: 2 }, { userMemoryMiB: 1024, count: 3 }] });
  });

  it('reports a function larger than the smallest invoker at platform.invokers', () => {
    const text = openwhisk('  kind: openwhisk\n  invokers: [{ userMemory: 4GiB, count: 1 }, { userMemory: 128MiB, count: 1 }]\n').replace('exec: 20ms', 'exec: 20ms\n    memory: 256MiB');
    const issue = issuesOf(text).find((i) => i.path === 'platform.invokers');
    expect(issue).toMatchObject({ line: 6 });
    expect(issue?.message).toContain("function f needs 256 MiB, more than the smallest invoker's user memory (128 MiB)");
    expect(issuesOf(openwhisk('  kind: openwhisk\n  invokers: [{ userMemory: 1GiB, count: 0 }]\n'))).toContainEqual(expect.objectContaining({ path: 'platform.invokers[0].count' }));
  });
});
