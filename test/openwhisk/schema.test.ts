import { describe, expect, test } from '@jest/globals';
import { checkOpenWhiskScenario, modelLeaves, openWhiskPlatformSchema } from '../../src/platform/openwhisk/schema.js';

describe('OpenWhisk parameters', () => {
  test('every model-file value says where it comes from', () => {
    const leaves = modelLeaves();
    expect(leaves.length).toBeGreaterThan(25);
    for (const { path, leaf } of leaves) {
      expect([path, ['seen', 'derived', 'estimated'].includes(leaf.mark)]).toEqual([path, true]);
      expect([path, typeof leaf.source === 'string' && leaf.source.length > 10]).toEqual([path, true]);
    }
  });

  test('defaults resolve from models/openwhisk.yaml, in base units', () => {
    const p = openWhiskPlatformSchema.parse({ kind: 'openwhisk' });
    expect(p.userMemoryMiB).toBe(2048);
    expect(p.pauseGraceSeconds).toBe(10);
    expect(p.idleContainerSeconds).toBe(600);
    expect(p.throttles).toEqual({ invocationsPerMinute: 0, concurrentInvocations: 0 });
    expect(p.prewarm.stemCells).toEqual([{ kind: 'nodejs:20', memoryMiB: 256, initialCount: 2, reactive: { minCount: 1, maxCount: 4, ttlSeconds: 120, threshold: 1, increment: 1 } }]);
    expect(p.latencies.dockerRun).toEqual({ dist: 'lognormal', mean: 0.8, cv: 0.4 });
  });

  test('the block overrides key by key; a latency value replaces its whole distribution; latencies: 0 zeroes all', () => {
    const p = openWhiskPlatformSchema.parse({ kind: 'openwhisk', pauseGrace: '50ms', throttles: { invocationsPerMinute: 60 }, latencies: { kafka: '5ms' } });
    expect(p.pauseGraceSeconds).toBe(0.05);
    expect(p.throttles).toEqual({ invocationsPerMinute: 60, concurrentInvocations: 0 });
    expect(p.latencies.kafka).toEqual({ dist: 'constant', value: 0.005 });
    expect(p.latencies.init).toEqual({ dist: 'lognormal', mean: 0.1, cv: 0.5 });
    const z = openWhiskPlatformSchema.parse({ kind: 'openwhisk', latencies: 0 });
    expect(Object.values(z.latencies).every((d) => d.dist === 'constant' && d.value === 0)).toBe(true);
  });

  test('unknown keys and bad units are errors with their path', () => {
    const r = openWhiskPlatformSchema.safeParse({ kind: 'openwhisk', latencies: { kafak: '1ms' }, pauseGrace: '10 parsecs' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('latencies');
    expect(paths).toContain('pauseGrace');
    expect(openWhiskPlatformSchema.safeParse({ kind: 'openwhisk', invokers: 0 }).success).toBe(false);
  });

  test('scenario checks: a function larger than an invoker, memory outside min/max', () => {
    const problems = checkOpenWhiskScenario({ kind: 'openwhisk', userMemory: '512MiB' }, [
      { name: 'ok', memoryMiB: 256, kind: 'nodejs:20' },
      { name: 'huge', memoryMiB: 1024, kind: 'nodejs:20' },
      { name: 'tiny', memoryMiB: 64, kind: 'nodejs:20' },
    ]);
    expect(problems.map((p) => p.path.join('.'))).toEqual(['userMemory', 'actionMemory', 'actionMemory']);
    expect(problems[0].message).toMatch(/huge/);
    expect(checkOpenWhiskScenario({ kind: 'openwhisk', userMemory: '4GiB', actionMemory: { max: '2GiB' } }, [{ name: 'big', memoryMiB: 1024, kind: 'x' }])).toEqual([]);
  });
});
