import { describe, expect, test } from '@jest/globals';
import type { InvokerHook } from '../../src/platform/openwhisk/index.js';
import { State } from '../../src/platform/openwhisk/container.js';
import { fn, harness, ZERO } from './harness.js';

/** A hook on every phase and hop that adds nothing: it must change nothing at all. */
const noop: InvokerHook = {
  create: (_c, _i, t) => t.add(0),
  init: (_c, _i, t) => t.add(0),
  run: (_c, _i, t) => t.add(0),
  pause: (_c, _i, t) => t.add(0),
  resume: (_c, _i, t) => t.add(0),
  remove: (_c, _i, t) => t.add(0),
  hop: (_h, _j, t) => t.add(0),
};

/** Default (random) latencies, tight memory (evictions), short pause grace and idle timeout (pause, resume, removal). */
function busyRun(hooks?: InvokerHook[]) {
  const fns = ['a', 'b', 'c', 'd'].map((n, i) => fn(n, 256, 0.05 * (i + 1)));
  const h = harness({ invokers: 2, userMemory: '768MiB', pauseGrace: '50ms', idleContainer: '2s' }, fns, 7, 0, hooks);
  const acts = Array.from({ length: 400 }, (_, k) => h.at(k * 0.037, (k * 7) % 4, { blocking: k % 3 !== 0 }));
  // then a slow trickle: containers pause between uses and resume, or expire after 2 s paused
  for (let k = 0; k < 40; k++) acts.push(h.at(20 + k * 0.4 * (1 + (k % 7)), k % 4));
  h.sim.run(100);
  return { h, acts: acts.map((a) => [a.start, a.response, a.end, a.startKind]) };
}

describe('invoker lifecycle hooks', () => {
  test('a hook that adds nothing changes nothing: same times, same events, same counts', () => {
    const native = busyRun();
    const hooked = busyRun([noop, noop]);
    expect(native.h.recorder.counts.get('evictions')).toBeGreaterThan(0); // the case exercises eviction ...
    expect(native.acts.some((a) => a[3] === 'resumed')).toBe(true); // ... and pause/resume
    expect(hooked.acts).toEqual(native.acts);
    expect(hooked.h.sim.eventsHandled).toBe(native.h.sim.eventsHandled);
    expect([...hooked.h.recorder.counts]).toEqual([...native.h.recorder.counts]);
    expect([...hooked.h.recorder.means]).toEqual([...native.h.recorder.means]);
  });

  test('time added by hooks shows in latency and exactly in their breakdown parts; several hooks add', () => {
    // zero latencies: a cold start is 0 s of container start, then the body. One hook adds 2 s of
    // enclave creation after docker run and 0.25 s to every run; a second adds 0.5 s to every run.
    const enclave: InvokerHook = {
      parts: [{ name: 'enclaveCreate', within: 'containerStart' }, { name: 'augment', within: 'run' }],
      create: (c, _i, t) => t.add(c.stemCell < 0 ? 2 : 0, 0),
      run: (_c, _i, t) => t.add(0.25, 1),
    };
    const slower: InvokerHook = { run: (_c, _i, t) => t.add(0.5) }; // stays in the native run part
    const h = harness({ ...ZERO, invokers: 1, userMemory: '1GiB' }, [fn('a', 256, 1)], 1, 0, [enclave, slower]);
    const cold = h.at(0, 0);
    const warm = h.at(10, 0);
    h.sim.run(100);
    expect(cold.startKind).toBe('cold');
    expect(warm.startKind).toBe('warm');
    expect(cold.start).toBe(2);
    expect(cold.response - cold.arrival).toBe(2 + 1 + 0.25 + 0.5);
    expect(warm.response - warm.arrival).toBe(1 + 0.25 + 0.5);
    const mean = (part: string) => h.recorder.mean(`latency.breakdown.${part}`);
    expect(mean('enclaveCreate')).toBe(1); // (2 + 0) / 2
    expect(mean('containerStart')).toBe(0); // what is left of it: docker run is 0
    expect(mean('augment')).toBe(0.25);
    expect(mean('run')).toBe(1.5); // body 1 s + the second hook's 0.5 s
    const parts = ['controller', 'queueing', 'containerStart', 'init', 'run', 'acks', 'enclaveCreate', 'augment'];
    const meanLatency = (cold.response - cold.arrival + (warm.response - warm.arrival)) / 2;
    expect(parts.reduce((s, p) => s + mean(p), 0)).toBeCloseTo(meanLatency, 12);
  });

  test('a hard resource of a hook makes the pool evict for it; a soft one is over-committed', () => {
    // memory is plenty (4 GiB); each container holds 80 MiB of a 100 MiB resource
    const withEpc = (mode: 'hard' | 'soft'): InvokerHook => ({
      resources: () => [{ name: 'epcMiB', capacity: 100, mode }],
      demand: ({ fn }) => [fn >= 0 ? 80 : 0],
      columns: ['epcUsedMiB'],
      sample: (inv, row) => (row.epcUsedMiB = inv.pool.ledger.resources[1].used),
    });
    for (const mode of ['hard', 'soft'] as const) {
      const h = harness({ ...ZERO, invokers: 1, userMemory: '4GiB' }, [fn('a', 256, 1), fn('b', 256, 1)], 1, 0, [withEpc(mode)]);
      h.at(0, 0); // a: cold, 80 of 100
      const b = h.at(5, 1); // a idle; b needs 80 more
      h.sim.run(100);
      const epc = h.ow.invokers[0].pool.ledger.resources[1];
      expect(b.startKind).toBe('cold');
      if (mode === 'hard') {
        expect(h.recorder.counts.get('evictions')).toBe(1); // a's idle container made room
        expect(epc.used).toBe(80);
        expect(epc.overcommitted).toBe(0);
      } else {
        expect(h.recorder.counts.get('evictions') ?? 0).toBe(0);
        expect(epc.used).toBe(160);
        expect(epc.overcommitted).toBe(60);
      }
      expect(h.ow.invokers[0].pool.memoryUsedMiB).toBe(mode === 'hard' ? 256 : 512);
    }
  });

  test('a hard resource that does not fit and nothing idle to evict: the activation waits in the run buffer', () => {
    const hook: InvokerHook = { resources: () => [{ name: 'epcMiB', capacity: 100, mode: 'hard' }], demand: ({ fn }) => [fn >= 0 ? 80 : 0] };
    const h = harness({ ...ZERO, invokers: 1, userMemory: '4GiB' }, [fn('a', 256, 10), fn('b', 256, 1)], 1, 0, [hook]);
    h.at(0, 0); // busy until 10
    const b = h.at(1, 1);
    h.sim.run(100);
    expect(b.start).toBe(10); // then a's container is idle and is evicted for b
    expect(h.recorder.counts.get('evictions')).toBe(1);
  });

  test('hooks add time-series columns per invoker, after the native ones', async () => {
    const hook: InvokerHook = { columns: ['enclaves'], sample: (inv, row) => (row.enclaves = inv.pool.stateCounts.reduce((s, n) => s + n, 0)) };
    const h = harness({ ...ZERO, invokers: 1, userMemory: '1GiB' }, [fn('a', 256, 0.5)], 1, 1, [hook]);
    h.at(0.2, 0);
    h.sim.run(1);
    await h.ow.control.tick(1);
    const [row] = h.samples;
    expect(Object.keys(row)).toEqual(['time', 'invoker', 'starting', 'prewarm', 'idle', 'paused', 'busy', 'removing', 'memoryUsedMiB', 'runBuffer', 'inFlight', 'kafkaBacklog', 'enclaves']);
    expect(row.enclaves).toBe(1);
    expect(row.idle).toBe(1);
    h.ow.close();
  });
});

describe('what a hook makes of a container: its memory, its release after a run, its idle timeout', () => {
  test('memory a hook adds to a container is held in the invoker\'s memory, so the pool fits fewer', () => {
    // 1 GiB of user memory, 256 MiB actions: four fit natively; with 256 MiB more each (a VM), two
    const vm: InvokerHook = { memoryMiB: ({ fn }) => (fn >= 0 ? 256 : 0) };
    const run = (hooks: InvokerHook[]) => {
      const h = harness({ ...ZERO, invokers: 1, userMemory: '1GiB' }, [fn('a', 256, 10)], 1, 0, hooks);
      const acts = [0, 0.1, 0.2, 0.3].map((t) => h.at(t, 0));
      h.sim.run(100);
      return { starts: acts.map((a) => a.start), memory: h.ow.invokers[0].pool.memoryUsedMiB, peak: h.recorder.gauges.get('invokers.memoryUsed.max')?.max };
    };
    expect(run([])).toEqual({ starts: [0, 0.1, 0.2, 0.3], memory: 1024, peak: 1024 });
    // two VMs of 512 MiB fill it: the third and fourth wait in the run buffer for the first two to finish
    expect(run([vm, { memoryMiB: () => 0 }])).toEqual({ starts: [0, 0.1, 10, 10.1], memory: 1024, peak: 1024 });
  });

  test('release: remove makes every request start a new container; keep reuses it, as native', () => {
    const run = (release: 'keep' | 'remove') => {
      const h = harness({ ...ZERO, invokers: 1, userMemory: '1GiB' }, [fn('a', 256, 1)], 1, 0, [{ release: () => release }]);
      const acts = [0, 5, 10].map((t) => h.at(t, 0));
      h.sim.run(100);
      const pool = h.ow.invokers[0].pool;
      return { kinds: acts.map((a) => a.startKind), memory: pool.memoryUsedMiB, removing: pool.stateCounts[State.Removing], alive: h.recorder.gauges.get('instances.mean')!.value };
    };
    expect(run('keep')).toEqual({ kinds: ['cold', 'warm', 'warm'], memory: 256, removing: 0, alive: 1 });
    expect(run('remove')).toEqual({ kinds: ['cold', 'cold', 'cold'], memory: 0, removing: 0, alive: 0 });
  });

  test('release: remove frees the container at once, so a buffered activation of another action starts then', () => {
    const h = harness({ ...ZERO, invokers: 1, userMemory: '256MiB' }, [fn('a', 256, 2), fn('b', 256, 1)], 1, 0, [{ release: () => 'remove' }]);
    h.at(0, 0);
    const b = h.at(1, 1); // no room until a's container leaves at 2
    h.sim.run(100);
    expect([b.start, b.startKind]).toEqual([2, 'cold']);
    expect(h.recorder.counts.get('evictions') ?? 0).toBe(0);
  });

  test('release: reset runs the reset steps after the response, busy meanwhile, then the container is warm', () => {
    const resets: number[] = [];
    const hook: InvokerHook = {
      release: () => 'reset',
      reset: (_c, inv, s) => {
        s.add(0.5);
        s.then(() => resets.push(inv.ctx.sim.now));
      },
    };
    const h = harness({ ...ZERO, invokers: 1, userMemory: '1GiB' }, [fn('a', 256, 1)], 1, 0, [hook]);
    const first = h.at(0, 0);
    const during = h.at(1.2, 0); // while the first's container resets (1 to 1.5): a second container, cold
    const after = h.at(5, 0); // both reset: warm
    h.sim.run(100);
    expect([first.end, first.response]).toEqual([1, 1]); // the reset is not in the response time
    expect([during.startKind, after.startKind]).toEqual(['cold', 'warm']);
    expect(resets).toEqual([1.5, 2.7, 6.5]); // each 0.5 s after its run ends
    // the strongest answer wins: remove over reset over keep
    const both = harness({ ...ZERO, invokers: 1, userMemory: '1GiB' }, [fn('a', 256, 1)], 1, 0, [hook, { release: () => 'remove' }, { release: () => 'keep' }]);
    const again = [0, 5].map((t) => both.at(t, 0));
    both.sim.run(100);
    expect(again.map((a) => a.startKind)).toEqual(['cold', 'cold']);
  });

  test('idleSeconds shortens how long a paused container stays, judged now; a recheck sees a change', () => {
    // pause grace 0.1 s, OpenWhisk's idle timeout 100 s; the hook says 5 s while `short` holds
    let short = true;
    const hook: InvokerHook = { idleSeconds: () => (short ? 5 : Infinity), idleRecheckSeconds: 1 };
    const removedAt = (hooks: InvokerHook[], flip?: number) => {
      short = flip === undefined;
      const h = harness({ ...ZERO, invokers: 1, userMemory: '1GiB', pauseGrace: '100ms', idleContainer: '100s' }, [fn('a', 256, 1)], 1, 0, hooks);
      h.at(0, 0); // ends at 1, paused at 1.1
      if (flip !== undefined) h.sim.scheduleAt(flip, () => (short = true));
      let at = NaN;
      const pool = h.ow.invokers[0].pool;
      for (let t = 1; t < 200; t += 0.05) {
        h.sim.run(t);
        if (pool.memoryUsedMiB === 0) {
          at = h.sim.now;
          break;
        }
      }
      return Math.round(at * 10) / 10;
    };
    expect(removedAt([])).toBe(101.1); // OpenWhisk: 100 s after the pause
    expect(removedAt([hook])).toBe(6.1); // 5 s after the pause
    // short from 30 s on: the recheck at 30.1 s sees a paused container idle for 29 s > 5 s
    expect(removedAt([hook], 30)).toBe(30.1);
    expect(removedAt([hook, { idleSeconds: () => 50 }])).toBe(6.1); // the shortest answer
  });
});
