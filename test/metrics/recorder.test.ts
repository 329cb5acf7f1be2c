import { Distribution, QUANTILE_RELATIVE_ACCURACY } from '../../src/metrics/activation-stats.js';
import { describe, expect, it } from '@jest/globals';
import { quantileSorted } from 'simple-statistics';
import { RandomStreams, Simulation } from '../../src/engine/index.js';
import { erlangB, erlangC, mmcKBlocking, mmcMeanWait } from '../../src/metrics/queueing.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { metricNames } from '../../src/metrics/names.js';
import { TimeAverage } from '../../src/metrics/time-average.js';
import { Activation } from '../../src/model/activation.js';
import { makeSampler } from '../../src/engine/distributions.js';

function at(sim: Simulation, time: number, action: () => void): void {
  sim.scheduleAt(time, action);
}

describe('TimeAverage', () => {
  it('integrates only over [warmup, end] and ignores zero-length peaks', () => {
    const sim = new Simulation();
    const g = new TimeAverage(sim, 10, 20);
    at(sim, 0, () => g.set(2));
    at(sim, 5, () => g.set(4)); // held 5 .. 15 -> inside the window 10 .. 15
    at(sim, 15, () => g.add(100));
    at(sim, 15, () => g.add(-99)); // 104 for no time at all
    at(sim, 25, () => g.set(1000)); // after the end
    sim.run(30);
    expect(g.mean()).toBe((4 * 5 + 5 * 5) / 10);
    expect(g.max()).toBe(5);
  });

  it('a value never changed in the window still counts', () => {
    const sim = new Simulation();
    const g = new TimeAverage(sim, 10, 20);
    g.set(3);
    sim.run(20);
    expect(g.mean()).toBe(3);
    expect(g.max()).toBe(3);
  });
});

function act(id: number, fn: number, arrival: number, exec = 1): Activation {
  return new Activation(id, fn, -1, true, arrival, exec);
}

describe('MetricsRecorder', () => {
  it('reports NaN for metrics without observations and 0 for empty counts', () => {
    const sim = new Simulation();
    const r = new MetricsRecorder(sim, { platform: 'station', warmupSeconds: 1, durationSeconds: 2, functionNames: ['f'] });
    sim.run(2);
    const m = r.metrics();
    for (const name of ['latency.mean', 'latency.p99', 'wait.mean', 'waitProbability', 'coldStartRatio', 'rejectedRatio']) expect(m[name]).toBeNaN();
    for (const name of ['offered', 'throughput', 'completed', 'rejected', 'coldStarts', 'inSystem.mean', 'arrived', 'inFlight']) expect(m[name]).toBe(0);
    expect(r.functionMetrics()).toEqual({});
  });

  it('counts per-activation figures for arrivals after warm-up and completions by their time', () => {
    const sim = new Simulation();
    const r = new MetricsRecorder(sim, { platform: 'openwhisk', warmupSeconds: 10, durationSeconds: 20, functionNames: ['f', 'g'] });
    const early = act(0, 0, 9);
    const late = act(1, 1, 12);
    const rejected = act(2, 1, 13);
    const cut = act(3, 0, 19);
    at(sim, 9, () => r.arrived(early));
    at(sim, 9.5, () => {
      early.start = 9.5;
      early.startKind = 'cold';
      r.started(early);
    });
    at(sim, 11, () => {
      early.end = early.response = 11;
      r.finished(early);
    });
    at(sim, 12, () => {
      r.arrived(late);
      late.start = 12;
      late.startKind = 'warm';
      r.started(late);
      r.observeMean('latency.breakdown.init', late, 0.5);
      r.observeMean('latency.breakdown.init', early, 100);
    });
    at(sim, 13, () => {
      r.arrived(rejected);
      r.rejected(rejected, 'rejected');
      r.count('evictions');
    });
    at(sim, 14, () => {
      late.end = late.response = 14;
      r.finished(late);
    });
    at(sim, 19, () => r.arrived(cut));
    at(sim, 5, () => r.count('evictions', 7)); // warm-up: not counted
    sim.run(20);
    const m = r.metrics();
    expect(m.arrived).toBe(4);
    expect(m.arrivals).toBe(3);
    expect(m.offered).toBe(0.3);
    expect(m.completed).toBe(2); // early finished in the window: throughput counts it
    expect(m.throughput).toBe(0.2);
    expect(m['latency.mean']).toBe(2); // only late: early arrived in the warm-up, cut never finished
    expect(m.started).toBe(1);
    expect(m['starts.warm']).toBe(1);
    expect(m.coldStarts).toBe(0);
    expect(m.rejected).toBe(1);
    expect(m.rejectedRatio).toBe(1 / 3);
    expect(m.evictions).toBe(1);
    expect(m['latency.breakdown.init']).toBe(0.5);
    expect(m.inFlight).toBe(1);
    expect(m.finishedTotal + m.rejectedTotal + m.inFlight).toBe(m.arrived);
    // in system: early 10..11, late 12..14, cut 19..20 -> 4 activation-seconds in 10 s
    expect(m['inSystem.mean']).toBe(0.4);
    const perFunction = r.functionMetrics();
    expect(Object.keys(perFunction)).toEqual(['f', 'g']);
    expect(perFunction.g.rejected).toBe(1);
    expect(perFunction.g['latency.mean']).toBe(2);
    expect(perFunction.f['latency.mean']).toBeNaN();
  });

  it('counts activations lost to faults by their arrival, takes them out of the system, and keeps arrived = finished + rejected + failed + in flight', () => {
    const sim = new Simulation();
    const r = new MetricsRecorder(sim, { platform: 'openwhisk+faults', warmupSeconds: 10, durationSeconds: 20, functionNames: ['f', 'g'] });
    const early = act(0, 0, 5); // arrived in the warm-up, lost at 12 s: failedTotal only
    const late = act(1, 1, 11); // lost at 12 s
    const done = act(2, 1, 13);
    const open = act(3, 0, 14);
    for (const a of [early, late, done, open]) at(sim, a.arrival, () => r.arrived(a));
    at(sim, 12, () => {
      r.failed(early);
      r.failed(late);
    });
    at(sim, 15, () => {
      done.end = done.response = 15;
      r.finished(done);
    });
    sim.run(20);
    const m = r.metrics();
    expect([m.arrived, m.finishedTotal, m.rejectedTotal, m.failedTotal, m.inFlight]).toEqual([4, 1, 0, 2, 1]);
    expect(m.failed).toBe(1);
    expect(m.failedRatio).toBe(1 / 3);
    // in system over [10, 20]: early 10..12, late 11..12, done 13..15, open 14..20 -> 11 s
    expect(m['inSystem.mean']).toBe(1.1);
    const perFunction = r.functionMetrics();
    expect([perFunction.f.failed, perFunction.g.failed]).toEqual([0, 1]);
    // a run without faults does not report them
    const plain = new MetricsRecorder(sim, { platform: 'openwhisk', warmupSeconds: 0, durationSeconds: 20, functionNames: ['f'] }).metrics();
    expect(['failed', 'failedRatio', 'failedTotal'].filter((name) => name in plain)).toEqual([]);
  });

  it('quantiles are within the sketch accuracy (0.1 %) of the exact ones, means are exact', () => {
    const sim = new Simulation();
    const r = new MetricsRecorder(sim, { platform: 'station', warmupSeconds: 0, durationSeconds: 1, functionNames: ['f'] });
    const sample = makeSampler({ dist: 'lognormal', mean: 0.05, cv: 2 });
    const random = new RandomStreams(3).stream('x');
    const values = new Float64Array(100_000);
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      const a = act(i, 0, 0);
      a.start = 0;
      a.response = a.end = values[i] = sample(random);
      sum += values[i];
      r.arrived(a);
      r.started(a);
      r.finished(a);
    }
    sim.run(1);
    const m = r.metrics();
    values.sort();
    const exact = Array.from(values);
    for (const [name, q] of [
      ['latency.p50', 0.5],
      ['latency.p90', 0.9],
      ['latency.p99', 0.99],
      ['latency.p999', 0.999],
    ] as const) {
      expect(Math.abs(m[name] / quantileSorted(exact, q) - 1)).toBeLessThan(QUANTILE_RELATIVE_ACCURACY * 1.01);
    }
    expect(m['latency.mean']).toBeCloseTo(sum / values.length, 12);
  });

  it('below 100 observations a quantile is the nearest-rank value: the p99 of two is the larger, the p50 the smaller (issue 19 item 6)', () => {
    const d = new Distribution();
    for (const v of [0.0825, 0.0435]) d.add(v);
    expect([d.quantile(0.99), d.quantile(0.5), d.quantile(0), d.quantile(1), d.max()]).toEqual([0.0825, 0.0435, 0.0435, 0.0825, 0.0825]);
    // nearest rank: the ceil(q x n)-th smallest of the observations themselves, for n = 1 .. 99
    const random = new RandomStreams(5).stream('small');
    for (const n of [1, 3, 10, 50, 99]) {
      const small = new Distribution();
      const values = Array.from({ length: n }, () => random());
      values.forEach((v) => small.add(v));
      const sorted = [...values].sort((a, b) => a - b);
      // the smallest rank k whose share k / n of the observations reaches q
      const nearestRank = (q: number) => Array.from({ length: n }, (_, i) => i + 1).find((k) => k * 100 >= Math.round(q * 1000) / 10 * n)!;
      for (const q of [0.01, 0.07, 0.29, 0.5, 0.9, 0.99, 0.999]) expect(small.quantile(q)).toBe(sorted[nearestRank(q) - 1]);
      expect(small.grid()).toEqual(Array.from({ length: 101 }, (_, i) => small.quantile(i / 100)));
    }
    // from 100 on, the sketch's: within 0.1 % of the value at its rank
    const many = new Distribution();
    for (let i = 1; i <= 100; i++) many.add(i);
    expect(Math.abs(many.quantile(0.99) / 99 - 1)).toBeLessThan(QUANTILE_RELATIVE_ACCURACY * 1.01);
    expect(many.max()).toBe(100);
  });

  it('a distribution reports its maximum where its layer declares <name>.max (enclave.startup.max, attestation.max)', () => {
    const sim = new Simulation();
    const r = new MetricsRecorder(sim, { platform: 'openwhisk+sgx', warmupSeconds: 0, durationSeconds: 10, functionNames: ['f'] });
    for (const [name, values] of [['enclave.startup', [0.2, 0.9, 0.4]], ['attestation', [0.0435, 0.0825]], ['enclave.create', [0.1]]] as const) {
      const stat = r.distribution(name);
      for (const v of values) stat.observe(null, v);
    }
    sim.run(10);
    const m = r.metrics();
    expect([m['enclave.startup.max'], m['enclave.startup.p99'], m['attestation.max'], m['attestation.p99']]).toEqual([0.9, 0.9, 0.0825, 0.0825]);
    expect('enclave.create.max' in m).toBe(false);
  });

  it('gauges: one per name, maximum under its own name, utilization = busy / instances, per function only with >= 2 functions', () => {
    const sim = new Simulation();
    const r = new MetricsRecorder(sim, { platform: 'station', warmupSeconds: 0, durationSeconds: 10, functionNames: ['f'] });
    const instances = r.gauge('instances.mean', 'instances.max');
    expect(r.gauge('instances.mean')).toBe(instances);
    const busy = r.gauge('instances.busy');
    const own = r.gauge('instances.busy', undefined, 0);
    instances.set(4);
    at(sim, 5, () => busy.add(2));
    at(sim, 5, () => own.add(2));
    sim.run(10);
    const m = r.metrics();
    expect(m['instances.mean']).toBe(4);
    expect(m['instances.max']).toBe(4);
    expect(m['instances.busy']).toBe(1);
    expect(m['instances.busy.max']).toBe(2);
    expect(m.utilization).toBe(0.25);
  });

  it('a gauge may report only its time average (maxName null) or only its maximum (peak)', () => {
    const sim = new Simulation();
    const r = new MetricsRecorder(sim, { platform: 'openwhisk', warmupSeconds: 0, durationSeconds: 10, functionNames: ['f'] });
    const mean = r.gauge('invokers.memoryUsed.mean', null);
    const peak = r.peak('invokers.memoryUsed.max');
    mean.set(1);
    peak.set(1);
    at(sim, 5, () => mean.set(3));
    at(sim, 5, () => peak.set(3));
    sim.run(10);
    const m = r.metrics();
    expect(m['invokers.memoryUsed.mean']).toBe(2);
    expect(m['invokers.memoryUsed.max']).toBe(3);
  });

  it('reports every metric its platform declares: unobserved means empty, counts 0', () => {
    const sim = new Simulation();
    const r = new MetricsRecorder(sim, { platform: 'openwhisk', warmupSeconds: 0, durationSeconds: 10, functionNames: ['f', 'g'] });
    sim.run(10);
    const m = r.metrics();
    expect(Object.keys(m).sort()).toEqual([...metricNames('openwhisk')!].sort());
    expect(m['latency.breakdown.acks']).toBeNaN();
    expect(m.evictions).toBe(0);
    expect(Object.keys(r.functionMetrics().g).sort()).toEqual([...metricNames('openwhisk', 'function')!].sort());
  });

  it('refuses a metric nobody declared, and one its platform does not report', () => {
    const sim = new Simulation();
    const r = new MetricsRecorder(sim, { platform: 'station', warmupSeconds: 0, durationSeconds: 10, functionNames: ['f'] });
    expect(() => r.count('evictons')).toThrow(/"evictons" is recorded but not declared/);
    expect(() => r.gauge('memory.mean')).toThrow(/not declared/);
    expect(() => r.distribution('enclave.craete')).toThrow(/"enclave.craete.mean" is recorded but not declared/);
    r.count('evictions');
    sim.run(10);
    expect(() => r.metrics()).toThrow(/"evictions" is recorded on platform station but not declared for it/);
  });
});

describe('closed forms', () => {
  it('Erlang B and C match textbook values', () => {
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(4, 3)).toBeCloseTo(0.20610687, 8);
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 12); // M/M/1: P(wait) = rho
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(mmcMeanWait(1, 0.8, 1)).toBeCloseTo(4, 12); // rho / (mu - lambda)
    expect(mmcKBlocking(1, 0, 1, 1)).toBeCloseTo(0.5, 12);
    // M/M/1/K: (1 - rho) rho^K / (1 - rho^(K+1)) with capacity K = 3
    expect(mmcKBlocking(1, 2, 0.5, 1)).toBeCloseTo((0.5 * 0.125) / (1 - 0.0625), 12);
    expect(mmcKBlocking(3, 0, 2, 1)).toBeCloseTo(erlangB(3, 2), 12);
  });
});
