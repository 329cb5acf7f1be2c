import { describe, expect, test } from '@jest/globals';
import { Simulation } from '../../src/engine/index.js';
import { SharedCores, type CoreGroup, type CoreJob } from '../../src/resources/shared-cores.js';

/** A job that notes when it ends and how much it was stretched. */
function job(group: CoreGroup, log: { name: string; at: number; stretch: number }[], name: string, sim: Simulation): CoreJob {
  return {
    coreGroup: group,
    coreWork: 0,
    coreCap: 1,
    coreRate: 0,
    coreStartedAt: 0,
    coreAloneSeconds: 0,
    coreIndex: -1,
    coreShared: false,
    coresDone: (stretch) => log.push({ name, at: sim.now, stretch }),
  };
}

const group = (weight: number): CoreGroup => ({ coreWeight: weight, coreJobs: 0 });

describe('SharedCores: weighted processor sharing, as CFS shares cores among cgroups', () => {
  test('two equal jobs on one core each get half: both end at twice their work, stretched by one work', () => {
    const sim = new Simulation();
    const cores = new SharedCores(sim, 1);
    const log: { name: string; at: number; stretch: number }[] = [];
    cores.start(job(group(1024), log, 'a', sim), 1, 1);
    cores.start(job(group(1024), log, 'b', sim), 1, 1);
    sim.run();
    expect(log.map((l) => [l.name, l.at, l.stretch])).toEqual([['a', 2, 1], ['b', 2, 1]].sort());
  });

  test('weights 1:2 on one core: the heavier gets 2/3 until it ends at 1.5 s, the lighter ends alone at 2 s', () => {
    const sim = new Simulation();
    const cores = new SharedCores(sim, 1);
    const log: { name: string; at: number; stretch: number }[] = [];
    cores.start(job(group(128), log, 'light', sim), 1, 1);
    cores.start(job(group(256), log, 'heavy', sim), 1, 1);
    sim.run();
    expect(log.map((l) => l.name)).toEqual(['heavy', 'light']);
    expect(log[0].at).toBeCloseTo(1.5, 12);
    expect(log[1].at).toBeCloseTo(2, 12);
  });

  test("a group's weight is split among its jobs: two jobs of one container against one of another, equal weights", () => {
    const sim = new Simulation();
    const cores = new SharedCores(sim, 1);
    const log: { name: string; at: number; stretch: number }[] = [];
    const shared = group(1024);
    cores.start(job(shared, log, 'a1', sim), 1, 1);
    cores.start(job(shared, log, 'a2', sim), 1, 1);
    cores.start(job(group(1024), log, 'b', sim), 1, 1);
    sim.run();
    // b gets 1/2 and ends at 2 s; a1 and a2 a quarter each (0.5 done by then), then 1/2 each: 1 s more
    expect(log.map((l) => [l.name, l.at])).toEqual([['b', 2], ['a1', 3], ['a2', 3]].map(([n, t]) => [n, expect.closeTo(t as number, 12)]));
  });

  test('a job uses at most its cap: one 2-thread job on 4 cores takes work / 2; the idle cores are not given to it', () => {
    const sim = new Simulation();
    const utilization = { total: 0, add(d: number) { this.total += d; } };
    const cores = new SharedCores(sim, 4, utilization);
    const log: { name: string; at: number; stretch: number }[] = [];
    cores.start(job(group(1024), log, 'a', sim), 4, 2);
    expect(cores.busy).toBe(2);
    expect(utilization.total).toBeCloseTo(0.5, 12);
    sim.run();
    expect(log).toEqual([{ name: 'a', at: 2, stretch: 0 }]);
    expect(utilization.total).toBeCloseTo(0, 12);
  });

  test('water-filling: a capped job leaves the rest of its fair share to the others', () => {
    // 2 cores; a (weight 3, cap 1) would get 1.5 by weight: it takes its cap 1; b and c (weight 1
    // each) share the other core: 1/2 each
    const sim = new Simulation();
    const cores = new SharedCores(sim, 2);
    const log: { name: string; at: number; stretch: number }[] = [];
    cores.start(job(group(3), log, 'a', sim), 10, 1);
    cores.start(job(group(1), log, 'b', sim), 1, 1);
    cores.start(job(group(1), log, 'c', sim), 1, 1);
    sim.run(2.0000001);
    expect(log.map((l) => [l.name, l.at])).toEqual([['b', expect.closeTo(2, 9)], ['c', expect.closeTo(2, 9)]]);
    expect(cores.busy).toBe(1); // a alone, at its cap
  });

  test('the jobs sharing the cores are counted as they start and end (the processor-sharing queue length)', () => {
    const sim = new Simulation();
    const sharing = { total: 0, max: 0, add(d: number) { this.total += d; this.max = Math.max(this.max, this.total); } };
    const cores = new SharedCores(sim, 1, undefined, sharing);
    const log: { name: string; at: number; stretch: number }[] = [];
    cores.start(job(group(1), log, 'a', sim), 1, 1);
    cores.start(job(group(1), log, 'b', sim), 2, 1);
    expect(sharing.total).toBe(2);
    sim.run();
    expect([sharing.total, sharing.max]).toEqual([0, 2]);
  });

  test('halt: the work is dropped and the cores count as idle', () => {
    const sim = new Simulation();
    const utilization = { total: 0, add(d: number) { this.total += d; } };
    const cores = new SharedCores(sim, 2, utilization);
    const log: { name: string; at: number; stretch: number }[] = [];
    cores.start(job(group(1), log, 'a', sim), 10, 1);
    sim.run(1);
    cores.halt();
    sim.run();
    expect(log).toEqual([]);
    expect(utilization.total).toBeCloseTo(0, 12);
  });
});
