import { describe, expect, test } from '@jest/globals';
import { erlangC, mmcMeanWait } from '../../src/metrics/queueing.js';
import { estimate } from '../../src/aggregate/estimate.js';
import { RandomStreams } from '../../src/engine/index.js';
import { Activation } from '../../src/model/activation.js';
import { fn, harness, ZERO } from './harness.js';

/**
 * With every overhead zero, one invoker holding c = userMemory / action memory warm containers
 * and exponential execution times, OpenWhisk is an M/M/c queue (Kafka topic + run buffer form
 * one FIFO line): waiting probability, mean wait and utilization must match the closed forms.
 */
describe('one invoker as M/M/c', () => {
  test.each([
    { servers: 'c containers', concurrent: false },
    // intra-container concurrency: one container running up to c activations at once is c servers
    { servers: 'one container of concurrency c', concurrent: true },
  ])('$servers: waiting probability (Erlang C), mean wait and utilization within narrow replication CIs', ({ concurrent }) => {
    const c = 4;
    const lambda = 3.2; // rho = 0.8
    const mu = 1;
    const n = 20000;
    const skip = 2000; // warm-up: the first arrivals see an empty system
    const waits: number[] = [];
    const waitProbabilities: number[] = [];
    const utilizations: number[] = [];
    for (let rep = 1; rep <= 10; rep++) {
      const { sim, ow, random } = harnessWithRandom(rep, c, concurrent);
      const arrivals = random.stream('arrivals');
      const service = random.stream('service');
      let t = 0;
      const acts: Activation[] = [];
      for (let i = 0; i < n; i++) {
        t += -Math.log(1 - arrivals()) / lambda;
        const a = new Activation(i, 0, -1, true, t, -Math.log(1 - service()) / mu);
        acts.push(a);
        sim.scheduleAt(t, (x: Activation) => ow.submit(x), a);
      }
      sim.run();
      const measured = acts.slice(skip);
      waits.push(measured.reduce((s, a) => s + (a.start - a.arrival), 0) / measured.length);
      waitProbabilities.push(measured.filter((a) => a.start > a.arrival).length / measured.length);
      // busy container time inside [first measured arrival, last arrival] over c containers
      const from = measured[0].arrival;
      const to = t;
      let busy = 0;
      for (const a of acts) busy += Math.max(0, Math.min(a.end, to) - Math.max(a.start, from));
      utilizations.push(busy / (c * (to - from)));
    }
    const offered = lambda / mu;
    const check = (values: number[], exact: number, what: string) => {
      const e = estimate(values);
      const shown = `${what}: exact ${exact}, simulated ${e.mean} ± ${e.halfWidth}`;
      expect({ shown, inside: Math.abs(e.mean - exact) <= e.halfWidth }).toEqual({ shown, inside: true });
      // a wide interval would prove nothing
      expect({ shown, narrow: e.halfWidth < 0.1 * exact }).toEqual({ shown, narrow: true });
    };
    expect(mmcMeanWait(c, lambda, mu)).toBeGreaterThan(0.5);
    check(waits, mmcMeanWait(c, lambda, mu), 'mean wait');
    check(waitProbabilities, erlangC(c, offered), 'waiting probability');
    check(utilizations, offered / c, 'utilization');
  });
});

function harnessWithRandom(seed: number, c: number, concurrent: boolean) {
  // arrivals and service times from their own streams, apart from the platform's
  const platform = concurrent ? { ...ZERO, invokers: 1, userMemory: '256MiB', concurrencyLimit: c } : { ...ZERO, invokers: 1, userMemory: `${c * 256}MiB` };
  const h = harness(platform, [{ ...fn('a', 256, 1), ...(concurrent ? { concurrency: c } : {}) }], seed);
  return { ...h, random: new RandomStreams(1000 + seed) };
}
