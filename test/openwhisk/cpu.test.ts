import { describe, expect, test } from '@jest/globals';
import { estimate } from '../../src/aggregate/estimate.js';
import { RandomStreams } from '../../src/engine/index.js';
import { mmcMeanWait } from '../../src/metrics/queueing.js';
import { Activation } from '../../src/model/activation.js';
import type { FunctionSpec } from '../../src/schema/types.js';
import { fn, harness, ZERO } from './harness.js';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/run/run.js';
import { formatSummaryTable } from '../../src/output/table.js';

// The invoker's cores against queueing theory. Every OpenWhisk latency is zero and memory is
// plenty, so each activation starts at once in a container of its own (or in one container of
// large concurrency): what is left is the bodies sharing the cores, a processor-sharing queue.

interface Case {
  cores: number;
  lambda: number;
  /** Mean body (seconds); `constant` draws every body equal to it, else exponential. */
  meanSeconds: number;
  constant?: boolean;
  /** One container runs them all (concurrency 100), instead of one container each. */
  oneContainer?: boolean;
}

/** Mean response time (arrival to end) of each of 8 replications, after a tenth of warm-up arrivals. */
function responseTimes(c: Case, n = 20000): number[] {
  const means: number[] = [];
  for (let rep = 1; rep <= 8; rep++) {
    const f: FunctionSpec = { ...fn('a', 256, c.meanSeconds), ...(c.oneContainer ? { concurrency: 100 } : {}) };
    const platform = c.oneContainer ? { ...ZERO, invokers: 1, userMemory: '256MiB', concurrencyLimit: 100, cores: c.cores } : { ...ZERO, invokers: 1, userMemory: '64GiB', cores: c.cores };
    const { sim, ow } = harness(platform, [f], rep);
    const random = new RandomStreams(500 + rep);
    const arrivals = random.stream('arrivals');
    const service = random.stream('service');
    let t = 0;
    const acts: Activation[] = [];
    for (let i = 0; i < n; i++) {
      t += -Math.log(1 - arrivals()) / c.lambda;
      const body = c.constant ? c.meanSeconds : -Math.log(1 - service()) * c.meanSeconds;
      const a = new Activation(i, 0, -1, true, t, body);
      acts.push(a);
      sim.scheduleAt(t, (x: Activation) => ow.submit(x), a);
    }
    sim.run();
    const measured = acts.slice(n / 10);
    means.push(measured.reduce((s, a) => s + (a.end - a.arrival), 0) / measured.length);
  }
  return means;
}

function expectWithin(values: number[], exact: number, what: string): void {
  const e = estimate(values);
  const shown = `${what}: exact ${exact}, simulated ${e.mean} ± ${e.halfWidth}`;
  expect({ shown, inside: Math.abs(e.mean - exact) <= e.halfWidth }).toEqual({ shown, inside: true });
  expect({ shown, narrow: e.halfWidth < 0.1 * exact }).toEqual({ shown, narrow: true });
}

describe('the cores of an invoker as a processor-sharing queue', () => {
  test.each([
    { what: 'exponential bodies, a container each', constant: false, oneContainer: false },
    { what: 'constant bodies (insensitivity), a container each', constant: true, oneContainer: false },
    { what: "one container of concurrency 100 (issue 17's case: 10 ms at 80/s on 1 core)", constant: true, oneContainer: true },
  ])('M/G/1-PS, $what: mean response E[S] / (1 - rho)', ({ constant, oneContainer }) => {
    const c: Case = { cores: 1, lambda: 80, meanSeconds: 0.01, constant, oneContainer };
    expectWithin(responseTimes(c), 0.01 / (1 - 0.8), 'mean response');
  });

  test('c cores, one core per body, exponential bodies: the mean response of M/M/c (Erlang C wait + service)', () => {
    // each body gets min(1, c/n) cores: n in system falls at rate min(n, c) mu, as in M/M/c
    const c: Case = { cores: 4, lambda: 3.2 / 0.1, meanSeconds: 0.1 };
    expectWithin(responseTimes(c), mmcMeanWait(4, 32, 10) + 0.1, 'mean response');
  });

  test('a closed loop of N clients on one core: throughput and response as exact mean-value analysis gives them, and the response-time law holds', () => {
    // N clients, exponential think Z, exponential bodies S on one core: a product-form network (BCMP,
    // PS station + delay station), solved exactly by MVA
    const N = 6;
    const Z = 0.2;
    const S = 0.05;
    let q = 0;
    let x = 0;
    let r = 0;
    for (let k = 1; k <= N; k++) {
      r = S * (1 + q);
      x = k / (r + Z);
      q = x * r;
    }
    const throughputs: number[] = [];
    const responses: number[] = [];
    const laws: number[] = [];
    for (let rep = 1; rep <= 8; rep++) {
      const { sim, ow, events } = harness({ ...ZERO, invokers: 1, userMemory: '16GiB', cores: 1 }, [fn('a', 256, S)], rep);
      const random = new RandomStreams(900 + rep);
      const think = random.stream('think');
      const service = random.stream('service');
      const horizon = 4000;
      const warmup = 400;
      let ids = 0;
      let done = 0;
      let responseSum = 0;
      const send = (at: number) => {
        const a = new Activation(ids++, 0, -1, true, at, -Math.log(1 - service()) * S);
        sim.scheduleAt(at, (x: Activation) => ow.submit(x), a);
      };
      for (let i = 0; i < N; i++) send(-Math.log(1 - think()) * Z);
      const h = (a: Activation) => {
        if (a.arrival >= warmup && a.response <= horizon) {
          done++;
          responseSum += a.response - a.arrival;
        }
        const next = sim.now + -Math.log(1 - think()) * Z;
        if (next < horizon) send(next);
      };
      events.add({ started() {}, accepted() {}, finished: h, rejected() {}, failed() {} });
      sim.run(horizon);
      const X = done / (horizon - warmup);
      throughputs.push(X);
      responses.push(responseSum / done);
      laws.push(N / X - Z);
    }
    expectWithin(throughputs, x, 'throughput');
    expectWithin(responses, r, 'mean response');
    // the interactive response-time law, R = N / X - Z
    expectWithin(laws, r, 'N / X - Z');
  });

  test("cpu-shares follow the containers' memory: 256 and 512 MiB, both CPU-bound on one core, progress 1:2", () => {
    const h = harness({ ...ZERO, invokers: 1, userMemory: '2GiB', cores: 1 }, [fn('small', 256, 1), fn('large', 512, 1)], 1);
    const small = h.at(0, 0);
    const large = h.at(0, 1);
    h.sim.run(100);
    // shares 1024 / (2048 / 256) = 128 and 256: the large gets 2/3 of the core, ends at 1.5 s; the small then alone
    expect(large.end).toBeCloseTo(1.5, 12);
    expect(small.end).toBeCloseTo(2, 12);
    expect(h.recorder.mean('latency.breakdown.cpuContention')).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(h.recorder.mean('latency.breakdown.run')).toBeCloseTo(1, 12); // the body alone; the stretch is carved out
  });

  test("a body's I/O share takes no core, and threads let it use several", () => {
    const io = harness({ ...ZERO, invokers: 1, userMemory: '2GiB', cores: 1 }, [{ ...fn('a', 256, 1), cpu: 0.2 }], 1);
    const ios = [io.at(0, 0), io.at(0, 0)];
    io.sim.run(100);
    // 0.2 s of CPU each, shared (0.4 s for both), then 0.8 s of I/O each
    for (const a of ios) expect(a.end).toBeCloseTo(0.4 + 0.8, 12);
    const threads = harness({ ...ZERO, invokers: 1, userMemory: '2GiB', cores: 4 }, [{ ...fn('a', 256, 1), threads: 4 }], 1);
    const t = [threads.at(0, 0), threads.at(0, 0)];
    threads.sim.run(100);
    // alone on 4 cores a body takes its 1 s; two of them share the 4 cores: 2 each, 2 s
    for (const a of t) expect(a.end).toBeCloseTo(2, 12);
  });

  test('without cores nothing is shared: eight 100 ms bodies on one invoker run at once (cores: unlimited)', () => {
    const h = harness({ ...ZERO, invokers: 1, userMemory: '2GiB' }, [fn('a', 256, 0.1)], 1);
    const acts = Array.from({ length: 8 }, () => h.at(0, 0));
    h.sim.run(10);
    for (const a of acts) expect(a.end).toBeCloseTo(0.1, 12);
    expect(h.recorder.means.has('latency.breakdown.cpuContention')).toBe(false);
  });
});

describe('native OpenWhisk on a J5005 (issue 17): the cores, not the containers, cap CPU-bound work', () => {
  test('16 containers of 100 ms CPU-bound bodies at 60/s on 4 cores: ~40/s, utilization ~1, and the table says saturated', async () => {
    const scenario = loadScenario(fileURLToPath(new URL('../../scenarios/openwhisk-cpu.yaml', import.meta.url)));
    const result = await runScenario(scenario, { replications: 2 });
    const at60 = result.replications.filter((r) => r.variant === 'cpu-bound' && r.point['workload.0.arrivals.poisson'] === 60);
    for (const r of at60) {
      expect(r.metrics.throughput).toBeGreaterThan(39);
      expect(r.metrics.throughput).toBeLessThanOrEqual(40.05);
      expect(r.metrics['cpu.utilization']).toBeGreaterThan(0.99);
    }
    expect(formatSummaryTable(result)).toMatch(/warning: variant cpu-bound at workload\.0\.arrivals\.poisson=60 \/s is saturated/);
    // the same scenario with cores unlimited carries the offered load: the old model
    const unlimited = result.replications.filter((r) => r.variant === 'unlimited' && r.point['workload.0.arrivals.poisson'] === 60);
    for (const r of unlimited) expect(r.metrics.throughput).toBeGreaterThan(55);
  });
});
