import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Activation } from '../../src/platform/types.js';
import { Replication } from '../../src/run/replication.js';
import type { ArrivalSpec, DistributionSpec, PlatformSpec, RunSpec } from '../../src/scenario/types.js';
import { meanOf } from '../../src/workload/distributions.js';
import { fnSpec, runSpec } from './fixtures.js';

const distribution: fc.Arbitrary<DistributionSpec> = fc.oneof(
  fc.record({ dist: fc.constant('constant' as const), value: fc.constantFrom(0, 0.05, 0.5) }),
  fc.record({ dist: fc.constant('exponential' as const), mean: fc.double({ min: 0.01, max: 2, noNaN: true }) }),
  fc.record({ dist: fc.constant('lognormal' as const), mean: fc.double({ min: 0.01, max: 2, noNaN: true }), cv: fc.double({ min: 0.1, max: 3, noNaN: true }) }),
);

const arrivals: fc.Arbitrary<ArrivalSpec> = fc.oneof(
  fc.record({ kind: fc.constant('poisson' as const), ratePerSecond: fc.double({ min: 0, max: 30, noNaN: true }) }),
  fc.record({ kind: fc.constant('constant' as const), ratePerSecond: fc.constantFrom(0, 0.5, 4, 10) }),
  fc.record({
    kind: fc.constant('mmpp' as const),
    onRatePerSecond: fc.double({ min: 0, max: 40, noNaN: true }),
    offRatePerSecond: fc.double({ min: 0, max: 5, noNaN: true }),
    onMeanSeconds: fc.double({ min: 0.1, max: 5, noNaN: true }),
    offMeanSeconds: fc.double({ min: 0.1, max: 5, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('closedLoop' as const), clients: fc.integer({ min: 1, max: 8 }), think: distribution }).filter((a) => meanOf(a.think) > 0),
);

const platform: fc.Arbitrary<PlatformSpec> = fc.oneof(
  fc.record({ kind: fc.constant('station' as const), servers: fc.constantFrom(1, 2, 5, Infinity), queue: fc.constantFrom(0, 1, 3, Infinity) }),
  fc.record({
    kind: fc.constant('scale-per-request' as const),
    keepAliveSeconds: fc.constantFrom(0, 0.5, 3, 1000),
    maxConcurrency: fc.constantFrom(1, 3, 10, Infinity),
    reuse: fc.constantFrom('newest' as const, 'mru' as const, 'oldest' as const, 'random' as const),
  }),
);

const scenario: fc.Arbitrary<RunSpec> = fc
  .record({
    platform,
    functions: fc.array(fc.record({ exec: distribution, coldStart: distribution }), { minLength: 1, maxLength: 3 }),
    loads: fc.array(fc.record({ fn: fc.nat(), arrivals, blocking: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    durationSeconds: fc.double({ min: 1, max: 40, noNaN: true }),
    warmupFraction: fc.double({ min: 0, max: 0.5, noNaN: true }),
    seed: fc.nat(),
  })
  .map((s) =>
    runSpec({
      platform: s.platform,
      functions: s.functions.map((f, i) => fnSpec(`f${i}`, f.exec, f.coldStart)),
      workload: s.loads.map((l) => ({ functionIndex: l.fn % s.functions.length, arrivals: l.arrivals, blocking: l.blocking })),
      durationSeconds: s.durationSeconds,
      warmupSeconds: s.durationSeconds * s.warmupFraction,
      seed: s.seed,
    }),
  );

/** Watches a run: time order, one start and one end per activation, arrivals before both. */
class Checker {
  readonly problems: string[] = [];
  readonly state = new Map<number, 'arrived' | 'started' | 'ended'>();
  lastTime = 0;
  ended = 0;

  constructor(private readonly now: () => number) {}

  private tick(what: string, a: Activation): void {
    const t = this.now();
    if (t < this.lastTime) this.problems.push(`${what} ${a.id}: time went back from ${this.lastTime} to ${t}`);
    this.lastTime = t;
  }

  arrived = (a: Activation) => {
    this.tick('arrived', a);
    if (this.state.has(a.id)) this.problems.push(`arrived twice: ${a.id}`);
    this.state.set(a.id, 'arrived');
  };
  started = (a: Activation) => {
    this.tick('started', a);
    if (this.state.get(a.id) !== 'arrived') this.problems.push(`start of ${a.id} in state ${this.state.get(a.id)}`);
    if (!(a.start >= a.arrival)) this.problems.push(`start ${a.start} before arrival ${a.arrival}`);
    this.state.set(a.id, 'started');
  };
  finished = (a: Activation) => {
    this.tick('finished', a);
    if (this.state.get(a.id) !== 'started') this.problems.push(`end of ${a.id} in state ${this.state.get(a.id)}`);
    if (!(a.end >= a.start && a.response >= a.arrival && a.response <= a.end)) this.problems.push(`bad times on ${a.id}`);
    this.state.set(a.id, 'ended');
    this.ended++;
  };
  rejected = (a: Activation) => {
    this.tick('rejected', a);
    if (this.state.get(a.id) === 'ended' || this.state.get(a.id) === undefined) this.problems.push(`rejection of ${a.id} in state ${this.state.get(a.id)}`);
    this.state.set(a.id, 'ended');
    this.ended++;
  };
}

describe('conservation over random small scenarios (both platforms)', () => {
  it('arrived = finished + rejected + in flight at the end; after draining every activation ended exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (spec) => {
        let run: Replication | undefined;
        const checker = new Checker(() => run!.sim.now);
        run = new Replication(spec, 1, checker);
        await run.run();
        const m = run.result().metrics;
        const inFlight = checker.state.size - checker.ended;
        expect(checker.problems).toEqual([]);
        expect(m.arrived).toBe(checker.state.size);
        expect(m.inFlight).toBe(inFlight);
        expect(m.finishedTotal + m.rejectedTotal + m.inFlight).toBe(m.arrived);
        expect(m.started).toBeLessThanOrEqual(m.arrivals);
        expect(m.completed + m.rejected + m.throttled).toBeLessThanOrEqual(m.finishedTotal + m.rejectedTotal);
        // no arrivals after the end, so the platform must give back everything it holds
        run.sim.run();
        expect(checker.problems).toEqual([]);
        expect(checker.ended).toBe(checker.state.size);
        expect(run.sim.pending).toBe(0);
        run.close();
      }),
      { numRuns: 300, seed: 20240611 },
    );
  });
});
