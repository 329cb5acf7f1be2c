import { describe, expect, test } from '@jest/globals';
import { metricKindOf } from '../../../src/layers/index.js';
import { runScenario } from '../../../src/run/run.js';
import { parseScenario } from '../../../src/scenario/load.js';
import type { CvmSecurity } from '../../../src/tee/cvm/settings.js';
import { scenarioErrorLines } from '../../scenario/error-lines.js';

/** A confidential-VM scenario; tests replace single lines, so line numbers stay put (hardware on 3, security on 6, the function on 8). */
const CVM = `name: c
duration: 120s
hardware: epyc-genoa
platform:
  kind: openwhisk
  security: { mode: cvm, tee: sev-snp }
  userMemory: 32GiB
functions: [{ name: f, exec: 20ms }]
workload: [{ function: f, arrivals: { poisson: 1/s } }]
`;
const load = (text: string) => parseScenario(text, 'c.yaml');
const errors = (text: string) => scenarioErrorLines(text, 'c.yaml');

describe('mode: cvm in a scenario', () => {
  test('its defaults, its metric kind, and the machine of its TEE when the file names none', () => {
    const [run] = load(CVM).runs;
    const s = run.security as CvmSecurity & { mode: string };
    expect([metricKindOf(run), s.mode, s.tee, s.vmm, s.vcpus]).toEqual(['openwhisk+cvm+cpu', 'cvm', 'sev-snp', 'kata-qemu', 1]);
    expect(s.vmms['kata-qemu']).toMatchObject({ measuredMiB: 2.2, memoryMiB: 2048, acceptEagerMiB: 512, firmware: { dist: 'constant', value: 3.5 } });
    expect(run.functions[0].guest).toBeUndefined(); // the model's guest is taken where the function writes none
    const machine = (tee: string) => load(CVM.replace('hardware: epyc-genoa\n', '').replace('tee: sev-snp', `tee: ${tee}`)).runs[0].hardware!.name;
    // the first line gone: the rest of the file is one line up, which nothing below depends on
    expect([machine('sev-snp'), machine('tdx')]).toEqual(['epyc-genoa', 'xeon-sapphire-rapids']);
  });

  test('a machine without the TEE is refused at the tee; SGX refuses a machine without SGX', () => {
    expect(errors(CVM.replace('hardware: epyc-genoa', 'hardware: icelake-sp'))).toEqual([
      '6:31: platform.security.tee: tee: sev-snp needs AMD SEV-SNP, which hardware icelake-sp does not have (its profile writes no snp section)',
    ]);
    expect(errors(CVM.replace('tee: sev-snp', 'tee: tdx'))[0]).toMatch(/tee: tdx needs Intel TDX, which hardware epyc-genoa does not have/);
    expect(errors(CVM.replace('mode: cvm, tee: sev-snp', 'mode: sgx'))).toEqual([
      '3:11: hardware: hardware epyc-genoa has no SGX (its profile writes no epc, sgx, ...): SGX and Clemmys run on a machine with SGX',
    ]);
    // a Sapphire Rapids host has both
    expect(load(CVM.replace('hardware: epyc-genoa', 'hardware: xeon-sapphire-rapids').replace('mode: cvm, tee: sev-snp', 'mode: sgx')).runs[0].hardware!.epcMiB).toBe(131072);
  });

  test('a function whose VM cannot fit an invoker, and a working set larger than its VM, are refused at the function', () => {
    expect(errors(CVM.replace('userMemory: 32GiB', 'userMemory: 2GiB'))).toEqual([
      "8:13: functions[0].memory: the confidential VM of f holds 2304 MiB (its 256 MiB and the VM's 2048 MiB of kata-qemu), more than the 2048 MiB of userMemory of any invoker: it could never start",
    ]);
    expect(errors(CVM.replace('exec: 20ms }', 'exec: 20ms, guest: { workingSet: 3GiB } }'))[0]).toMatch(/functions\[0\]\.guest\.workingSet: the working set of f \(3072 MiB\) is more than its VM's memory \(2304 MiB\)/);
    expect(errors(CVM.replace('tee: sev-snp', 'tee: sgx'))[0]).toMatch(/platform\.security\.tee: .*"tdx".*"sev-snp"/);
  });

  test('sweeps and variants reach the VMM\'s parts and the machine\'s TEE costs', () => {
    const runs = load(`${CVM}sweep:\n  platform.security.kata-qemu.firmware: [3.2s, 4s]\n  hardware.snp.report: [8ms, 16ms]\n`).runs;
    expect(runs.map((r) => [(r.security as CvmSecurity).vmms['kata-qemu'].firmware, r.hardware!.snp!.reportSeconds])).toEqual([
      [{ dist: 'constant', value: 3.2 }, 0.008], [{ dist: 'constant', value: 3.2 }, 0.016],
      [{ dist: 'constant', value: 4 }, 0.008], [{ dist: 'constant', value: 4 }, 0.016],
    ]);
  });
});

describe('reuse: fresh and warm on confidential VMs', () => {
  test('fresh: every request a cold start (a new VM), none reused; warm: the requests after the cold ones reuse a VM', async () => {
    const text = CVM.replace('userMemory: 32GiB', 'userMemory: 64GiB\n  prewarm: { stemCells: [] }').replace('duration: 120s', 'duration: 120s\nwarmup: 20s\nreplications: 2') +
      'variants:\n  fresh: { platform.security.reuse: fresh }\n  warm: { platform.security.reuse: warm }\n';
    const result = await runScenario(load(text));
    for (const { variant, metrics: m } of result.replications) {
      expect(m.started).toBeGreaterThan(60);
      if (variant === 'fresh') {
        expect([m.coldStarts, m['sandbox.reused']]).toEqual([m.started, 0]);
        expect(m['cvm.starts']).toBeGreaterThanOrEqual(m.started);
        expect(m['latency.p50']).toBeGreaterThan(10); // each pays the VM's boot and the image pull
      } else {
        expect(m['sandbox.reused']).toBe(m.started - m.coldStarts);
        expect(m['sandbox.reusedRatio']).toBeGreaterThan(0.9);
        expect(m['latency.p50']).toBeLessThan(0.1);
      }
    }
  });
});
