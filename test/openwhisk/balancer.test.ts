import { describe, expect, test } from '@jest/globals';
import { invokerPools, routeFor, ShardingBalancer, stepSizes } from '../../src/platform/openwhisk/balancer.js';
import { actionHash, javaStringHash } from '../../src/platform/openwhisk/hash.js';
import { NamespaceThrottle } from '../../src/platform/openwhisk/throttle.js';
import { FakeRecorder } from './harness.js';

/**
 * The order in which the balancer itself probes: each invoker holds one 256 MiB slot, so each
 * publish fills the first free invoker on the route and the next one has to probe past it.
 */
function probeOrder(home: number, step: number, size: number): number[] {
  const balancer = new ShardingBalancer({ invokerMemoryMiB: new Array(size).fill(256), functionCount: 1, controllers: 1, minActionMemoryMiB: 128, healthy: new Uint8Array(size).fill(1), overloadRandom: () => 0, recorder: new FakeRecorder() });
  const route = { pool: Array.from({ length: size }, (_, i) => i), home, step };
  return Array.from({ length: size }, () => balancer.publish(route, 256));
}

describe('ShardingContainerPoolBalancer pieces', () => {
  test('probe sequence of the documented example: 10 invokers, hash 13', () => {
    const route = routeFor(13, Array.from({ length: 10 }, (_, i) => i));
    expect(route.home).toBe(3);
    expect(stepSizes(10)).toEqual([1, 3, 7]);
    expect(route.step).toBe(3);
    expect(probeOrder(route.home, route.step, 10)).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7, 0]);
  });

  test('step sizes: pairwise coprime greedy picks', () => {
    expect(stepSizes(1)).toEqual([1]);
    expect(stepSizes(2)).toEqual([1]);
    expect(stepSizes(3)).toEqual([1, 2]);
    expect(stepSizes(4)).toEqual([1, 3]);
    expect(stepSizes(5)).toEqual([1, 2, 3]);
    expect(stepSizes(6)).toEqual([1, 5]);
    expect(stepSizes(12)).toEqual([1, 5, 7, 11]);
    expect(stepSizes(16)).toEqual([1, 3, 5, 7, 11, 13]);
    for (const n of [7, 9, 15, 16, 30]) for (const s of stepSizes(n)) expect(new Set(probeOrder(0, s, n)).size).toBe(n);
  });

  test('Java String.hashCode semantics', () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('guest')).toBe(98708952);
    // overflows wrap to 32-bit two's complement
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
    expect(actionHash('guest', 'hello')).toBe(Math.abs(javaStringHash('guest') ^ javaStringHash('guest/hello')));
  });

  test('managed and blackbox pools', () => {
    expect(invokerPools(10, 0.9, 0.1)).toEqual({ managed: [0, 1, 2, 3, 4, 5, 6, 7, 8], blackbox: [9] });
    // small N: the lists overlap
    expect(invokerPools(1, 0.9, 0.1)).toEqual({ managed: [0], blackbox: [0] });
    expect(invokerPools(2, 0.9, 0.1)).toEqual({ managed: [0, 1], blackbox: [1] });
    // blackbox fraction is at least 1 - managed
    expect(invokerPools(10, 0.5, 0.1).blackbox).toEqual([5, 6, 7, 8, 9]);
  });

  test('invokers of different sizes: each invoker\'s slots follow its own memory', () => {
    const recorder = new FakeRecorder();
    const b = new ShardingBalancer({ invokerMemoryMiB: [4096, 4096, 1024], functionCount: 1, controllers: 2, minActionMemoryMiB: 128, healthy: new Uint8Array(3).fill(1), overloadRandom: () => 0, recorder });
    expect(b.slots.map((s) => s.permits)).toEqual([2048, 2048, 512]);
    // home on the small invoker: two 256 MiB activations fill its 512 MiB share, the third probes on
    const route = { pool: [0, 1, 2], home: 2, step: 1 };
    expect([b.publish(route, 256), b.publish(route, 256), b.publish(route, 256)]).toEqual([2, 2, 0]);
  });

  test('concurrent actions (NestedSemaphore): memory is taken once per maxConcurrent activations and given back when a container\'s worth is free', () => {
    const b = new ShardingBalancer({ invokerMemoryMiB: [1024], functionCount: 2, controllers: 1, minActionMemoryMiB: 128, healthy: new Uint8Array(1).fill(1), overloadRandom: () => 0, recorder: new FakeRecorder() });
    const route = { pool: [0], home: 0, step: 1 };
    const permits = () => b.slots[0].permits;
    for (let i = 0; i < 3; i++) b.publish(route, 256, 0, 3);
    expect(permits()).toBe(768); // three activations, one container's memory
    b.publish(route, 256, 0, 3);
    expect(permits()).toBe(512); // the fourth needs a second container
    b.publish(route, 256, 1, 1);
    expect(permits()).toBe(256); // another action: its own memory
    b.release(0, 256, 0, 3);
    expect(permits()).toBe(512); // 3 of 6 slots in use: a whole container's worth is free, its memory goes back
    b.release(0, 256, 0, 3);
    b.release(0, 256, 0, 3);
    expect(permits()).toBe(512); // 1 of 3 in use: not yet ...
    b.release(0, 256, 0, 3);
    expect(permits()).toBe(768); // ... now (the other action still holds 256)
  });

  test('slots divided by controllers (floor 128 MiB), probing, overload with forced acquire', () => {
    const healthy = new Uint8Array(3).fill(1);
    const recorder = new FakeRecorder();
    const options = { invokerMemoryMiB: [1024, 1024, 1024], functionCount: 1, controllers: 2, minActionMemoryMiB: 128, healthy, overloadRandom: () => 0.99, recorder };
    const b = new ShardingBalancer(options);
    expect(b.slots[0].permits).toBe(512);
    expect(new ShardingBalancer({ ...options, controllers: 16 }).slots[0].permits).toBe(128);
    const route = { pool: [0, 1, 2], home: 1, step: 1 };
    expect(b.publish(route, 512)).toBe(1); // home
    expect(b.publish(route, 256)).toBe(2); // home full: next by step
    expect(b.publish(route, 256)).toBe(2);
    expect(b.publish(route, 512)).toBe(0);
    healthy[0] = 0;
    // invoker 0 unhealthy, everything else full: random healthy invoker (index 0.99 * 2 -> 2), forced
    expect(b.publish(route, 256)).toBe(2);
    expect(recorder.counts.get('balancer.overloads')).toBe(1);
    expect(b.slots[2].permits).toBe(-256);
    b.release(2, 256);
    expect(b.slots[2].permits).toBe(0);
    healthy.fill(0);
    expect(b.publish(route, 128)).toBe(-1);
  });

  test('throttles: per calendar minute and concurrent, divided by controllers', () => {
    const t = NamespaceThrottle.forController(10, 0, 2); // 5 per minute at this controller
    const admitted = Array.from({ length: 8 }, (_, i) => t.admit(10 + i)).filter(Boolean).length;
    expect(admitted).toBe(5);
    expect(t.admit(60)).toBe(true); // a new minute
    const c = NamespaceThrottle.forController(0, 3, 1);
    c.inFlight = 3;
    expect(c.admit(0)).toBe(false);
    c.inFlight = 2;
    expect(c.admit(0)).toBe(true);
    expect(NamespaceThrottle.forController(1, 1, 4).admit(0)).toBe(true); // at least 1
  });
});
