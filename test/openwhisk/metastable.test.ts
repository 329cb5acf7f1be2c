import { describe, expect, test } from '@jest/globals';
import { fn, harness, ZERO } from './harness.js';

/**
 * The rules behind OpenWhisk's metastable collapse (docs/openwhisk.md#metastable-collapse), by
 * hand, and the metric that shows a run tipping. Every latency is zero unless a test says otherwise.
 */
describe('metastable collapse: the invoker side of the loop', () => {
  test("an action with a call waiting loses its idle container to the buffer's head, another action's (ContainerPool.remove ignores the buffer; only the head is retried)", () => {
    // room for two containers. a1 (A, 10 s) and b1 (B, 5 s) fill it; a2 then b2 wait in the run
    // buffer, in that order. At 5 s b1's container is idle: the head, a2, evicts it and starts
    // cold; b2, right behind, finds B's container gone and waits. At 10 s a1's container is idle:
    // b2 evicts it and starts cold. Served out of order, b2 would have run warm at 5 s.
    const { sim, at, recorder } = harness({ ...ZERO, invokers: 1, userMemory: '512MiB', concurrentPeekFactor: 10 }, [fn('A', 256, 10), fn('B', 256, 5)]);
    const [a1, b1, a2, b2] = [at(0, 0), at(0, 1), at(1, 0), at(2, 1)];
    sim.run(100);
    expect([a1, b1, a2, b2].map((a) => a.startKind)).toEqual(['cold', 'cold', 'cold', 'cold']);
    expect([a2.start, b2.start]).toEqual([5, 10]);
    expect(recorder.counts.get('evictions')).toBe(2);
  });

  test('busy containers are never evicted: a call that finds every container busy waits, however long they run', () => {
    const { sim, at, ow, recorder } = harness({ ...ZERO, invokers: 1, userMemory: '512MiB' }, [fn('A', 256, 30), fn('B', 256, 0.1)]);
    at(0, 0);
    at(0, 0);
    const b = at(1, 1);
    sim.run(29);
    expect(ow.invokers[0].runBuffer.length).toBe(1);
    expect(recorder.counts.get('evictions') ?? 0).toBe(0);
    sim.run(100);
    expect([b.start, b.startKind]).toEqual([30, 'cold']);
  });
});

describe('coldStartRatio.secondHalf', () => {
  test('counts the activations given a container from the middle of the window on, by when they got it', () => {
    // window [0, 20] s: the second half starts at 10 s. Room for three containers, no stem cells.
    // First half: A cold at 1, B cold at 2. Second half: A warm at 11, B warm at 12, C cold at 13
    // (there is room for it), A warm at 14: 1 cold of 4 (over the whole window 3 of 6).
    const { sim, at, recorder } = harness(
      { ...ZERO, invokers: 1, userMemory: '768MiB' },
      [fn('A', 256, 0.5), fn('B', 256, 0.5), fn('C', 256, 0.5)],
      1,
      0,
      undefined,
      { warmupSeconds: 0, durationSeconds: 20 },
    );
    const first = [at(1, 0), at(2, 1)];
    const second = [at(11, 0), at(12, 1), at(13, 2), at(14, 0)];
    sim.run(30);
    expect(first.map((a) => a.startKind)).toEqual(['cold', 'cold']);
    expect(second.map((a) => a.startKind)).toEqual(['warm', 'warm', 'cold', 'warm']);
    expect(recorder.mean('coldStartRatio.secondHalf')).toBe(0.25);
  });

  test('an activation that arrived in the first half and got its container in the second counts there', () => {
    // one container's room: A runs 8..12 s; B arrives at 9 s and waits; at 12 s it evicts A's
    // container and starts cold: the only placement of the second half, cold.
    const { sim, at, recorder } = harness({ ...ZERO, invokers: 1, userMemory: '256MiB' }, [fn('A', 256, 4), fn('B', 256, 1)], 1, 0, undefined, {
      warmupSeconds: 0,
      durationSeconds: 20,
    });
    at(8, 0);
    const b = at(9, 1);
    sim.run(30);
    expect([b.start, b.startKind]).toEqual([12, 'cold']);
    expect(recorder.means.get('coldStartRatio.secondHalf')).toEqual([1, 1]);
  });
});
