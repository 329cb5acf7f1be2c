import { describe, expect, test } from '@jest/globals';
import type { OpenWhiskPlatform } from '../../src/platform/openwhisk/index.js';
import { fn, harness } from './harness.js';

/** Every latency zero except `docker run` (1 s), so that stem cells being created are not ready. */
const latencies = { controller: 0, publish: 0, kafka: 0, dockerRun: '1s', inspect: 0, init: 0, runOverhead: 0, pause: 0, resume: 0, remove: 0, resultAck: 0, completionAck: 0, logCollection: 0 };

/** Runs the simulation to `until` with a control tick every second (the prewarm check runs on it). */
async function runWithTicks(h: { sim: { run(t: number): void }; ow: OpenWhiskPlatform }, from: number, until: number): Promise<void> {
  for (let k = from; k <= until; k++) {
    h.sim.run(k);
    await h.ow.control.tick(k);
  }
}

/** Stem cells of config 0 on invoker 0: ready plus being created. */
const stemCells = (ow: OpenWhiskPlatform) => ow.invokers[0].pool.prewarmed[0].length + ow.invokers[0].pool.prewarmStarting[0];

describe('prewarm check (model §3.4): first after checkInterval + variance', () => {
  test.each([
    // cold = 5 (see below): floor(5 / 2) * 3 = 6 (ceil would give 9, no floor 7.5, counting python 12 -> 10)
    { minCount: 1, maxCount: 10, threshold: 2, expected: 6 },
    { minCount: 1, maxCount: 4, threshold: 2, expected: 4 }, // capped by maxCount
    { minCount: 2, maxCount: 10, threshold: 10, expected: 2 }, // floor(5 / 10) * 3 = 0, raised to minCount
  ])('reactive top-up: min(maxCount, max(minCount, floor(cold / threshold) * increment)) stem cells: %o', async ({ minCount, maxCount, threshold, expected }) => {
    const reactive = { minCount, maxCount, ttl: '20min', threshold, increment: 3 };
    const h = harness(
      {
        latencies,
        invokers: 1,
        userMemory: '4GiB',
        pauseGrace: '1h',
        idleContainer: '1h',
        prewarm: { checkInterval: '10min', checkVariance: '10s', stemCells: [{ kind: 'nodejs:20', memory: '256MiB', initialCount: 1, reactive }] },
      },
      [fn('a'), fn('py', 256, 0.1, 'python:3')],
    );
    // At 100 s, six nodejs activations at once: the first takes the stem cell (its replacement takes
    // 1 s to create), the other five are cold starts of the stem cell's kind and memory. Three
    // python cold starts do not count (no stem cell of their kind).
    const node = Array.from({ length: 6 }, () => h.at(100, 0));
    const py = Array.from({ length: 3 }, () => h.at(100, 1));
    await runWithTicks(h, 1, 599);
    expect(node.map((a) => a.startKind)).toEqual(['prewarm', 'cold', 'cold', 'cold', 'cold', 'cold']);
    expect(py.map((a) => a.startKind)).toEqual(['cold', 'cold', 'cold']);
    expect(stemCells(h.ow)).toBe(1); // the replacement only: no check yet
    await runWithTicks(h, 600, 620);
    expect(stemCells(h.ow)).toBe(expected);
    expect(h.ow.invokers[0].pool.prewarmed[0]).toHaveLength(expected); // all created by now
    h.ow.close();
  });

  test('ttl expiry: stem cells unused longer than ttl are removed at the check, then topped up to minCount', async () => {
    const reactive = { minCount: 1, maxCount: 4, ttl: '2min', threshold: 1, increment: 1 };
    const h = harness(
      {
        latencies,
        invokers: 1,
        userMemory: '1GiB',
        prewarm: { checkInterval: '10min', checkVariance: '10s', stemCells: [{ kind: 'nodejs:20', memory: '256MiB', initialCount: 2, reactive }] },
      },
      [fn('a')],
    );
    await runWithTicks(h, 1, 599);
    const before = h.ow.invokers[0].pool.prewarmed[0].map((c) => c.id);
    expect(before).toHaveLength(2); // unused since 1 s: expired long ago, but no check yet
    await runWithTicks(h, 600, 620);
    // both expired and removed; no cold starts -> desired minCount = 1, a fresh one is created
    const after = h.ow.invokers[0].pool.prewarmed[0].map((c) => c.id);
    expect(after).toHaveLength(1);
    expect(before).not.toContain(after[0]);
    expect(h.ow.invokers[0].pool.memoryUsedMiB).toBe(256);
    h.ow.close();
  });

  test('an activation takes the stem cell that expires first (the oldest), not the newest', () => {
    // one creation at a time and docker run 1 s: stem cell 0 is ready at 1 s, stem cell 1 at 2 s
    const h = harness(
      { latencies, invokers: 1, userMemory: '1GiB', parallelContainerCreations: 1, prewarm: { stemCells: [{ kind: 'nodejs:20', memory: '256MiB', initialCount: 2, reactive: { minCount: 1, maxCount: 2, ttl: '2min', threshold: 1, increment: 1 } }] } },
      [fn('a')],
    );
    h.sim.run(2.5);
    const [oldest, newest] = h.ow.invokers[0].pool.prewarmed[0];
    expect(oldest.expiresAt).toBeLessThan(newest.expiresAt);
    const a = h.at(3, 0);
    h.sim.run(10);
    expect(a.startKind).toBe('prewarm');
    const left = h.ow.invokers[0].pool.prewarmed[0].map((c) => c.id);
    expect(left).toContain(newest.id);
    expect(left).not.toContain(oldest.id);
  });

  test('expired stem cells are removed in order of expiry across configs, up to expirationLimit', async () => {
    // nodejs (ttl 2 min) is listed first, python (ttl 1 min) second; both ready at 1 s and
    // expired at the first check (600 s to 610 s). With a limit of 1, python's (expired at 61 s)
    // goes, nodejs' (121 s) stays; config by config, nodejs' would have gone.
    const reactive = (ttl: string) => ({ minCount: 1, maxCount: 1, ttl, threshold: 1, increment: 1 });
    const h = harness(
      {
        latencies,
        invokers: 1,
        userMemory: '1GiB',
        prewarm: {
          checkInterval: '10min',
          checkVariance: '10s',
          expirationLimit: 1,
          stemCells: [
            { kind: 'nodejs:20', memory: '256MiB', initialCount: 1, reactive: reactive('2min') },
            { kind: 'python:3', memory: '256MiB', initialCount: 1, reactive: reactive('1min') },
          ],
        },
      },
      [fn('a')],
    );
    await runWithTicks(h, 1, 599);
    const [node0, py0] = [0, 1].map((i) => h.ow.invokers[0].pool.prewarmed[i][0].id);
    await runWithTicks(h, 600, 620);
    const ids = (i: number) => h.ow.invokers[0].pool.prewarmed[i].map((c) => c.id);
    expect(ids(0)).toEqual([node0]);
    expect(ids(1)).toHaveLength(1); // topped up to minCount with a fresh one
    expect(ids(1)).not.toContain(py0);
    h.ow.close();
  });

  test('a container removed to make room refills the stem cells at once (ContainerRemoved(replacePrewarm)), not at the next check', () => {
    // 640 MiB: a 128 MiB stem cell + two 256 MiB python containers fill it. At 3 s a nodejs
    // activation takes the stem cell; no room for its replacement. At 4 s a 128 MiB python
    // action evicts p1 (256 MiB) and starts: 128 MiB are free again, and the eviction's
    // ContainerRemoved backfills the stem cell long before the first periodic check (10 min).
    const zero = { ...latencies, dockerRun: 0 };
    const h = harness(
      { latencies: zero, invokers: 1, userMemory: '640MiB', pauseGrace: '1h', idleContainer: '1h', prewarm: { stemCells: [{ kind: 'nodejs:20', memory: '128MiB', initialCount: 1 }] } },
      [fn('a', 128), fn('p1', 256, 0.1, 'python:3'), fn('p2', 256, 0.1, 'python:3'), fn('p3', 128, 0.1, 'python:3')],
    );
    h.at(1, 1);
    h.at(2, 2);
    const a = h.at(3, 0);
    h.sim.run(3.5);
    expect(a.startKind).toBe('prewarm');
    expect(stemCells(h.ow)).toBe(0); // no room for the replacement
    const p3 = h.at(4, 3);
    h.sim.run(4.5);
    expect(p3.startKind).toBe('cold');
    expect(h.recorder.counts.get('evictions')).toBe(1);
    expect(stemCells(h.ow)).toBe(1);
    expect(h.ow.invokers[0].pool.memoryUsedMiB).toBe(640);
  });
});
