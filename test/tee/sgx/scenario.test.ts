import { describe, expect, test } from '@jest/globals';
import { enclaveOf } from '../../../src/tee/sgx/checks.js';
import { ScenarioError, type ScenarioIssue } from '../../../src/schema/errors.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { hardwareModels } from '../../../src/schema/hardware-profiles.js';
import { sgxModelLeaves, type SgxSecurity } from '../../../src/tee/sgx/settings.js';
import { modelLeavesOf } from '../../../src/schema/model-file.js';

/** A small secure OpenWhisk scenario; tests replace single lines, so line numbers stay put. */
const SECURE = `name: s
duration: 60s
hardware: gemini-lake-j5005
platform:
  kind: openwhisk
  security: sgx
functions:
  - name: f
    exec: 20ms
    enclave: { code: 8MiB, heap: 64MiB, workingSet: 16MiB }
workload:
  - function: f
    arrivals:
      poisson: 20/s
`;
const load = (text: string) => parseScenario(text, 'secure.yaml');
const securityOf = (text: string) => load(text).runs.map((r) => r.security as SgxSecurity | undefined);
function issuesOf(text: string): ScenarioIssue[] {
  try {
    load(text);
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues;
    throw error;
  }
  throw new Error('the scenario loaded without an error');
}

describe('model files of the SGX layer', () => {
  test('every value of models/sgx.yaml and models/hardware/*.yaml says where it comes from', () => {
    const leaves = [...sgxModelLeaves(), ...[...hardwareModels().values()].flatMap(({ model }) => modelLeavesOf(model))];
    expect(leaves.length).toBeGreaterThan(50);
    for (const { path, leaf } of leaves) {
      expect([path, ['seen', 'derived', 'estimated'].includes(leaf.mark)]).toEqual([path, true]);
      expect([path, typeof leaf.source === 'string' && leaf.source.length > 10]).toEqual([path, true]);
    }
  });

  test('the SGX profiles ship, with the EPC and SGX versions of calibration.md', () => {
    expect([...hardwareModels().keys()]).toEqual(expect.arrayContaining(['gemini-lake-j5005', 'icelake-sp', 'skylake-sgx1', 'azure-dc8s-v3']));
    const run = (hardware: string) => load(SECURE.replace('hardware: gemini-lake-j5005', `hardware: ${hardware}`).replace('security: sgx', 'security: { mode: sgx, sgx: v1 }')).runs[0].hardware!;
    expect([run('gemini-lake-j5005').epcMiB, run('gemini-lake-j5005').sgxVersions]).toEqual([94, ['v1', 'v2']]);
    expect([run('icelake-sp').epcMiB, run('icelake-sp').sgxVersions]).toEqual([65144, ['v1', 'v2']]);
    expect([run('skylake-sgx1').epcMiB, run('skylake-sgx1').sgxVersions, run('skylake-sgx1').augment]).toEqual([93, ['v1'], null]);
    expect([run('azure-dc8s-v3').epcMiB, run('azure-dc8s-v3').cores, run('azure-dc8s-v3').memoryMiB]).toEqual([32768, 8, 65536]);
  });
});

describe('the scenario contract', () => {
  test('security: sgx alone means every default of models/sgx.yaml, in base units', () => {
    const [s] = securityOf(SECURE);
    expect(s).toMatchObject({ mode: 'sgx', sgx: 'v2', initialHeapMiB: 1, augmentBatchPages: 64, paging: 'allow', reclaim: 'clock', prewarmEnclaves: false, runtimeFactor: 1, attestation: 'dcap', transitionsPerRequest: 2 });
    // each enclave's runtime starts as its profile says, unless the platform writes one for all
    expect(s!.runtimeStart).toBeUndefined();
    expect(s!.dcap.verification).toEqual({ dist: 'constant', value: 0.00054 });
  });

  test('absent or none: the resolved platform has no security key, as before SGX; no hardware unless named', () => {
    const native = load(SECURE.replace('  security: sgx\n', '').replace('hardware: gemini-lake-j5005\n', ''));
    expect('security' in native.runs[0].platform).toBe(false);
    expect(native.runs[0].hardware).toBeUndefined();
    for (const none of ['none', '{ mode: none, sgx: v1 }']) {
      expect('security' in load(SECURE.replace('security: sgx', `security: ${none}`)).runs[0].platform).toBe(false);
    }
  });

  test('a secure platform without hardware runs on the default profile; a function without enclave gets its kind\'s runtime', () => {
    const run = load(SECURE.replace('hardware: gemini-lake-j5005\n', '').replace('    enclave: { code: 8MiB, heap: 64MiB, workingSet: 16MiB }\n', '')).runs[0];
    expect(run.hardware!.name).toBe('gemini-lake-j5005');
    expect(run.functions[0].enclave).toBeUndefined();
    // scone-node's 1 GiB heap capped to what the 256 MiB memory limit leaves after its 48 MiB of code
    expect(enclaveOf(run.functions[0])).toMatchObject({ runtime: 'scone-node', codeMiB: 48, heapMiB: 208, workingSetMiB: 32, measured: 'all' });
    expect(enclaveOf({ ...run.functions[0], memoryMiB: 2048 })).toMatchObject({ heapMiB: 1024 });
    expect(load(SECURE).warnings).toBeUndefined(); // the defaults fit their function
    expect(load(SECURE).runs[0].functions[0].enclave).toEqual({ code: 8, heap: 64, workingSet: 16 });
    expect(enclaveOf(load(SECURE).runs[0].functions[0])).toMatchObject({ runtime: 'scone-node', codeMiB: 8, heapMiB: 64, workingSetMiB: 16 });
  });

  test.each([
    ['nodejs:20', 'scone-node'],
    ['python:3', 'scone-python'],
    ['go:1.21', 'sdk-c'],
    ['blackbox', 'sdk-c'],
  ])('a %s function without enclave.runtime runs %s, as a Clemmys-like (SCONE) deployment would', (kind, runtime) => {
    const run = load(SECURE.replace('    enclave: { code: 8MiB, heap: 64MiB, workingSet: 16MiB }\n', `    kind: "${kind}"\n`)).runs[0];
    expect(enclaveOf(run.functions[0]).runtime).toBe(runtime);
  });

  test('enclave.runtime takes a profile of models/runtimes/, and the other keys override it', () => {
    const run = load(SECURE.replace('enclave: { code: 8MiB, heap: 64MiB, workingSet: 16MiB }', 'enclave: { runtime: gramine-node, heap: 1GiB, runtimeStart: 300ms }')).runs[0];
    expect(enclaveOf(run.functions[0])).toEqual({ runtime: 'gramine-node', codeMiB: 4, heapMiB: 1024, workingSetMiB: 32, runtimeStart: { dist: 'constant', value: 0.3 }, measured: 'code' });
    const issues = issuesOf(SECURE.replace('enclave: { code: 8MiB, heap: 64MiB, workingSet: 16MiB }', 'enclave: { runtime: scone-nodejs }'));
    expect(issues).toEqual([expect.objectContaining({ path: 'functions[0].enclave.runtime', message: expect.stringMatching(/scone-node/) })]);
  });

  test('hardware overrides any key of its profile', () => {
    const hw = load(SECURE.replace('hardware: gemini-lake-j5005', 'hardware: { profile: gemini-lake-j5005, epc: 64MiB, pageEvict: 30us }')).runs[0].hardware!;
    expect([hw.epcMiB, hw.pageEvictSeconds, hw.pageLoadSeconds]).toEqual([64, 30e-6, 31e-6]);
  });

  test('variants and sweeps reach every key, written or default', () => {
    const text = `${SECURE}variants:
  v1: { "platform.security.sgx": v1 }
  v2: {}
  native: { "platform.security": none }
sweep:
  platform.security.augmentBatch: [1, 4, 64, 256]
`;
    const runs = load(text).runs;
    expect(runs.map((r) => [r.variant, (r.security as SgxSecurity | undefined)?.sgx, (r.security as SgxSecurity | undefined)?.augmentBatchPages])).toEqual([
      ['v1', 'v1', 1], ['v1', 'v1', 4], ['v1', 'v1', 64], ['v1', 'v1', 256],
      ['v2', 'v2', 1], ['v2', 'v2', 4], ['v2', 'v2', 64], ['v2', 'v2', 256],
      ['native', undefined, undefined], ['native', undefined, undefined], ['native', undefined, undefined], ['native', undefined, undefined],
    ]);
    const epc = load(`${SECURE}sweep:\n  hardware.epc: [64MiB, 128MiB]\n  platform.security.dcap.keyService: [1ms, 10ms]\n`).runs;
    expect(epc.map((r) => [r.hardware!.epcMiB, (r.security as SgxSecurity).dcap.keyService])).toEqual([
      [64, { dist: 'constant', value: 0.001 }], [64, { dist: 'constant', value: 0.01 }],
      [128, { dist: 'constant', value: 0.001 }], [128, { dist: 'constant', value: 0.01 }],
    ]);
  });

  test('a sweep does not switch a native platform to SGX', () => {
    const issues = issuesOf(`${SECURE.replace('  security: sgx\n', '')}sweep:\n  platform.security.augmentBatch: [1, 4]\n`);
    expect(issues.map((i) => i.message)).toEqual(['platform.security.augmentBatch does not exist in the scenario: a sweep only changes values that are there']);
  });
});

describe('sizes that cannot fit as written: warnings, located, and the scenario still loads', () => {
  const warningsOf = (text: string) => load(text).warnings ?? [];

  test('an enclave larger than its function\'s memory', () => {
    expect(warningsOf(SECURE.replace('heap: 64MiB', 'heap: 512MiB'))).toEqual([
      expect.objectContaining({ file: 'secure.yaml', line: 10, column: 14, path: 'functions[0].enclave', message: expect.stringMatching(/enclave of f \(scone-node, the runtime of kind nodejs:20\) \(code \+ heap: 520 MiB\) is larger than the function's 256 MiB memory limit/) }),
    ]);
  });

  test('a 4 GiB heap on a 1 GiB invoker', () => {
    const text = SECURE.replace('  security: sgx\n', '  security: sgx\n  userMemory: 1GiB\n').replace('heap: 64MiB', 'heap: 4GiB');
    expect(warningsOf(text)).toEqual([expect.objectContaining({ line: 11, path: 'functions[0].enclave', message: expect.stringMatching(/4104 MiB\) is larger than the invoker's 1024 MiB of user memory/) })]);
  });

  test('a working set larger than the EPC: every run reloads it', () => {
    const text = SECURE.replace('heap: 64MiB, workingSet: 16MiB', 'heap: 128MiB, workingSet: 100MiB');
    expect(warningsOf(text).map((w) => w.message)).toContainEqual(expect.stringMatching(/touches 100 MiB a request, more than the 94 MiB EPC of hardware gemini-lake-j5005: every run reloads its working set/));
  });

  test('a warning names the variant that causes it; a scenario within every size has none', () => {
    expect(load(SECURE).warnings).toBeUndefined();
    const text = `${SECURE}variants:\n  big: { functions: [{ name: f, exec: 20ms, memory: 128MiB, enclave: { heap: 256MiB } }] }\n  base: {}\n`;
    expect(warningsOf(text)).toEqual([expect.objectContaining({ message: expect.stringMatching(/128 MiB memory limit/) })]);
  });
});

describe('located validation errors', () => {
  test('sgx: v2 on an SGX1 profile, at platform.security.sgx', () => {
    const issues = issuesOf(SECURE.replace('hardware: gemini-lake-j5005', 'hardware: skylake-sgx1').replace('security: sgx', 'security: { mode: sgx, sgx: v2 }'));
    expect(issues).toEqual([expect.objectContaining({ file: 'secure.yaml', line: 6, path: 'platform.security.sgx', message: expect.stringMatching(/SGX2.*skylake-sgx1/) })]);
  });

  test('runtimeFactor below 1 (the body cannot be shortened; it crashed a run before), at the key', () => {
    const issues = issuesOf(SECURE.replace('security: sgx', 'security: { mode: sgx, runtimeFactor: 0.8 }'));
    expect(issues).toEqual([expect.objectContaining({ line: 6, path: 'platform.security.runtimeFactor', message: expect.stringMatching(/must be >= 1.*exec time/) })]);
  });

  test('a working set larger than the heap, at the function', () => {
    const issues = issuesOf(SECURE.replace('workingSet: 16MiB', 'workingSet: 128MiB'));
    expect(issues).toEqual([expect.objectContaining({ line: 10, path: 'functions[0].enclave.workingSet', message: expect.stringMatching(/larger than the heap/) })]);
  });

  test('an enclave larger than the profile allows (its memory holds the pages)', () => {
    const issues = issuesOf(SECURE.replace('heap: 64MiB, workingSet: 16MiB', 'heap: 16GiB, workingSet: 16MiB'));
    expect(issues).toEqual([expect.objectContaining({ line: 10, path: 'functions[0].enclave', message: expect.stringMatching(/larger than the 8192 MiB of memory of hardware gemini-lake-j5005/) })]);
  });

  test('with paging: avoid, an enclave that could never fit in the EPC', () => {
    const avoid = (heap: string, sgx: string) => SECURE.replace('heap: 64MiB', `heap: ${heap}`).replace('security: sgx', `security: { mode: sgx, sgx: ${sgx}, paging: avoid }`);
    expect(issuesOf(avoid('128MiB', 'v1'))).toEqual([expect.objectContaining({ path: 'functions[0].enclave', message: expect.stringMatching(/commits 136 MiB of EPC.*paging: avoid/) })]);
    // v2 commits the code, the initial heap and the working set only: it fits.
    expect(load(avoid('128MiB', 'v2')).runs).toHaveLength(1);
  });

  test('unknown profiles, keys and modes name the place', () => {
    expect(issuesOf(SECURE.replace('hardware: gemini-lake-j5005', 'hardware: gemini-lake'))).toEqual([expect.objectContaining({ line: 3, path: 'hardware', message: expect.stringMatching(/unknown hardware profile "gemini-lake".*; profiles in models\/hardware\/: .*gemini-lake-j5005, icelake-sp, skylake-sgx1\b/) })]);
    expect(issuesOf(SECURE.replace('security: sgx', 'security: { mode: sgx, augmentBatc: 4 }'))).toEqual([expect.objectContaining({ line: 6, path: 'platform.security.augmentBatc', message: expect.stringMatching(/did you mean "augmentBatch"/) })]);
    expect(issuesOf(SECURE.replace('security: sgx', 'security: { mode: tdx }'))).toEqual([expect.objectContaining({ path: 'platform.security.mode' })]);
    expect(issuesOf(SECURE.replace('security: sgx', 'security: { sgx: v1 }'))).toEqual([expect.objectContaining({ path: 'platform.security.mode', message: expect.stringMatching(/^security needs a mode: none \| sgx \| clemmys\b/) })]);
    expect(issuesOf(SECURE.replace('security: sgx', 'security: { mode: sgx, augmentBatch: 0 }'))).toEqual([expect.objectContaining({ path: 'platform.security.augmentBatch' })]);
  });
});
