import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { createPlatform, registerPlatform } from '../../src/platform/index.js';
import { stationPlatform } from '../../src/platform/station.js';
import type { Activation } from '../../src/model/activation.js';
import type { Platform, PlatformContext } from '../../src/model/platform.js';
import { runReplication, runScenario } from '../../src/run/run.js';
import type { MetricsRecorder } from '../../src/metrics/recorder.js';
import type { OpenWhiskSpec, PlatformSpec, RunSpec, Scenario } from '../../src/schema/types.js';
import { fnSpec, load, poissonSpec, runSpec } from './fixtures.js';

function mixed(platform: PlatformSpec, seed = 11): RunSpec {
  return runSpec({
    platform,
    functions: [fnSpec('a', { dist: 'lognormal', mean: 0.2, cv: 1 }, { dist: 'exponential', mean: 0.3 }), fnSpec('b', { dist: 'gamma', mean: 0.05, cv: 0.5 })],
    workload: [
      load(0, { kind: 'poisson', ratePerSecond: 20 }),
      load(1, { kind: 'mmpp', onRatePerSecond: 50, offRatePerSecond: 5, onMeanSeconds: 2, offMeanSeconds: 3 }),
      load(1, { kind: 'constant', ratePerSecond: 3 }, false),
      load(0, { kind: 'closedLoop', clients: 4, think: { dist: 'exponential', mean: 1 } }),
    ],
    durationSeconds: 300,
    warmupSeconds: 30,
    seed,
  });
}

const station: PlatformSpec = { kind: 'station', servers: 6, queue: 20 };
const lambda: PlatformSpec = { kind: 'scale-per-request', keepAliveSeconds: 5, maxConcurrency: 30, reuse: 'random' };

async function openArrivals(spec: RunSpec, replication = 1): Promise<string[]> {
  const seen: string[] = [];
  await runReplication(spec, replication, { observer: { arrived: (a) => a.client < 0 && seen.push(`${a.fn} ${a.arrival} ${a.execSeconds}`) } });
  return seen;
}

describe('determinism and common random numbers', () => {
  it('the same run spec and replication give identical results', async () => {
    for (const platform of [station, lambda]) {
      const one = await runReplication(mixed(platform), 2);
      const two = await runReplication(mixed(platform), 2);
      expect(two).toEqual(one);
      expect(Object.keys(one.perFunction)).toEqual(['a', 'b']);
    }
  });

  it('two variants see identical open arrivals and exec times; replications and seeds differ', async () => {
    const onStation = await openArrivals(mixed(station));
    expect(onStation.length).toBeGreaterThan(5000);
    expect(await openArrivals(mixed(lambda))).toEqual(onStation);
    expect(await openArrivals(mixed(station), 2)).not.toEqual(onStation);
    expect(await openArrivals(mixed(station, 12))).not.toEqual(onStation);
  });

  it("a variant that changes one workload entry's rate leaves another entry of the same function unchanged", async () => {
    // entry 0: constant 1/s, arrivals at whole seconds; entry 1: Poisson, whose rate the variant changes
    const two = (rate: number) =>
      runSpec({
        platform: station,
        functions: [fnSpec('f', { dist: 'exponential', mean: 0.05 })],
        workload: [load(0, { kind: 'constant', ratePerSecond: 1 }), load(0, { kind: 'poisson', ratePerSecond: rate })],
        durationSeconds: 200,
      });
    const entry0 = (seen: string[]) => seen.filter((line) => Number.isInteger(Number(line.split(' ')[1])));
    const slow = entry0(await openArrivals(two(2)));
    expect(slow).toHaveLength(199);
    expect(entry0(await openArrivals(two(5)))).toEqual(slow);
  });
});

describe('runScenario', () => {
  it('runs variant x point x replication in order, reports progress, honours overrides', async () => {
    const runs: RunSpec[] = [];
    for (const variant of ['slow', 'fast']) {
      [5, 10].forEach((rate, pointIndex) => {
        runs.push({
          ...runSpec({
            platform: { kind: 'station', servers: variant === 'fast' ? 4 : 1, queue: Infinity },
            functions: [fnSpec('f', { dist: 'exponential', mean: 0.05 })],
            workload: [load(0, { kind: 'poisson', ratePerSecond: rate })],
            durationSeconds: 50,
            variant,
            pointIndex,
            point: { 'workload.0.arrivals.poisson': rate },
          }),
          replications: 2,
        });
      });
    }
    const scenario: Scenario = {
      name: 'order',
      file: 'inline',
      seed: 7,
      replications: 2,
      variants: ['fast', 'slow'],
      sweepPaths: ['workload.0.arrivals.poisson'],
      runs: [...runs].reverse(),
      claims: [],
      charts: [],
      source: {},
    };
    const progress: string[] = [];
    const result = await runScenario(scenario, { onProgress: (done, total, current) => current === undefined && progress.push(`${done}/${total}`), replications: 3, seed: 99 });
    expect(result.replications.map((r) => `${r.variant} ${r.pointIndex} ${r.replication}`)).toEqual([
      'fast 0 1', 'fast 0 2', 'fast 0 3', 'fast 1 1', 'fast 1 2', 'fast 1 3',
      'slow 0 1', 'slow 0 2', 'slow 0 3', 'slow 1 1', 'slow 1 2', 'slow 1 3',
    ]);
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1}/12`));
    expect(result.version).toMatch(/^\d+\.\d+\.\d+/);
    // the seed override is what the replications used
    const direct = await runReplication({ ...runs[0], seed: 99 }, 2);
    expect(result.replications.find((r) => r.variant === 'slow' && r.pointIndex === 0 && r.replication === 2)!.metrics).toEqual(direct.metrics);
  });
});

describe('control ticks', () => {
  it('run in chunks of the interval and await each tick, the event path never awaits', async () => {
    const ticks: string[] = [];
    const create = (_spec: { kind: string }, ctx: PlatformContext): Platform => {
      return {
        submit(a: Activation) {
          a.start = ctx.sim.now;
          a.startKind = 'warm';
          ctx.sink.started(a);
          ctx.sim.schedule(a.execSeconds, (done: Activation) => {
            done.end = done.response = ctx.sim.now;
            ctx.sink.finished(done);
          }, a);
        },
        control: {
          intervalSeconds: 2.5,
          async tick(now: number) {
            await new Promise((resolve) => setImmediate(resolve));
            ticks.push(`${now}=${ctx.sim.now}`);
          },
        },
      };
    };
    registerPlatform({ kind: 'test-ticking', schema: z.object({ kind: z.literal('test-ticking') }), metrics: [], create });
    const r = await runReplication(
      runSpec({
        platform: { kind: 'test-ticking' } as unknown as PlatformSpec,
        functions: [fnSpec('f', { dist: 'exponential', mean: 0.1 })],
        workload: [load(0, { kind: 'poisson', ratePerSecond: 10 })],
        durationSeconds: 10,
      }),
      1,
    );
    expect(ticks).toEqual(['2.5=2.5', '5=5', '7.5=7.5']);
    expect(r.metrics.completed).toBeGreaterThan(50);
  });

  it('an unknown platform kind is a clear error', async () => {
    const spec = runSpec({ platform: { kind: 'nope' } as unknown as PlatformSpec, functions: [fnSpec('f', { dist: 'constant', value: 1 })], workload: [], durationSeconds: 1 });
    await expect(runReplication(spec, 1)).rejects.toThrow(/unknown platform kind 'nope'/);
  });
});

describe('a long replication, watched and stopped', () => {
  const spec = () => poissonSpec({ kind: 'station', servers: 2, queue: Infinity }, 50, { dist: 'exponential', mean: 0.02 }, 200, 10);
  const scenarioOf = (run: RunSpec): Scenario => ({
    name: 't', file: 't.yaml', seed: run.seed, replications: 2, variants: ['base'], sweepPaths: [],
    runs: [{ ...run, replications: 2 }], claims: [], charts: [], source: {},
  });

  it('reports simulated time advancing within each replication, and being watched changes no result', async () => {
    const seen: string[] = [];
    const watched = await runScenario(scenarioOf(spec()), {
      onProgress: (done, total, current) => {
        if (current === undefined) seen.push(`${done}/${total}`);
        else if (seen.at(-1) !== `run ${done + 1}`) seen.push(`run ${done + 1}`);
        if (current !== undefined) expect(current.simulatedSeconds).toBeLessThanOrEqual(current.durationSeconds);
      },
    });
    expect(seen).toEqual(['run 1', '1/2', 'run 2', '2/2']);
    const quiet = await runScenario(scenarioOf(spec()));
    expect(watched.replications.map((r) => r.metrics)).toEqual(quiet.replications.map((r) => r.metrics));
  });

  it('stops at its next pause when the signal is aborted, with the signal reason', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = runScenario(scenarioOf({ ...spec(), durationSeconds: 1e6 }), {
      signal: controller.signal,
      onProgress: (_done, _total, current) => {
        calls++;
        if (current !== undefined && current.simulatedSeconds > 1000) controller.abort(new Error('stop here'));
      },
    });
    await expect(run).rejects.toThrow('stop here');
    expect(calls).toBeLessThan(1000); // well before the end of a 1e6 s replication
  });
});

describe('activation events', () => {
  it('reach the recorder, the closed-loop clients, a listener the platform adds, then the observer, in that order', async () => {
    const trace: string[] = [];
    // a station that adds a tracer: a model's own listener (as a chain's next step would be)
    registerPlatform({
      ...stationPlatform,
      kind: 'traced-station',
      create: (spec, ctx) => {
        ctx.listen({
          started: (a) => trace.push(`tracer started ${a.id}`),
          finished: (a) => trace.push(`tracer finished ${a.id} (recorder has ${(ctx.recorder as MetricsRecorder).finishedTotal})`),
        });
        return createPlatform({ ...spec, kind: 'station' }, ctx);
      },
    });
    const spec = runSpec({
      platform: { kind: 'traced-station', servers: 1, queue: Infinity } as unknown as PlatformSpec,
      functions: [fnSpec('f', { dist: 'constant', value: 0.5 })],
      workload: [load(0, { kind: 'closedLoop', clients: 1, think: { dist: 'constant', value: 1 } })],
      durationSeconds: 4,
    });
    const result = await runReplication(spec, 1, {
      observer: {
        arrived: (a) => trace.push(`observer arrived ${a.id}`),
        finished: (a) => trace.push(`observer finished ${a.id}`),
      },
    });
    // one client: sends at 0, done at 0.5, thinks 1 s, sends at 1.5, done at 2, sends at 3, done at 3.5
    expect(trace).toEqual([0, 1, 2].flatMap((id) => [`observer arrived ${id}`, `tracer started ${id}`, `tracer finished ${id} (recorder has ${id + 1})`, `observer finished ${id}`]));
    expect(result.metrics.completed).toBe(3); // the recorder saw them
  });
});
