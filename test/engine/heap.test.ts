import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EventHeap } from '../../src/engine/heap.js';
import { Simulation } from '../../src/engine/simulation.js';

/** The reference: a plain list kept in (time, sequence) order. */
type Entry = { time: number; seq: number; slot: number };
const before = (a: Entry, b: Entry) => a.time - b.time || a.seq - b.seq;

// few distinct times, so that ties (and the sequence tie-break) are common
const time = fc.integer({ min: 0, max: 20 }).map((t) => t / 4);
const op = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), time }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('filter' as const), mod: fc.integer({ min: 2, max: 5 }) }) },
);

describe('EventHeap', () => {
  it('pops in (time, sequence) order against a sorted reference, through pushes, pops and filters', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.integer({ min: 1, max: 8 }), (ops, capacity) => {
        const heap = new EventHeap(capacity);
        let reference: Entry[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const slot = seq;
            heap.push(o.time, slot);
            reference.push({ time: o.time, seq: seq++, slot });
            reference.sort(before);
          } else if (o.kind === 'pop') {
            expect(heap.peekTime()).toBe(reference.length ? reference[0].time : Infinity);
            expect(heap.pop()).toBe(reference.length ? reference.shift()!.slot : -1);
          } else {
            heap.filter((slot) => slot % o.mod !== 0);
            reference = reference.filter((e) => e.slot % o.mod !== 0);
          }
          expect(heap.size).toBe(reference.length);
        }
        const rest: number[] = [];
        while (heap.size > 0) rest.push(heap.pop());
        expect(rest).toEqual(reference.map((e) => e.slot));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('Simulation schedule and cancel', () => {
  it('fires live events in (time, scheduling order) and never fires a cancelled one', () => {
    const simOp = fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('schedule' as const), delay: time }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('run' as const), span: time }) },
    );
    fc.assert(
      fc.property(fc.array(simOp, { maxLength: 300 }), (ops) => {
        const sim = new Simulation();
        const fired: number[] = [];
        const fire = (n: number) => fired.push(n);
        let reference: (Entry & { id: number })[] = [];
        const expected: number[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'schedule') {
            const id = sim.schedule(o.delay, fire, seq);
            reference.push({ time: sim.now + o.delay, seq, slot: seq, id });
            seq++;
          } else if (o.kind === 'cancel') {
            if (reference.length === 0) {
              expect(sim.cancel(2 ** 26 * 5 + 3)).toBe(false);
              continue;
            }
            const victim = reference[o.pick % reference.length];
            expect(sim.cancel(victim.id)).toBe(true);
            expect(sim.cancel(victim.id)).toBe(false); // twice: no effect
            reference = reference.filter((e) => e !== victim);
          } else {
            const until = sim.now + o.span;
            reference.sort(before);
            while (reference.length > 0 && reference[0].time <= until) expected.push(reference.shift()!.slot);
            sim.run(until);
            expect(sim.now).toBe(until);
          }
          expect(sim.pending).toBe(reference.length);
        }
        expect(fired).toEqual(expected);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('cancel after firing returns false and does not touch the slot reused by a later event', () => {
    const sim = new Simulation();
    const fired: string[] = [];
    const old = sim.schedule(1, (s: string) => fired.push(s), 'first');
    sim.run(2);
    const fresh = sim.schedule(1, (s: string) => fired.push(s), 'second'); // reuses the slot
    expect(sim.cancel(old)).toBe(false);
    sim.run();
    expect(fired).toEqual(['first', 'second']);
    expect(sim.cancel(fresh)).toBe(false);
  });

  it('compaction (many cancels) keeps the order and the count of live events', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    const fire = (n: number) => fired.push(n);
    const ids: number[] = [];
    let x = 1;
    const times: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      x = (x * 48271) % 2147483647; // Lehmer: reproducible without a library
      times.push(x % 500);
      ids.push(sim.schedule(times[i], fire, i));
    }
    const cancelled = new Set<number>();
    // 80 % cancelled, in a scattered order: more than half of the heap is dead, so it compacts
    for (let i = 0; i < 20_000; i++) if (i % 5 !== 0) cancelled.add((i * 7919) % 20_000);
    for (const i of cancelled) expect(sim.cancel(ids[i])).toBe(true);
    expect(sim.pending).toBe(20_000 - cancelled.size);
    // the compaction really happened: dead entries left the heap
    expect((sim as unknown as { heap: EventHeap }).heap.size).toBeLessThan(20_000);
    sim.run();
    const expected = times
      .map((t, i) => ({ t, i }))
      .filter(({ i }) => !cancelled.has(i))
      .sort((a, b) => a.t - b.t || a.i - b.i)
      .map(({ i }) => i);
    expect(fired).toEqual(expected);
    expect(sim.pending).toBe(0);
  });
});
