import { describe, expect, test } from '@jest/globals';
import { mmcMeanWait } from '../../src/metrics/queueing.js';
import { estimate } from '../../src/metrics/replication.js';
import { RandomStreams } from '../../src/engine/index.js';
import { Activation } from '../../src/platform/types.js';
import { fn, harness, ZERO } from './harness.js';

/**
 * With every overhead zero, one invoker holding c = userMemory / action memory warm containers
 * and exponential execution times, OpenWhisk is an M/M/c queue (Kafka topic + run buffer form
 * one FIFO line): the mean wait must match Erlang C.
 */
describe('one invoker as M/M/c', () => {
  test('mean wait matches the Erlang C closed form within the replications CI', () => {
    const c = 4;
    const lambda = 3.2; // rho = 0.8
    const mu = 1;
    const n = 20000;
    const waits: number[] = [];
    for (let rep = 1; rep <= 10; rep++) {
      const { sim, ow, random } = harnessWithRandom(rep, c);
      const arrivals = random.stream('arrivals');
      const service = random.stream('service');
      let t = 0;
      let sum = 0;
      let count = 0;
      const acts: Activation[] = [];
      for (let i = 0; i < n; i++) {
        t += -Math.log(1 - arrivals()) / lambda;
        const a = new Activation(i, 0, -1, true, t, -Math.log(1 - service()) / mu);
        acts.push(a);
        sim.scheduleAt(t, (x: Activation) => ow.submit(x), a);
      }
      sim.run();
      for (const a of acts.slice(2000)) {
        sum += a.start - a.arrival;
        count++;
      }
      waits.push(sum / count);
    }
    const e = estimate(waits);
    const exact = mmcMeanWait(c, lambda, mu);
    expect(exact).toBeGreaterThan(0.5);
    expect(Math.abs(e.mean - exact)).toBeLessThan(e.halfWidth);
  });
});

function harnessWithRandom(seed: number, c: number) {
  // arrivals and service times from their own streams, apart from the platform's
  return { ...harness({ ...ZERO, invokers: 1, userMemory: `${c * 256}MiB` }, [fn('a', 256, 1)], seed), random: new RandomStreams(1000 + seed) };
}
