import { describe, expect, it } from '@jest/globals';
import { exponential } from '../../src/engine/distributions.js';
import { RandomStreams, Simulation } from '../../src/engine/index.js';
import { erlangC, mmcKBlocking, mmcMeanWait } from '../../src/metrics/queueing.js';
import { TimeAverage } from '../../src/metrics/time-average.js';
import { QueueStation } from '../../src/resources/station.js';
import { estimate } from '../../src/aggregate/estimate.js';

interface Job {
  arrival: number;
  start: number;
  serviceSeconds: number;
}

/**
 * Poisson arrivals of rate `lambda` into a station with exponential service of rate 1, for
 * `jobs` arrivals; the first tenth is warm-up. Returns the figures of the rest.
 */
function mmc(servers: number, capacity: number, lambda: number, jobs: number, seed: number) {
  const sim = new Simulation();
  const random = new RandomStreams(seed);
  const gaps = random.stream('arrivals');
  const work = random.stream('service');
  const warmup = (jobs / 10) / lambda;
  const end = jobs / lambda;
  const busy = new TimeAverage(sim, warmup, end);
  let arrived = 0;
  let refused = 0;
  let started = 0;
  let waited = 0;
  let waitSum = 0;
  const station = new QueueStation<Job>({
    sim,
    servers,
    capacity,
    busy,
    serviceSeconds: (job) => job.serviceSeconds,
    onStart: (job) => {
      job.start = sim.now;
      if (job.arrival < warmup) return;
      started++;
      if (job.start > job.arrival) waited++;
      waitSum += job.start - job.arrival;
    },
    onDone: () => {},
  });
  const arrive = (): void => {
    const job = { arrival: sim.now, start: NaN, serviceSeconds: exponential(work, 1) };
    const inWindow = sim.now >= warmup;
    if (inWindow) arrived++;
    if (!station.submit(job) && inWindow) refused++;
    const next = sim.now + exponential(gaps, 1 / lambda);
    if (next < end) sim.postAt(next, arrive);
  };
  sim.postAt(0, arrive);
  sim.run(end);
  return { waitProbability: waited / started, meanWait: waitSum / started, refusedRatio: refused / arrived, busy: busy.mean() };
}

/** The closed form lies in the 99 % interval of five replications, and the interval is narrow. */
function expectAround(values: number[], exact: number, relativeWidth: number): void {
  const e = estimate(values, 0.99);
  expect({ exact, low: e.low, high: e.high, inside: e.low <= exact && exact <= e.high }).toMatchObject({ inside: true });
  expect(e.halfWidth).toBeLessThan(relativeWidth * exact);
}

describe('QueueStation', () => {
  it.each([
    [1, 0.7],
    [4, 3.2],
  ])('M/M/%i at offered load %f: Erlang C waiting probability and mean wait, busy servers = offered load', (servers, lambda) => {
    const runs = [1, 2, 3, 4, 5].map((seed) => mmc(servers, Infinity, lambda, 200_000, seed));
    expectAround(runs.map((r) => r.waitProbability), erlangC(servers, lambda), 0.03);
    expectAround(runs.map((r) => r.meanWait), mmcMeanWait(servers, lambda, 1), 0.1);
    expectAround(runs.map((r) => r.busy), lambda, 0.02);
    for (const r of runs) expect(r.refusedRatio).toBe(0);
  });

  it('M/M/c/K: refuses a job that finds the line full, with the closed-form probability (PASTA)', () => {
    const runs = [1, 2, 3, 4, 5].map((seed) => mmc(2, 3, 2.4, 150_000, seed));
    expectAround(runs.map((r) => r.refusedRatio), mmcKBlocking(2, 3, 2.4, 1), 0.05);
  });

  it('capacity 0 is the Erlang B loss system: no job ever waits', () => {
    const runs = [1, 2, 3, 4, 5].map((seed) => mmc(3, 0, 2, 100_000, seed));
    expectAround(runs.map((r) => r.refusedRatio), mmcKBlocking(3, 0, 2, 1), 0.05);
    for (const r of runs) expect(r.waitProbability).toBe(0);
  });

  it('serves in arrival order, one job a server, and reports room', () => {
    const sim = new Simulation();
    const log: string[] = [];
    const station = new QueueStation<string>({
      sim,
      servers: 1,
      capacity: 2,
      serviceSeconds: () => 1,
      onStart: (job) => log.push(`${sim.now} start ${job}`),
      onDone: (job) => log.push(`${sim.now} done ${job}`),
    });
    expect(['a', 'b', 'c'].map((job) => station.submit(job))).toEqual([true, true, true]);
    expect([station.busyServers, station.queued, station.hasRoom()]).toEqual([1, 2, false]);
    expect(station.submit('d')).toBe(false);
    sim.run();
    // the next in line takes the server, then the finished job is told
    expect(log).toEqual(['0 start a', '1 start b', '1 done a', '2 start c', '2 done b', '3 done c']);
    expect([station.busyServers, station.queued, station.hasRoom()]).toEqual([0, 0, true]);
  });

  it('a job submitted by a finished job\'s continuation queues behind those waiting: FIFO holds, never more busy than servers', () => {
    const sim = new Simulation();
    const log: string[] = [];
    let busyMax = 0;
    const station: QueueStation<string> = new QueueStation<string>({
      sim,
      servers: 1,
      capacity: Infinity,
      serviceSeconds: () => 1,
      onStart: (job) => {
        log.push(`${sim.now} start ${job}`);
        busyMax = Math.max(busyMax, station.busyServers);
      },
      onDone: (job) => {
        if (job === 'a') station.submit('a2'); // a's next step visits the station again at once
      },
    });
    for (const job of ['a', 'b', 'c']) station.submit(job);
    sim.run();
    expect(log).toEqual(['0 start a', '1 start b', '2 start c', '3 start a2']);
    expect(busyMax).toBe(1);
  });

  it('lines by priority: a free server takes line 0 first; each line has its own capacity; the waiting are counted', () => {
    const sim = new Simulation();
    const queued = { total: 0, add(d: number) { this.total += d; } };
    const log: string[] = [];
    const station = new QueueStation<string>({
      sim,
      servers: 1,
      capacity: 0,
      lines: { lineOf: (job) => (job.startsWith('response') ? 0 : 1), capacities: [Infinity, 2] },
      queued,
      serviceSeconds: () => 1,
      onStart: (job) => log.push(`${sim.now} ${job}`),
      onDone: () => {},
    });
    expect(['request1', 'request2', 'request3', 'request4', 'response1', 'response2'].map((job) => station.submit(job))).toEqual([true, true, true, false, true, true]);
    expect(queued.total).toBe(4); // request1 is served, request4 refused
    expect([station.hasRoom(0), station.hasRoom(1)]).toEqual([true, false]);
    sim.run();
    expect(log).toEqual(['0 request1', '1 response1', '2 response2', '3 request2', '4 request3']);
    expect(queued.total).toBe(0);
  });

  it('refuses impossible sizes', () => {
    const sim = new Simulation();
    const options = { sim, servers: 0, capacity: 0, serviceSeconds: () => 1, onDone: () => {} };
    expect(() => new QueueStation(options)).toThrow(/servers must be >= 1/);
    expect(() => new QueueStation({ ...options, servers: 1, capacity: -1 })).toThrow(/capacity must be >= 0/);
  });
});
