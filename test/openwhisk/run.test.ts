import { describe, expect, test } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { runReplication } from '../../src/run/run.js';
import type { TimeSeriesRow } from '../../src/model/platform.js';
import { OPENWHISK_TIMESERIES } from '../../src/platform/openwhisk/world.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { RunSpec } from '../../src/schema/types.js';
import { buildRunSpec } from '../../src/schema/build.js';
import { openWhiskPlatformSchema } from '../../src/platform/openwhisk/schema.js';
import { fn, harness, ZERO } from './harness.js';

function spec(o: Partial<RunSpec> = {}): RunSpec {
  const functions = Array.from({ length: 12 }, (_, i) => ({ ...fn(`f${i}`, i % 3 === 0 ? 512 : 256), exec: { dist: 'exponential' as const, mean: 0.05 } }));
  return buildRunSpec({
    scenario: 'ow',
    seed: 3,
    durationSeconds: 120,
    warmupSeconds: 10,
    sampleIntervalSeconds: 5,
    platform: openWhiskPlatformSchema.parse({ kind: 'openwhisk', invokers: 4, controllers: 2, userMemory: '4GiB', pauseGrace: '50ms', idleContainer: '20s', prewarm: { checkInterval: '30s' } }),
    functions,
    workload: functions.map((_, i) => ({ functionIndex: i, arrivals: { kind: 'poisson' as const, ratePerSecond: 0.5 + i / 4 }, blocking: i % 4 !== 0 })),
    ...o,
  });
}

/** Runs one replication and keeps the time-series rows it streams (the CLI streams them to a file instead). */
async function sampled(s: RunSpec) {
  const rows: TimeSeriesRow[] = [];
  const r = await runReplication(s, 1, { timeseries: { row: (_spec, _replication, row) => rows.push(row) } });
  return { ...r, timeseries: rows };
}

describe('OpenWhisk through the run loop', () => {
  test('how often the time series is sampled, or whether anyone takes it, does not change the model', async () => {
    const runs = await Promise.all([0, 1, 5, 7].map((sampleIntervalSeconds) => sampled(spec({ sampleIntervalSeconds }))));
    for (const r of runs.slice(1)) expect(r.metrics).toEqual(runs[0].metrics);
    expect((await runReplication(spec(), 1)).metrics).toEqual(runs[0].metrics);
    expect(runs[0].timeseries).toEqual([]);
    const times = [...new Set(runs[2].timeseries.map((row) => row.time))];
    expect(times).toEqual(Array.from({ length: times.length }, (_, k) => 5 * (k + 1)));
    expect(times.length).toBe(23); // 5 s .. 115 s inside a 120 s run
  });

  test('metrics, gauges, time series; same seed, same result', async () => {
    const r1 = await sampled(spec());
    const r2 = await sampled(spec());
    expect(r1.metrics).toEqual(r2.metrics);
    expect(r1.timeseries).toEqual(r2.timeseries);
    const m = r1.metrics;
    expect(m.completed).toBeGreaterThan(0.95 * m.arrivals);
    expect(m['starts.warm']).toBeGreaterThan(m['starts.cold']);
    expect(m['starts.cold'] + m['starts.prewarm'] + m['starts.warm'] + m['starts.resumed']).toBeGreaterThan(0);
    expect(m['starts.resumed']).toBeGreaterThan(0);
    for (const k of ['instances.mean', 'instances.busy', 'invokers.memoryUsed.mean', 'invokers.memoryUsed.max', 'latency.breakdown.run', 'latency.breakdown.queueing'])
      expect([k, Number.isFinite(m[k])]).toEqual([k, true]);
    expect(m['invokers.memoryUsed.max']).toBeLessThanOrEqual(4096);
    // rows: one per invoker per tick
    expect(r1.timeseries.length).toBe(4 * Math.ceil(120 / 5 - 1));
    expect(Object.keys(r1.timeseries[0])).toEqual(['time', 'invoker', 'starting', 'prewarm', 'idle', 'paused', 'busy', 'removing', 'memoryUsedMiB', 'runBuffer', 'inFlight', 'kafkaBacklog']);
    expect(Object.keys(r1.timeseries[0])).toEqual(['time', OPENWHISK_TIMESERIES.entity, ...OPENWHISK_TIMESERIES.columns]); // the declared header
  });

  test('conservation: every activation is rejected or finishes exactly once, and starts at most once', () => {
    const functions = Array.from({ length: 6 }, (_, i) => ({ ...fn(`f${i}`, 256), exec: { dist: 'exponential' as const, mean: 0.2 } }));
    const { sim, at, log, ow } = harness({ invokers: 2, userMemory: '1GiB', throttles: { concurrentInvocations: 40 } }, functions);
    const acts = [];
    let t = 0;
    for (let i = 0; i < 5000; i++) {
      t += 0.01 * ((i * 7919) % 13) / 6;
      acts.push(at(t, i % 6, { exec: 0.05 + ((i * 31) % 17) / 40, blocking: i % 3 !== 0 }));
    }
    sim.run();
    const finished = new Map<number, number>();
    for (const a of log.finished) finished.set(a.id, (finished.get(a.id) ?? 0) + 1);
    const rejected = new Set(log.rejected.map(([a]) => a.id));
    for (const a of acts) expect(rejected.has(a.id) ? 0 : finished.get(a.id)).toBe(rejected.has(a.id) ? 0 : 1);
    expect(new Set(log.started.map((a) => a.id)).size).toBe(log.started.length);
    expect(log.started.length).toBe(acts.length - rejected.size);
    expect(rejected.size).toBeGreaterThan(0);
    for (const inv of ow.invokers) expect([inv.inFlight, inv.runBuffer.length, inv.topic.length]).toEqual([0, 0, 0]);
    for (const c of ow.controllers) for (const s of c.balancer.slots) expect(s.permits).toBe(1024);
  });

  test('reactive prewarm adjustment on the control tick', async () => {
    const { ow, sim, at, samples } = harness({ invokers: 1, userMemory: '2GiB', prewarm: { checkInterval: '10s', checkVariance: 0 } }, [fn('a'), fn('b'), fn('c'), fn('d'), fn('e')], 1, 1);
    for (let i = 0; i < 5; i++) at(1, i); // 2 stem cells + 1 replacement... then cold starts
    for (let k = 1; k <= 12; k++) {
      sim.run(k);
      await ow.control.tick(k);
    }
    const pool = ow.invokers[0].pool;
    // cold starts since the last check >= 1 -> desired min(4, max(1, cold)) stem cells
    expect(pool.prewarmed[0].length + pool.prewarmStarting[0]).toBeGreaterThanOrEqual(2);
    expect(samples.length).toBe(12);
    ow.close();
  });

  test('evictions is reported as 0 when nothing was evicted (roomy eviction-thrash variant)', async () => {
    const file = fileURLToPath(new URL('../../scenarios/openwhisk-eviction-thrash.yaml', import.meta.url));
    const runs = loadScenario(file).runs;
    const run = (variant: string) => runReplication(runs.find((r) => r.variant === variant)!, 1);
    const roomy = (await run('roomy')).metrics;
    expect(roomy.evictions).toBe(0);
    expect(roomy.completed).toBeGreaterThan(100);
    expect((await run('tight')).metrics.evictions).toBeGreaterThan(100);
  });

  test('invokers.memoryUsed.max is the fullest invoker peak, .mean the average over invokers', async () => {
    // One hot action, no stem cells, containers never paused nor removed: its home invoker ends up
    // with 4 containers (arrivals every 1/3 s, each busy 1.1 s: at most 4 overlap); the other
    // invoker stays empty. Peak of the home invoker 1024 MiB; peak of the average only 512.
    const functions = [fn('hot', 256, 1.1)];
    const r = await runReplication(
      spec({
        seed: 1,
        durationSeconds: 60,
        sampleIntervalSeconds: 0,
        platform: openWhiskPlatformSchema.parse({ kind: 'openwhisk', ...ZERO, invokers: 2, userMemory: '2GiB' }),
        functions,
        workload: [{ functionIndex: 0, arrivals: { kind: 'constant', ratePerSecond: 3 }, blocking: true }],
      }),
      1,
    );
    const m = r.metrics;
    expect(m['starts.cold']).toBe(0); // all 4 containers were created before the warm-up ended
    expect(m['invokers.memoryUsed.max']).toBe(4 * 256);
    expect(m['invokers.memoryUsed.mean']).toBeCloseTo((4 * 256) / 2, 9);
  });
});
