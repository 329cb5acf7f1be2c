import { describe, expect, it } from '@jest/globals';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/schema/errors.js';
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

describe('messages that say what to write (issue 11)', () => {
  it('stem cells the user never wrote: says they are the defaults and how to do without', () => {
    const text = openwhisk('  kind: openwhisk\n  userMemory: 256MiB\n').replace('exec: 20ms', 'exec: 20ms\n    memory: 128MiB');
    const issue = issuesOf(text).find((i) => i.path === 'platform.prewarm.stemCells[0]');
    expect(issue?.message).toBe(
      'the stem cells of nodejs:20 (2 x 256 MiB, from models/openwhisk.yaml unless the scenario sets prewarm.stemCells) need 512 MiB, more than userMemory (256 MiB): ' +
        'raise userMemory, lower their initialCount, or write prewarm: { stemCells: [] } to run without stem cells',
    );
    // and the fix it names works
    expect(issuesOf(text.replace('  userMemory: 256MiB\n', '  userMemory: 256MiB\n  prewarm: { stemCells: [] }\n'))).toEqual([]);
  });

  it('a throttle: a number or unlimited, both named', () => {
    const issue = issuesOf(openwhisk('  kind: openwhisk\n  throttles: { invocationsPerMinute: lots }\n'))[0];
    expect(issue).toMatchObject({ path: 'platform.throttles.invocationsPerMinute', message: 'expected a whole number >= 0 (0: no limit) or "unlimited", got "lots"' });
    expect(issuesOf(openwhisk('  kind: openwhisk\n  throttles: { invocationsPerMinute: -1 }\n'))[0].message).toContain('got -1');
    expect(issuesOf(openwhisk('  kind: openwhisk\n  throttles: { invocationsPerMinute: 600, concurrentInvocations: unlimited }\n'))).toEqual([]);
  });
});

describe('a variant that sets a swept value', () => {
  const swept = (variants: string) => `${openwhisk('  kind: openwhisk\n')}variants:\n${variants}sweep:\n  platform.pauseGrace: [1s, 10s]\n`;

  it('is refused at the variant key: its value would never be used', () => {
    const issues = issuesOf(swept('  slow: { platform: { pauseGrace: 50ms } }\n  fast: {}\n'));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'variants.slow.platform.pauseGrace',
        line: 14,
        column: 35,
        message: 'variant slow sets a value the sweep sets at every point (sweep: platform.pauseGrace), so the variant\'s value would never be used: remove it from the variant, or sweep it in a scenario of its own',
      }),
    ]);
    expect(issuesOf(swept('  dotted: { "platform.pauseGrace": 50ms }\n'))[0].path).toBe('variants.dotted.platform.pauseGrace');
  });

  it('is fine when it sets other keys, or replaces a whole block the sweep then reaches into', () => {
    expect(issuesOf(swept('  other: { platform: { idleContainer: 1min } }\n'))).toEqual([]);
    const text = `${openwhisk('  kind: openwhisk\n')}variants:\n  steady: { workload: [{ function: f, arrivals: { constant: 10/s } }] }\nsweep:\n  workload.0.arrivals.constant: [5/s, 10/s]\n`;
    expect(issuesOf(text.replace('poisson: 20/s', 'constant: 20/s'))).toEqual([]);
  });
});
