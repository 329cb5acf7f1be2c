import { describe, expect, test } from '@jest/globals';
import type { Job } from '../../src/platform/openwhisk/job.js';
import { fn, harness, ZERO } from './harness.js';

/** Controller-side behaviour (model §1-2): throttles, blocking wait, forced completion, routing. */
describe('OpenWhisk controller', () => {
  test('concurrent-invocations throttle: slots come back when activations complete', () => {
    // limit 2 in flight; every second three arrive at once and the two admitted finish in 0.1 s:
    // exactly one throttled per round. Without the release every arrival after the first two would be.
    const { sim, at, log, ow } = harness({ ...ZERO, invokers: 1, throttles: { concurrentInvocations: 2 } }, [fn('a', 256, 0.1)]);
    for (let round = 0; round < 5; round++) for (let k = 0; k < 3; k++) at(round, 0);
    sim.run(100);
    expect(log.rejected.map(([a, r]) => [a.arrival, r])).toEqual([0, 1, 2, 3, 4].map((t) => [t, 'throttled']));
    expect(log.finished).toHaveLength(10);
    expect(ow.controllers[0].throttles[0].inFlight).toBe(0);
  });

  test('blocking caller gets HTTP 202 maxWaitBlocking after the publish while the activation still runs', () => {
    const latencies = { controller: '1ms', publish: '2ms', kafka: '3ms', dockerRun: 0, inspect: 0, init: 0, runOverhead: 0, pause: 0, resume: 0, remove: 0, resultAck: '4ms', completionAck: 0, logCollection: 0 };
    const { sim, at, log } = harness({ ...ZERO, latencies, invokers: 1, timeouts: { maxWaitBlocking: '60s' } }, [fn('a', 256, 100)]);
    const long = at(5, 0); // runs 100 s
    const short = at(6, 0, { exec: 1 }); // answered by its result
    sim.run(1000);
    expect(log.accepted).toEqual([long]);
    expect(long.response).toBeCloseTo(5 + 0.001 + 0.002 + 60, 9);
    expect(long.end).toBeCloseTo(5 + 0.006 + 100, 9); // the work went on
    expect(log.finished).toContain(long);
    expect(short.response).toBeCloseTo(6 + 0.006 + 1 + 0.004, 9);
  });

  test('forced completion frees the slots at max(timeLimit, 60 s) * timeoutFactor + timeoutAddon', () => {
    for (const [timeLimit, deadline] of [
      ['100s', 100 * 2 + 5],
      ['30s', 60 * 2 + 5],
    ] as const) {
      // one invoker with room for one container: a1 runs 1000 s; a2 and a3 wait in the run buffer
      // behind it and get no completion ack before ~2000 s
      const { sim, at, ow, recorder } = harness(
        { ...ZERO, invokers: 1, userMemory: '256MiB', actionTimeLimit: timeLimit, timeouts: { timeoutFactor: 2, timeoutAddon: '5s', maxWaitBlocking: 0 } },
        [fn('a', 256, 1000)],
      );
      const c = ow.controllers[0];
      const slots = c.balancer.slots[0];
      at(0, 0);
      at(1, 0); // no slot free: overload, forced acquire
      sim.run(deadline - 0.01);
      expect([timeLimit, slots.permits, c.forcedCompletions]).toEqual([timeLimit, -256, 0]);
      sim.run(deadline + 0.5);
      expect([timeLimit, slots.permits, c.forcedCompletions]).toEqual([timeLimit, 0, 1]); // a1's slots
      sim.run(deadline + 1.5);
      expect([timeLimit, slots.permits, c.forcedCompletions]).toEqual([timeLimit, 256, 2]); // a2's
      // a later activation takes the freed slot by probing, not by overload
      at(deadline + 2, 0);
      sim.run(deadline + 3);
      expect([timeLimit, recorder.counts.get('balancer.overloads'), slots.permits]).toEqual([timeLimit, 1, 0]);
      // the late completion acks are ignored: the slots are not freed twice
      sim.run();
      expect([timeLimit, slots.permits, c.forcedCompletions]).toEqual([timeLimit, 256, 3]);
    }
  });

  test('blackbox routing end to end: kind blackbox on blackbox invokers only, the rest on managed ones', () => {
    // 4 invokers, managed [0, 1], blackbox [2, 3]; 512 MiB each holds 2 slots of 256: six long
    // activations of an action fill its home, then the next invoker of its pool, then overload
    const fns = [fn('n1'), fn('n2', 256, 0.1, 'python:3'), fn('b1', 256, 0.1, 'blackbox'), fn('b2', 256, 0.1, 'blackbox')];
    const { sim, at, ow } = harness({ ...ZERO, invokers: 4, userMemory: '512MiB', managedFraction: 0.5, blackboxFraction: 0.5 }, fns);
    const seen = fns.map(() => new Set<number>());
    for (const inv of ow.invokers) {
      const deliver = inv.deliver;
      inv.deliver = (job: Job) => {
        seen[job.action.fn].add(inv.id);
        deliver(job);
      };
    }
    for (let f = 0; f < fns.length; f++) for (let k = 0; k < 6; k++) at(f, f, { exec: 50 });
    sim.run();
    const sorted = seen.map((s) => [...s].sort());
    expect(sorted).toEqual([
      [0, 1],
      [0, 1],
      [2, 3],
      [2, 3],
    ]);
  });
});
