import { describe, expect, test } from '@jest/globals';
import { runScenario } from '../../../src/run/run.js';
import { parseScenario } from '../../../src/scenario/load.js';

// A confidential container's cold start as the model builds it from its documented parts (the
// defaults of models/cvm.yaml and the profiles, nothing set here but the stack), against what was
// measured on real stacks. The bounds are the published figures (docs/calibration.md, by row id),
// never the model's own sums: a change of a default that leaves the published range fails here.
const PUBLISHED = {
  /** QEMU + OVMF SEV-SNP VM: 4.0 s to init, one instance (cvm-start-qemu-snp); 9.17 s to systemd ready (cvm-start-qemu-ovmf-snp). */
  qemuSnpBootSeconds: [4.0, 9.17],
  /** Kata confidential pod pulling its image in the guest (cvm-start-image-pull). */
  imagePullSeconds: [5.6, 6.7],
  /** A Kata confidential pod's whole start, one pod alone: 15.1 s (cvm-boot-pod-vs-memory), 14.9 s to a ready service (cvm-concurrent-services). */
  podStartMaxSeconds: 15.1,
  /** Firecracker + SEV-SNP microVM boot, Lupine / AWS / Ubuntu kernels (cvm-start-fc-snp). */
  firecrackerSnpBootSeconds: [0.17, 0.32],
  /** A 64 GB TD with lazy acceptance boots in under 15 s; accepting eagerly it never left the firmware in 90 s (cvm-accept-tdx-eager-lazy). */
  tdx64GiB: { lazyMaxSeconds: 15, eagerMinSeconds: 90 },
  /** Extra boot time per VM started at once: QEMU + SNP 556 ms, Firecracker + SNP 33 ms (cvm-concurrent-qemu-snp, cvm-concurrent-fc-snp). */
  slopeSeconds: { qemu: 0.556, firecracker: 0.033 },
  /** A guest's attestation: at least Trustee's release to one client, 45 ms (cvm-attest-trustee); at most a CoCo pod's pre-attestation, 0.22 s (cvm-boot-sev-preattest). */
  attestationSeconds: [0.045, 0.22],
};

/** One request per replication (a cold start) on one invoker, or `clients` at once (then no OpenWhisk latency: the VMs start together). */
const scenario = (clients = 1) => `name: published
duration: 300s
replications: 3
platform:
  kind: openwhisk
  invokers: 1
  userMemory: 256GiB
  actionMemory: { max: 64GiB }
  parallelContainerCreations: ${clients}${clients > 1 ? '\n  latencies: 0' : ''}
  prewarm: { stemCells: [] }
  security: { mode: cvm }
functions: [{ name: f, exec: 100ms }]
workload: [{ function: f, arrivals: { closedLoop: { clients: ${clients}, think: 1h } } }]
variants:
  kata-snp: {}
  firecracker-snp: { platform.security.vmm: firecracker }
  tdx-64g-lazy: { platform.security.tee: tdx, functions.0.memory: 62GiB }
  tdx-64g-eager: { platform.security.tee: tdx, functions.0.memory: 62GiB, platform.security.kata-qemu.acceptEager: 64GiB }
`;

const within = (value: number, [min, max]: readonly number[]) => expect([value, value >= min && value <= max]).toEqual([value, true]);

describe('a confidential container built from its documented parts, against the published stacks', () => {
  test('cold starts: the VM boot, the image pull and the whole start of each stack fall in the measured ranges', async () => {
    const result = await runScenario(parseScenario(scenario(), 'published.yaml'));
    for (const { variant, metrics: m } of result.replications) {
      expect(m.coldStarts).toBe(1);
      const coldStart = m['latency.mean'] - 0.1 * (variant.startsWith('tdx') ? 1.05 : 1.03); // less the body
      if (variant === 'kata-snp') {
        within(m['cvm.boot.mean'], PUBLISHED.qemuSnpBootSeconds);
        within(m['latency.breakdown.imagePull'], PUBLISHED.imagePullSeconds);
        within(coldStart, [PUBLISHED.qemuSnpBootSeconds[0] + PUBLISHED.imagePullSeconds[0], PUBLISHED.podStartMaxSeconds]);
        within(m['cvm.attestation.mean'], PUBLISHED.attestationSeconds);
      } else if (variant === 'firecracker-snp') {
        within(m['cvm.boot.mean'], PUBLISHED.firecrackerSnpBootSeconds);
      } else if (variant === 'tdx-64g-lazy') {
        expect(m['cvm.boot.mean']).toBeLessThan(PUBLISHED.tdx64GiB.lazyMaxSeconds);
        within(m['cvm.attestation.mean'], PUBLISHED.attestationSeconds);
      } else {
        expect(m['cvm.boot.mean']).toBeGreaterThan(PUBLISHED.tdx64GiB.eagerMinSeconds);
      }
    }
  });

  test('VMs started at once: the boot grows per VM as measured for QEMU and Firecracker with SEV-SNP (within 5 %)', async () => {
    const n = 10;
    const parsed = parseScenario(scenario(n), 'published.yaml');
    const result = await runScenario({ ...parsed, runs: parsed.runs.filter((r) => r.variant.endsWith('snp')) });
    for (const { variant, metrics: m } of result.replications) {
      // the boots of n VMs started together are evenly spaced by the slope: the last is (n - 1) / 2 slopes above the mean
      const slope = (m['cvm.boot.max'] - m['cvm.boot.mean']) / ((n - 1) / 2);
      const published = variant === 'kata-snp' ? PUBLISHED.slopeSeconds.qemu : PUBLISHED.slopeSeconds.firecracker;
      within(slope, [published * 0.95, published * 1.05]);
    }
  });
});
