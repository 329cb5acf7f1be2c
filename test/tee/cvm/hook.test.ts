import { describe, expect, test } from '@jest/globals';
import { hardwareProfile } from '../../../src/layers/index.js';
import { resolveOpenWhisk } from '../../../src/platform/openwhisk/schema.js';
import type { FunctionSpec } from '../../../src/schema/types.js';
import { CvmHook } from '../../../src/tee/cvm/hook.js';
import { cvmSettingsSchema, defaultGuest, type GuestSpec } from '../../../src/tee/cvm/settings.js';
import { fn, harness, ZERO } from '../../openwhisk/harness.js';

// The confidential-VM layer alone, its hook driven through OpenWhisk's phases on a bare harness
// (zero OpenWhisk latencies, constant boot parts): every number is worked out by hand from the
// profiles' values as printed in models/hardware/*.yaml.

const genoa = hardwareProfile('epyc-genoa');
const sapphire = hardwareProfile('xeon-sapphire-rapids');
/** 2.2 MiB measured by the PSP at 3.9 MiB/s (models/cvm.yaml, models/hardware/epyc-genoa.yaml: read as whole bytes a second). */
const PSP_LAUNCH = (2.2 * 2 ** 20) / Math.round(3.9 * 2 ** 20);
const MIB_PAGES = 256;

/** Boot parts as constants, so that the trace below is exact. */
const CONSTANT = { 'kata-qemu': { setup: '100ms', firmware: '3.5s', kernel: '700ms' }, keyBroker: { release: '48ms', servers: 2 } };
const guestOf = (g: Partial<GuestSpec> = {}): GuestSpec => ({ ...defaultGuest(), imagePull: { dist: 'constant', value: 6 }, ...g });
const withGuest = (name: string, exec: number, g: Partial<GuestSpec> = {}, memoryMiB = 256): FunctionSpec => ({ ...fn(name, memoryMiB, exec), guest: guestOf(g) });

function cvmRun(platform: Record<string, unknown>, functions: FunctionSpec[], security: Record<string, unknown> = {}) {
  const settings = cvmSettingsSchema.parse({ ...CONSTANT, ...security });
  const machine = settings.tee === 'tdx' ? sapphire : genoa;
  const tee = settings.tee === 'tdx' ? machine.tdx! : machine.snp!;
  const params = resolveOpenWhisk({ kind: 'openwhisk', ...platform });
  return harness(platform, functions, 1, 0, ({ sim, random, recorder }) => [new CvmHook({ sim, security: settings, tee, functions, params, random, recorder })]);
}

/** Seconds to accept `mib` on one vCPU at 11.4 us a page. */
const accept = (mib: number) => mib * MIB_PAGES * 11.4e-6;

describe('an SEV-SNP cold start, part by part', () => {
  test('boot, attestation, key release, image pull, then the body with its encryption factor, I/Os and first touches', () => {
    const h = cvmRun({ ...ZERO, invokers: 1, userMemory: '8GiB' }, [withGuest('f', 1, { workingSetMiB: 64, io: 2 })]);
    const cold = h.at(0, 0);
    const warm = h.at(60, 0);
    h.sim.run(200);
    // boot: set-up 0.1, the PSP's launch measurement, firmware 3.5, 512 MiB accepted at 11.4 us a page, kernel 0.7
    const boot = 0.1 + PSP_LAUNCH + 3.5 + accept(512) + 0.7;
    expect(h.recorder.samples.get('cvm.boot')).toEqual([expect.closeTo(boot, 12)]);
    // attestation: the report at the PSP (8 ms), verification 0.54 ms, the key broker's 48 ms; then the 6 s pull
    const attestation = 0.008 + 0.00054 + 0.048;
    expect(h.recorder.samples.get('cvm.attestation')).toEqual([expect.closeTo(attestation, 12)]);
    expect(cold.start).toBeCloseTo(boot + attestation + 6, 12);
    // the body of 1 s is 3 % longer, its 2 I/Os 5 us each; the first run accepts its 64 MiB working set
    const run = 1 * 1.03 + 2 * 5e-6;
    expect(cold.end - cold.start).toBeCloseTo(accept(64) + run, 12);
    expect(warm.end - warm.start).toBeCloseTo(run, 12);
    const part = (p: string) => h.recorder.mean(`latency.breakdown.${p}`) * 2; // summed over the two requests
    expect(part('vmLaunch')).toBeCloseTo(0.1 + PSP_LAUNCH, 12);
    expect(part('memoryAccept')).toBeCloseTo(accept(512), 12);
    expect(part('evidence')).toBeCloseTo(0.008 + 0.00054, 12);
    expect(part('imagePull')).toBeCloseTo(6, 12);
    expect(part('lazyAccept')).toBeCloseTo(accept(64), 12);
    expect(part('memoryEncryption')).toBeCloseTo(0.06, 12);
  });

  test('n simultaneous launches on one host are measured one at a time: the last boot ends (n - 1) PSP launches after the first', () => {
    const n = 8;
    const h = cvmRun({ ...ZERO, invokers: 1, userMemory: '64GiB', parallelContainerCreations: n }, [withGuest('f', 1)]);
    for (let k = 0; k < n; k++) h.at(0, 0);
    h.sim.run(500);
    const boots = h.recorder.samples.get('cvm.boot')!;
    expect(boots).toHaveLength(n);
    const alone = 0.1 + PSP_LAUNCH + 3.5 + accept(512) + 0.7;
    // all start at 0: VM k waits for k measurements of 0.5641 s each
    boots.forEach((b, k) => expect(b).toBeCloseTo(alone + k * PSP_LAUNCH, 9));
    expect(boots[n - 1] - boots[0]).toBeCloseTo((n - 1) * PSP_LAUNCH, 9); // 3.949 s for 8: ~n x 0.564 s
    // the waits in the PSP's line: 0, 1, ..., n - 1 launches; the n reports come after the last launch and wait for none
    const [waited, count] = h.recorder.means.get('cvm.queue.wait.mean')!;
    expect([waited, count]).toEqual([expect.closeTo((PSP_LAUNCH * n * (n - 1)) / 2, 9), 2 * n]);
  });
});

describe('density: memory and key IDs as OpenWhisk\'s pool sees them', () => {
  test('a confidential VM holds its function\'s memory and the VM\'s 2 GiB', () => {
    const h = cvmRun({ ...ZERO, invokers: 1, userMemory: '64GiB' }, [withGuest('f', 30)]);
    for (let k = 0; k < 5; k++) h.at(0, 0);
    h.sim.run(20);
    expect(h.ow.invokers[0].pool.memoryUsedMiB).toBe(5 * (256 + 2048));
    expect(h.recorder.gauges.get('cvm.live.max')!.value).toBe(5);
  });

  test('the 32nd confidential VM on a host with 31 key IDs waits until one is idle, then the pool evicts it: never 32 at once', () => {
    // 32 functions, one request each at 0, bodies of 100 s: memory is plenty (32 x 2.25 GiB < 128 GiB)
    const functions = Array.from({ length: 32 }, (_, i) => withGuest(`f${i}`, 100));
    const h = cvmRun({ ...ZERO, invokers: 1, userMemory: '128GiB', parallelContainerCreations: 32 }, functions, { tee: 'tdx' });
    const acts = functions.map((_, i) => h.at(0, i));
    const keyIds = h.ow.invokers[0].pool.ledger.resources[1];
    expect([keyIds.name, keyIds.capacity, keyIds.mode]).toEqual(['keyIds', 31, 'hard']);
    let most = 0;
    for (let t = 0; t < 400; t += 0.5) {
      h.sim.run(t);
      most = Math.max(most, keyIds.used);
    }
    expect(most).toBe(31);
    expect(h.recorder.gauges.get('cvm.live.max')!.max).toBe(31);
    const first = Math.min(...acts.slice(0, 31).map((a) => a.end));
    const last = acts[31];
    // it waited in the run buffer for the first VM to finish its body, which the pool then evicted for it
    expect(last.startKind).toBe('cold');
    expect(last.start).toBeGreaterThan(first);
    expect(h.recorder.counts.get('evictions')).toBe(1);
    expect(h.recorder.counts.get('cvm.starts')).toBe(32);
  });
});

describe('TDX: the quote at the host\'s QGS, the guest kernel polling for it', () => {
  test('a TD boots without the PSP and attests through its quote', () => {
    const h = cvmRun({ ...ZERO, invokers: 1, userMemory: '8GiB' }, [withGuest('f', 1, { io: 1 })], { tee: 'tdx' });
    const a = h.at(0, 0);
    h.sim.run(100);
    // set-up, the TDX module's 0.1 s measurement, firmware, 512 MiB accepted, kernel
    expect(h.recorder.samples.get('cvm.boot')).toEqual([expect.closeTo(0.1 + 0.1 + 3.5 + accept(512) + 0.7, 12)]);
    // quote 4 ms, polling 5 ms, verification, key release
    expect(h.recorder.samples.get('cvm.attestation')).toEqual([expect.closeTo(0.004 + 0.005 + 0.00054 + 0.048, 12)]);
    expect(a.end - a.start).toBeCloseTo(accept(64) + 1.05 + 50e-6, 12);
  });
});
