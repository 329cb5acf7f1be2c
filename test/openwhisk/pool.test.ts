import { describe, expect, test } from '@jest/globals';
import { fn, harness, ZERO } from './harness.js';

/** Small scenarios whose outcome is known by hand; every latency is zero unless a test says otherwise. */
describe('invoker container pool', () => {
  test('placement: prewarm (same kind and memory) > warm (same action) > cold', () => {
    const stemCells = [{ kind: 'nodejs:20', memory: '256MiB', initialCount: 1 }];
    const { sim, log, at, ow } = harness({ ...ZERO, invokers: 1, userMemory: '1GiB', prewarm: { stemCells } }, [fn('a'), fn('py', 256, 0.1, 'python:3')]);
    const a1 = at(1, 0); // takes the stem cell (a replacement starts at once)
    const a2 = at(2, 0); // warm: a1's container is idle
    const a3 = at(2, 0); // same instant, a1's container busy: the replacement stem cell
    const a4 = at(3, 1); // python: no stem cell for its kind -> cold
    sim.run(10);
    expect([a1, a2, a3, a4].map((a) => a.startKind)).toEqual(['prewarm', 'warm', 'prewarm', 'cold']);
    expect(log.finished).toHaveLength(4);
    expect(ow.invokers[0].pool.prewarmed[0]).toHaveLength(1); // backfilled after each take
  });

  test('LRU eviction of idle warm containers; stem cells are never evicted', () => {
    const stemCells = [{ kind: 'nodejs:20', memory: '256MiB', initialCount: 1 }];
    const fns = ['b', 'c', 'd'].map((n) => fn(n, 256, 0.1, 'python:3'));
    const { sim, at, ow, recorder } = harness({ ...ZERO, invokers: 1, userMemory: '768MiB', prewarm: { stemCells } }, fns);
    at(1, 0); // b cold: 256 stem + 256 b
    at(2, 1); // c cold: 768 used, b idle (older), c idle
    const d = at(3, 2); // no room: evict the least recently used idle container (b), not the stem cell
    const c2 = at(4, 1); // c survived: warm
    const b2 = at(5, 0); // b was evicted: no room, evict LRU idle (d, older than c) -> cold
    sim.run(10);
    expect(d.startKind).toBe('cold');
    expect(c2.startKind).toBe('warm');
    expect(b2.startKind).toBe('cold');
    expect(recorder.counts.get('evictions')).toBe(2);
    expect(ow.invokers[0].pool.prewarmed[0]).toHaveLength(1);
    expect(ow.invokers[0].pool.memoryUsedMiB).toBe(768);
  });

  test('eviction takes the idle container handed an activation longest ago, not the one released longest ago (OpenWhisk stamps lastUsed at nextRun)', () => {
    // room for two containers. long is assigned at 0 and runs 3 s (released at 3); short is
    // assigned at 1 and runs 50 ms (released at 1.05). At 4 s a third action needs room: by last
    // assignment long (0 < 1) is the victim, by release it would be short (1.05 < 3).
    const { sim, at } = harness({ ...ZERO, invokers: 1, userMemory: '512MiB' }, [fn('long', 256, 3), fn('short', 256, 0.05), fn('other', 256, 0.1)]);
    at(0, 0);
    at(1, 1);
    const other = at(4, 2);
    const short2 = at(5, 1);
    sim.run(100);
    expect(other.startKind).toBe('cold');
    expect(short2.startKind).toBe('warm'); // short survived: long was the victim (by release, short2 would be cold)
  });

  test('FIFO run buffer with head-of-line blocking', () => {
    const { sim, at } = harness({ ...ZERO, invokers: 1, userMemory: '512MiB' }, [fn('small', 128, 10), fn('big', 512, 5)]);
    const s1 = at(0, 0); // runs 0..10
    const big = at(1, 1); // no room (128 used, nothing idle): buffered
    const s2 = at(2, 0); // there is room for it, but it queues behind big (strict FIFO)
    sim.run(100);
    expect(s1.end).toBe(10);
    // at 10 s s1's container is idle: big evicts it and starts; s2 waits until big is done
    expect(big.start).toBe(10);
    expect(big.startKind).toBe('cold');
    expect(s2.start).toBe(15);
    expect(s2.startKind).toBe('cold');
  });

  test('run buffer is served in arrival order (FIFO) when a container frees up', () => {
    // one container's worth of memory; maxPeek 20 so every waiting activation sits in the run
    // buffer, not in Kafka. a0 runs 0..1; a1..a4 (exec 1, 2, 3, 4 s) wait and take the warm
    // container one after the other in arrival order: starts 1, 2, 4, 7. LIFO would give
    // a4 1, a3 5, a2 8, a1 10.
    const { sim, at, ow } = harness({ ...ZERO, invokers: 1, userMemory: '256MiB', concurrentPeekFactor: 10 }, [fn('a', 256, 1)]);
    const acts = [at(0, 0), ...[1, 2, 3, 4].map((exec, i) => at(0.1 * (i + 1), 0, { exec }))];
    sim.run(0.5);
    expect(ow.invokers[0].runBuffer.length).toBe(4);
    expect(ow.invokers[0].topic.length).toBe(0);
    sim.run(100);
    expect(acts.map((a) => a.start)).toEqual([0, 1, 2, 4, 7]);
    expect(acts.map((a) => a.startKind)).toEqual(['cold', 'warm', 'warm', 'warm', 'warm']);
  });

  test('controller slots are released on the completion ack, not on the result', () => {
    const latencies = { controller: 0, publish: 0, kafka: 0, dockerRun: 0, inspect: 0, init: 0, runOverhead: 0, pause: 0, resume: 0, remove: 0, resultAck: 0, completionAck: 0, logCollection: '1s' };
    const { sim, at, ow, log, recorder } = harness({ ...ZERO, latencies, invokers: 1, userMemory: '256MiB', actionMemory: { min: '128MiB', max: '512MiB' } }, [fn('a', 256, 0.1)]);
    const a1 = at(0, 0);
    const slots = ow.controllers[0].balancer.slots[0];
    sim.run(0.5);
    expect(a1.response).toBeCloseTo(0.1, 12); // the caller has its result ...
    expect(slots.permits).toBe(0); // ... but the slot is held until logs are collected and the completion ack is in
    sim.run(1.2);
    expect(slots.permits).toBe(256);
    expect(log.finished).toHaveLength(1);
    // a second activation while the slot is held: every probe fails, overload sends it anyway
    at(1.5, 0);
    at(1.6, 0);
    sim.run(10);
    expect(recorder.counts.get('balancer.overloads')).toBe(1);
    expect(slots.permits).toBe(256);
  });

  test('non-blocking: 202 after the publish, finished when the run ends', () => {
    const latencies = { controller: '1ms', publish: '2ms', kafka: '3ms', dockerRun: 0, inspect: 0, init: 0, runOverhead: 0, pause: 0, resume: 0, remove: 0, resultAck: '4ms', completionAck: 0, logCollection: 0 };
    const { sim, at, log, recorder } = harness({ ...ZERO, latencies, invokers: 1 }, [fn('a', 256, 0.1)]);
    const nb = at(0, 0, { blocking: false });
    const b = at(1, 0);
    sim.run(10);
    expect(nb.response).toBeCloseTo(0.003, 12);
    expect(log.accepted).toEqual([nb]);
    expect(nb.end).toBeCloseTo(0.106, 12);
    expect(b.response - b.arrival).toBeCloseTo(0.003 + 0.003 + 0.1 + 0.004, 12);
    expect(recorder.mean('latency.breakdown.acks')).toBeCloseTo(0.004, 12);
    expect(recorder.mean('latency.breakdown.controller')).toBeCloseTo(0.003, 12);
    expect(recorder.mean('latency.breakdown.queueing')).toBeCloseTo(0.003, 12);
  });

  test('pause after the grace period, resume on reuse, removal after the idle timeout', () => {
    const latencies = { controller: 0, publish: 0, kafka: 0, dockerRun: '1s', inspect: 0, init: '100ms', runOverhead: 0, pause: '10ms', resume: '20ms', remove: 0, resultAck: 0, completionAck: 0, logCollection: 0 };
    const { sim, at, ow, recorder } = harness({ ...ZERO, latencies, invokers: 1, pauseGrace: '50ms', idleContainer: '10min' }, [fn('a', 256, 0.1)]);
    const a1 = at(0, 0); // cold: 1 s create + 100 ms init + 100 ms run
    const a2 = at(1.22, 0); // within the grace: warm
    const a3 = at(5, 0); // paused meanwhile: resumed
    const a4 = at(5.12 + 0.05 + 0.005, 0); // while pausing (pause takes 10 ms): waits for it, then resumes
    const a5 = at(1000, 0); // removed after 10 min paused: cold again
    sim.run(2000);
    expect(a1.startKind).toBe('cold');
    expect(a1.start).toBeCloseTo(1.1, 12);
    expect(a2.startKind).toBe('warm');
    expect(a3.startKind).toBe('resumed');
    expect(a3.start).toBeCloseTo(5.02, 12);
    expect(a4.startKind).toBe('resumed');
    expect(a4.start).toBeCloseTo(5.12 + 0.05 + 0.01 + 0.02, 9); // pause ends 5.18, resume 20 ms
    expect(a5.startKind).toBe('cold');
    expect(recorder.mean('latency.breakdown.containerStart')).toBeGreaterThan(0);
    expect(ow.invokers[0].pool.memoryUsedMiB).toBe(0); // gone after 10 min paused
  });

  test('at most N parallel container creations per invoker', () => {
    const latencies = { controller: 0, publish: 0, kafka: 0, dockerRun: '1s', inspect: 0, init: 0, runOverhead: 0, pause: 0, resume: 0, remove: 0, resultAck: 0, completionAck: 0, logCollection: 0 };
    const fns = Array.from({ length: 6 }, (_, i) => fn(`f${i}`, 128, 0.1));
    const { sim, at } = harness({ ...ZERO, latencies, invokers: 1, userMemory: '1GiB', parallelContainerCreations: 4 }, fns);
    const acts = fns.map((_, i) => at(0, i));
    sim.run(10);
    expect(acts.map((a) => a.start)).toEqual([1, 1, 1, 1, 2, 2]);
  });

  test('intake flow control: at most maxPeek activations inside the invoker', () => {
    // 1 GiB / 128 MiB = 8 containers -> maxPeek 8; 256 MiB actions: 4 run, 4 wait in the buffer, the rest in Kafka
    const { sim, at, ow } = harness({ ...ZERO, invokers: 1, userMemory: '1GiB' }, [fn('a', 256, 10)]);
    for (let i = 0; i < 12; i++) at(0, 0);
    sim.run(1);
    const inv = ow.invokers[0];
    expect(inv.maxPeek).toBe(8);
    expect(inv.inFlight).toBe(8);
    expect(inv.runBuffer.length).toBe(4);
    expect(inv.topic.length).toBe(4);
    sim.run(100);
    expect(inv.inFlight).toBe(0);
  });

  test('Kafka credits return only when the run buffer is or becomes empty (processBufferOrFeed)', () => {
    // 512 MiB: maxPeek 4. At 0: a (10 s) and s1 (1 s) start cold and fill the memory; big (512 MiB)
    // is buffered; s2 queues behind it (strict FIFO); s3, s4 stay in Kafka: 4 credits used.
    const { sim, at, ow } = harness({ ...ZERO, invokers: 1, userMemory: '512MiB' }, [fn('a', 256, 10), fn('s', 256, 1), fn('big', 512, 1)]);
    at(0, 0);
    at(0, 1);
    at(0, 2);
    for (let i = 0; i < 3; i++) at(0, 1);
    const inv = ow.invokers[0];
    sim.run(0.5);
    expect([inv.credits, inv.inFlight, inv.runBuffer.length, inv.topic.length]).toEqual([0, 4, 2, 2]);
    // At 1 s s1 is done: big evicts its container and starts; s2 finds no room and stays in the
    // buffer, so s1's completion returns no credit (one credit a completion would take s3 in)
    sim.run(1.5);
    expect([inv.credits, inv.inFlight, inv.runBuffer.length, inv.topic.length]).toEqual([0, 3, 1, 2]);
    // At 2 s big is done: s2 evicts it and starts, the buffer is empty: one credit, s3 comes in
    // (and waits in the buffer: a holds the other half). The window is now 3, not maxPeek 4.
    sim.run(2.5);
    expect([inv.credits, inv.inFlight, inv.runBuffer.length, inv.topic.length]).toEqual([0, 3, 1, 1]);
    sim.run(100);
    expect([inv.inFlight, inv.runBuffer.length, inv.topic.length]).toEqual([0, 0, 0]);
  });

  test('invokers of different sizes: each pool and intake window follows its own memory', () => {
    const { ow } = harness({ ...ZERO, invokers: [{ userMemory: '1GiB', count: 1 }, { userMemory: '256MiB', count: 2 }] }, [fn('a', 256, 1)]);
    expect(ow.invokers.map((inv) => inv.pool.ledger.resources[0].capacity)).toEqual([1024, 256, 256]);
    expect(ow.invokers.map((inv) => inv.maxPeek)).toEqual([8, 2, 2]);
    expect(ow.controllers[0].balancer.slots.map((s) => s.permits)).toEqual([1024, 256, 256]);
  });

  test('concurrency 2: a second activation joins the container being started, a third needs another container', () => {
    // docker run 1 s, the rest zero. At 0 s three activations of a concurrency-2 action: the
    // first cold-starts container A, the second joins A while it starts (WarmingColdData has
    // capacity) and both run at 1 s; the third cold-starts B. At 5 s, two more: both on A (idle,
    // then running with room), none on B.
    const latencies = { ...Object.fromEntries(['controller', 'publish', 'kafka', 'inspect', 'init', 'runOverhead', 'pause', 'resume', 'remove', 'logCollection', 'resultAck', 'completionAck'].map((k) => [k, 0])), dockerRun: '1s' };
    const { sim, at, ow } = harness({ ...ZERO, latencies, invokers: 1, userMemory: '1GiB', concurrencyLimit: 2 }, [{ ...fn('a', 256, 2), concurrency: 2 }]);
    const first = [at(0, 0), at(0, 0), at(0, 0)];
    sim.run(0.5);
    expect(ow.invokers[0].pool.memoryUsedMiB).toBe(512); // two containers, not three
    sim.run(4);
    expect(first.map((a) => [a.startKind, a.start])).toEqual([['cold', 1], ['cold', 1], ['cold', 1]]);
    const later = [at(5, 0), at(5, 0)];
    sim.run(20);
    expect(later.map((a) => [a.startKind, a.start])).toEqual([['warm', 5], ['warm', 5]]);
    expect(ow.invokers[0].pool.memoryUsedMiB).toBe(512);
    expect(ow.controllers[0].balancer.slots[0].permits).toBe(1024); // every slot back
  });

  test('throttled activations are rejected as throttled', () => {
    const { sim, at, log } = harness({ ...ZERO, invokers: 1, throttles: { invocationsPerMinute: 5, concurrentInvocations: 'unlimited' } }, [fn('a', 256, 0.01)]);
    for (let i = 0; i < 10; i++) at(i, 0);
    at(61, 0);
    sim.run(100);
    expect(log.rejected.map(([, r]) => r)).toEqual(['throttled', 'throttled', 'throttled', 'throttled', 'throttled']);
    expect(log.finished).toHaveLength(6);
  });
});
