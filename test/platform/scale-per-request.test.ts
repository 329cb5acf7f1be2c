import { describe, expect, it } from '@jest/globals';
import { RandomStreams, Simulation } from '../../src/engine/index.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { ScalePerRequest } from '../../src/platform/scale-per-request.js';
import { Activation } from '../../src/model/activation.js';
import { ActivationFanOut } from '../../src/model/activation-events.js';
import type { ReusePolicy, ScalePerRequestSpec } from '../../src/schema/types.js';
import { expectClose, expectInCi, fnSpec, poissonSpec, replicate } from '../run/fixtures.js';

const platform = (keepAliveSeconds: number, maxConcurrency = Infinity, reuse: ReusePolicy = 'newest'): ScalePerRequestSpec => ({
  kind: 'scale-per-request',
  keepAliveSeconds,
  maxConcurrency,
  reuse,
});

describe('scale-per-request in a run', () => {
  it('keepAlive 0 is M/G/inf: every start cold, instances.mean = lambda x (coldStart + exec)', async () => {
    const lambda = 50;
    const exec = { dist: 'lognormal', mean: 0.1, cv: 1 } as const;
    const coldStart = { dist: 'uniform', min: 0.2, max: 0.6 } as const;
    const results = await replicate(poissonSpec(platform(0), lambda, exec, 4000, 20, coldStart), 5);
    expectInCi(results, 'instances.mean', lambda * (0.4 + 0.1), 0.01);
    for (const r of results) {
      expect(r.metrics.coldStartRatio).toBe(1);
      expect(r.metrics['starts.warm']).toBe(0);
      // everyone waits exactly its cold start
      expectClose(r.metrics['wait.mean'], 0.4, 0.01, 'wait = cold start');
      expect(r.metrics.utilization).toBe(1);
    }
  });

  it('a long keep-alive under steady load: cold starts only at the beginning', async () => {
    const lambda = 20;
    const exec = { dist: 'exponential', mean: 0.1 } as const;
    const spec = poissonSpec(platform(600), lambda, exec, 2000, 100, { dist: 'constant', value: 0.5 });
    const [r] = await replicate(spec, 1);
    const all = await replicate({ ...spec, warmupSeconds: 0 }, 1);
    // the pool grows to the peak concurrency early and then serves nearly everything warm
    expect(r.metrics.coldStarts).toBeLessThanOrEqual(3);
    expect(r.metrics.coldStartRatio).toBeLessThan(1e-4);
    expect(all[0].metrics.coldStarts).toBeGreaterThan(r.metrics.coldStarts);
    // no instance ever idles for 600 s at 20 requests/s, so none is removed: the pool only
    // grows, by the rare cold starts at a new peak of concurrency
    expect(r.metrics['instances.max']).toBe(all[0].metrics.coldStarts);
    expect(r.metrics['instances.mean']).toBeGreaterThanOrEqual(r.metrics['instances.max'] - r.metrics.coldStarts);
    expectClose(r.metrics['instances.busy'], lambda * 0.1, 0.05, 'busy = lambda x exec');
  });

  it('maxConcurrency rejects beyond the limit, which M/M/c/c (Erlang B) predicts when cold starts are free', async () => {
    const results = await replicate(poissonSpec(platform(1e9, 4), 3, { dist: 'exponential', mean: 1 }, 30_000, 100), 5);
    // Erlang B(4, 3) = 0.2061
    expectInCi(results, 'rejectedRatio', 0.20610687022900764, 0.04);
    for (const r of results) expect(r.metrics['instances.busy.max']).toBe(4);
  });

  it('keeps per-function pools and reports per-function gauges with two functions', async () => {
    const spec = poissonSpec(platform(1e9), 10, { dist: 'constant', value: 0.05 }, 200, 10);
    spec.functions.push(fnSpec('g', { dist: 'constant', value: 0.125 }));
    spec.workload.push({ functionIndex: 1, arrivals: { kind: 'constant', ratePerSecond: 4 }, blocking: true });
    const [r] = await replicate(spec, 1);
    // one request every 0.25 s, each busy 0.125 s: one instance, half busy
    expectClose(r.perFunction.g['instances.busy'], 0.5, 1e-6, 'g busy');
    expect(r.perFunction.g['instances.mean']).toBe(1);
    expectClose(r.perFunction.f['instances.busy'] + r.perFunction.g['instances.busy'], r.metrics['instances.busy'], 1e-9, 'sum of busy');
  });
});

/** Drives the platform by hand: activations submitted at chosen times, events recorded. */
function handBuilt(spec: ScalePerRequestSpec, coldStartSeconds = 0.1) {
  const sim = new Simulation();
  const functions = [fnSpec('f', { dist: 'constant', value: 1 }, { dist: 'constant', value: coldStartSeconds })];
  const recorder = new MetricsRecorder(sim, { platform: 'scale-per-request', warmupSeconds: 0, durationSeconds: 1000, functionNames: ['f'] });
  const log: string[] = [];
  const events = new ActivationFanOut();
  events.add(recorder);
  events.add({
    started: (a) => log.push(`${sim.now} start ${a.id} ${a.startKind}`),
    accepted: (a) => log.push(`${sim.now} accepted ${a.id}`),
    finished: (a) => log.push(`${sim.now} end ${a.id}`),
    rejected: (a, reason) => log.push(`${sim.now} ${reason} ${a.id}`),
  });
  const p = new ScalePerRequest(spec, {
    sim,
    random: new RandomStreams(1),
    functions,
    sink: events,
    listen: (listener) => events.add(listener),
    recorder,
    warmupSeconds: 0,
    durationSeconds: 1000,
    sampleIntervalSeconds: 0,
  });
  let nextId = 0;
  const submitAt = (time: number, execSeconds: number) => {
    const id = nextId++;
    sim.scheduleAt(time, () => p.submit(new Activation(id, 0, -1, true, sim.now, execSeconds)));
  };
  return { sim, p, log, submitAt };
}

describe('scale-per-request by hand', () => {
  // Three instances created at 0 in the order A(0), B(1), C(2); they go idle at A 2.1, B 3.1, C 1.1.
  // At 5 one request comes: newest created -> C (id 2), oldest -> A (id 0), most recently used -> B (id 1).
  for (const [reuse, expected] of [
    ['newest', 2],
    ['oldest', 0],
    ['mru', 1],
  ] as const) {
    it(`reuse ${reuse} picks instance ${expected}`, () => {
      const { sim, p, submitAt } = handBuilt(platform(100, Infinity, reuse));
      submitAt(0, 2);
      submitAt(0, 3);
      submitAt(0, 1);
      submitAt(5, 0.5);
      sim.run(6);
      const used = p.instances().filter((i) => i.lastUsed === 5.5);
      expect(used.map((i) => i.id)).toEqual([expected]);
      expect(p.instances()).toHaveLength(3);
    });
  }

  it('reuse random spreads requests over the idle instances', () => {
    const { sim, p, submitAt } = handBuilt(platform(1e6, Infinity, 'random'));
    for (let k = 0; k < 4; k++) submitAt(0, 1);
    const picked = new Map<number, number>();
    for (let k = 0; k < 400; k++) {
      submitAt(10 + k * 2, 0.5);
      sim.run(10 + k * 2 + 1);
      const id = p.instances().find((i) => i.lastUsed === sim.now - 0.5)!.id;
      picked.set(id, (picked.get(id) ?? 0) + 1);
    }
    expect(picked.size).toBe(4);
    for (const n of picked.values()) expect(n).toBeGreaterThan(60); // binomial(400, 1/4): mean 100, sd 8.7
  });

  it('removes an instance exactly keepAlive after its last use, with one timer per instance', () => {
    const { sim, p, log, submitAt } = handBuilt(platform(10));
    submitAt(0, 1); // cold, idle from 1.1: timer due at 11.1
    submitAt(5, 1); // warm reuse, idle from 6: the 11.1 timer re-arms for 16
    sim.run(15.9);
    expect(p.instances()).toHaveLength(1);
    expect(sim.pending).toBe(1);
    sim.run(16);
    expect(p.instances()).toHaveLength(0);
    expect(sim.pending).toBe(0);
    submitAt(17, 1);
    sim.run(20);
    expect(log).toEqual(['0.1 start 0 cold', '1.1 end 0', '5 start 1 warm', '6 end 1', '17.1 start 2 cold', '18.1 end 2']);
  });

  it('keepAlive 0 removes an instance at once', () => {
    const { sim, p, log, submitAt } = handBuilt(platform(0), 0.125);
    submitAt(0, 1);
    submitAt(1.125, 1);
    sim.run(5);
    expect(p.instances()).toHaveLength(0);
    expect(log).toEqual(['0.125 start 0 cold', '1.125 end 0', '1.25 start 1 cold', '2.25 end 1']);
  });

  it('maxConcurrency counts starting instances and warm reuse alike', () => {
    const { sim, log, submitAt } = handBuilt(platform(100, 2));
    submitAt(0, 1);
    submitAt(0, 1);
    submitAt(0.05, 1); // both starting: rejected
    submitAt(2, 1);
    submitAt(2, 1);
    submitAt(2, 1); // both busy again (warm): rejected
    sim.run(10);
    expect(log.filter((l) => l.includes('rejected'))).toEqual(['0.05 rejected 2', '2 rejected 5']);
  });
});
