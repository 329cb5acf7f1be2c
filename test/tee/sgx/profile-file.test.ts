import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../../src/scenario/load.js';
import { hardwareProfile } from '../../../src/layers/index.js';
import { hardwareNames } from '../../../src/schema/hardware-profiles.js';
import { isProfileFile } from '../../../src/schema/profile-file.js';
import { scenarioErrorLines } from '../../scenario/error-lines.js';

/** A secure scenario on `hardware`; lines stay put (hardware on line 3). */
const scenario = (hardware: string, tail = '') => `name: s
duration: 60s
hardware: ${hardware}
platform:
  kind: openwhisk
  security: { mode: sgx, sgx: v1 }
functions:
  - { name: f, exec: 20ms, enclave: { code: 1MiB, heap: 64MiB, workingSet: 1MiB } }
workload:
  - { function: f, arrivals: { poisson: 1/s } }
${tail}`;

/** A fresh folder with `files` (path -> text) written in it. */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'secfaas-profile-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const MY_HOST = `# my host: Ice Lake costs, a small EPC
extends: icelake-sp
epc: { value: 94MiB, mark: seen, source: "dmesg: EPC section 94 M" }
pageLoad:
  value: 9us
  mark: "fitted: create.csv"
  source: "secfaas calibrate"
augment:
  fault: { value: 10us, mark: estimated, source: "a guess" }
`;

describe('a hardware profile of your own, in a file beside the scenario', () => {
  test('a ref with a slash or ending in .yaml/.yml is a file; anything else names a shipped profile', () => {
    expect(['./my.yaml', 'profiles/x', 'my-host.yml', 'HOST.YAML', 'C:\\p\\x'].map(isProfileFile)).toEqual([true, true, true, true, true]);
    expect(['icelake-sp', 'gemini-lake-j5005', 'yaml'].map(isProfileFile)).toEqual([false, false, false]);
  });

  test('extends a shipped profile: its keys override the base, the rest are the base; named by its path', () => {
    const dir = folderWith({ 'profiles/my-host.yaml': MY_HOST });
    const file = join(dir, 's.yaml');
    const hw = parseScenario(scenario('./profiles/my-host.yaml'), file).runs[0].hardware!;
    const base = hardwareProfile('icelake-sp');
    expect(hw).toEqual({
      ...base,
      name: join(dir, 'profiles/my-host.yaml'),
      epcMiB: 94,
      pageLoadSeconds: 9e-6,
      augment: { ...base.augment!, faultSeconds: 10e-6 },
    });
  });

  test('the path is relative to the scenario, a file may extend a file (relative to it), and the last file wins', () => {
    const dir = folderWith({
      'profiles/base.yaml': MY_HOST,
      'profiles/mine.yml': 'extends: base.yaml\npageLoad: { value: 12us, mark: seen, source: "measured" }\n',
      'studies/s.yaml': '',
    });
    const hw = parseScenario(scenario('../profiles/mine.yml'), join(dir, 'studies/s.yaml')).runs[0].hardware!;
    expect([hw.name, hw.epcMiB, hw.pageLoadSeconds, hw.pageEvictSeconds]).toEqual([join(dir, 'profiles/mine.yml'), 94, 12e-6, 13e-6]);
  });

  test('a profile that extends nothing writes every key (a copy of a shipped one loads as it)', () => {
    const dir = folderWith({ 'profiles/skylake.yaml': readModel('skylake-sgx1') });
    const hw = parseScenario(scenario('profiles/skylake.yaml'), join(dir, 's.yaml')).runs[0].hardware!;
    expect(hw).toEqual({ ...hardwareProfile('skylake-sgx1'), name: join(dir, 'profiles/skylake.yaml') });
  });

  test('{ profile: FILE, ...overrides } overrides the file; sweeps and variants reach its keys', () => {
    const dir = folderWith({ 'profiles/my-host.yaml': MY_HOST });
    const file = join(dir, 's.yaml');
    const over = parseScenario(scenario('{ profile: ./profiles/my-host.yaml, epc: 64MiB }'), file).runs[0].hardware!;
    expect([over.epcMiB, over.pageLoadSeconds]).toEqual([64, 9e-6]);
    const swept = parseScenario(scenario('./profiles/my-host.yaml', 'sweep:\n  hardware.epc: [32MiB, 128MiB]\n  hardware.augment.fault: [5us, 50us]\n'), file).runs;
    expect(swept.map((r) => [r.hardware!.epcMiB, r.hardware!.augment!.faultSeconds, r.hardware!.pageLoadSeconds])).toEqual([
      [32, 5e-6, 9e-6], [32, 50e-6, 9e-6], [128, 5e-6, 9e-6], [128, 50e-6, 9e-6],
    ]);
    const variants = parseScenario(scenario('./profiles/my-host.yaml', 'variants:\n  small: { "hardware.epc": 16MiB }\n  big: { hardware: { epc: 1GiB } }\n  base: {}\n'), file).runs;
    expect(variants.map((r) => [r.variant, r.hardware!.epcMiB, r.hardware!.pageLoadSeconds])).toEqual([['small', 16, 9e-6], ['big', 1024, 9e-6], ['base', 94, 9e-6]]);
  });

  test('variants reach the keys of a shipped profile named in short form too', () => {
    const runs = parseScenario(scenario('gemini-lake-j5005', 'variants:\n  small: { "hardware.epc": 16MiB }\n  ice: { hardware: icelake-sp }\n'), 's.yaml').runs;
    expect(runs.map((r) => [r.variant, r.hardware!.name, r.hardware!.epcMiB])).toEqual([['small', 'gemini-lake-j5005', 16], ['ice', 'icelake-sp', 65144]]);
  });
});

describe('a bad profile file: located in it, after the scenario place that names it', () => {
  /** The error lines of a scenario naming profiles/p.yaml (with `files` beside it), the folder shown as DIR. */
  function errorsOf(files: Record<string, string>, hardware = './profiles/p.yaml'): string[] {
    const dir = folderWith(files);
    return scenarioErrorLines(scenario(hardware), join(dir, 's.yaml')).map((line) => line.split(dir).join('DIR'));
  }

  test('a missing file', () => {
    expect(errorsOf({})).toEqual(['3:11: hardware: cannot read the hardware profile DIR/profiles/p.yaml: no such file']);
  });

  test('a missing file under a sweep over hardware, which no run reads: still reported', () => {
    const dir = folderWith({});
    const lines = scenarioErrorLines(scenario('./profiles/p.yaml', 'sweep:\n  hardware: [gemini-lake-j5005, icelake-sp]\n'), join(dir, 's.yaml'));
    expect(lines.map((line) => line.split(dir).join('DIR'))).toEqual(['3:11: hardware: cannot read the hardware profile DIR/profiles/p.yaml: no such file']);
    // the same sweep under a base that is a profile: runs on each swept machine
    const runs = parseScenario(scenario('gemini-lake-j5005', 'sweep:\n  hardware: [gemini-lake-j5005, icelake-sp]\n'), join(dir, 's.yaml')).runs;
    expect(runs.map((r) => r.hardware!.name)).toEqual(['gemini-lake-j5005', 'icelake-sp']);
  });

  test('a secure variant that does not build: its own problem only, not a chart blamed for it', () => {
    const text = scenario('gemini-lake-j5005', 'variants:\n  native: { "platform.security": none }\n  sgx: {}\ncharts:\n  - { x: variant, y: enclave.startup.mean }\n')
      .replace('{ mode: sgx, sgx: v1 }', '{ mode: sgx, sgx: v1, reclaim: lru }');
    expect(scenarioErrorLines(text, 's.yaml')).toEqual(['6:44: platform.security.reclaim: expected "clock" or "spread", got "lru"']);
  });

  test('bad YAML', () => {
    expect(errorsOf({ 'profiles/p.yaml': 'extends: icelake-sp\nepc: { value: 94MiB\n' })).toEqual([
      expect.stringMatching(/^3:11: hardware: DIR\/profiles\/p\.yaml:3:1: Flow map .* end with a \}$/),
    ]);
  });

  test('an unknown key, with a suggestion, at the key', () => {
    expect(errorsOf({ 'profiles/p.yaml': 'extends: icelake-sp\npageLod: { value: 9us, mark: seen, source: "x" }\n' })).toEqual([
      '3:11: hardware: DIR/profiles/p.yaml:2:10: pageLod: unknown key "pageLod" (did you mean "pageLoad"?)',
    ]);
  });

  test('a wrong unit, at the value, in the file of the chain that wrote it', () => {
    const files = {
      'profiles/base.yaml': 'extends: icelake-sp\nepc:\n  value: 94ms\n  mark: seen\n  source: "x"\n',
      'profiles/p.yaml': 'extends: ./base.yaml\nsgx: { value: [v1, v3], mark: seen, source: "x" }\n',
    };
    expect(errorsOf(files)).toEqual([
      '3:11: hardware: DIR/profiles/base.yaml:3:10: epc.value: expected a size like 4KiB, 256MiB or 2GiB, got "94ms"',
      '3:11: hardware: DIR/profiles/p.yaml:2:20: sgx.value[1]: expected "v1" or "v2", got "v3"',
    ]);
  });

  test('a value without its mark and source, a mark not known', () => {
    expect(errorsOf({ 'profiles/p.yaml': 'extends: icelake-sp\nquote: 39ms\ncores: { value: 4, mark: guessed, source: "" }\n' })).toEqual([
      '3:11: hardware: DIR/profiles/p.yaml:2:8: quote: expected { value, mark, source } (every value of a model file says where it comes from), got "39ms"',
      '3:11: hardware: DIR/profiles/p.yaml:3:26: cores.mark: expected a mark: seen, derived, estimated or "fitted: FILE"; got "guessed"',
      '3:11: hardware: DIR/profiles/p.yaml:3:43: cores.source: expected where the value comes from (a non-empty string), got ""',
    ]);
  });

  test('an unknown extends, with a suggestion; a missing one', () => {
    expect(errorsOf({ 'profiles/p.yaml': 'extends: icelak-sp\n' })).toEqual([
      `3:11: hardware: DIR/profiles/p.yaml:1:10: extends: unknown hardware profile "icelak-sp" (did you mean "icelake-sp"?); profiles in models/hardware/: ${hardwareNames().join(', ')}`,
    ]);
    expect(errorsOf({ 'profiles/p.yaml': 'extends: ./nope.yaml\n' })).toEqual([
      '3:11: hardware: DIR/profiles/p.yaml:1:10: extends: cannot read the hardware profile DIR/profiles/nope.yaml: no such file',
    ]);
  });

  test('a cycle of extends, at the extends that closes it', () => {
    const files = { 'profiles/p.yaml': 'extends: ./q.yaml\n', 'profiles/q.yaml': 'extends: p.yaml\n' };
    expect(errorsOf(files)).toEqual([
      '3:11: hardware: DIR/profiles/q.yaml:1:10: extends: extends p.yaml makes a cycle: DIR/profiles/p.yaml -> DIR/profiles/q.yaml -> DIR/profiles/p.yaml',
    ]);
    expect(errorsOf({ 'profiles/p.yaml': 'extends: p.yaml\n' })).toEqual([
      '3:11: hardware: DIR/profiles/p.yaml:1:10: extends: extends p.yaml makes a cycle: DIR/profiles/p.yaml -> DIR/profiles/p.yaml',
    ]);
  });

  test('a key missing from a profile that extends nothing; an override of the scenario stays in the scenario', () => {
    const lines = errorsOf({ 'profiles/p.yaml': readModel('skylake-sgx1').replace(/^quote:\n(  .*\n)+/m, '') });
    expect(lines).toEqual(['3:11: hardware: DIR/profiles/p.yaml:7:1: quote: required, but missing']);
    const overridden = errorsOf({ 'profiles/p.yaml': MY_HOST }, '{ profile: ./profiles/p.yaml, epc: 94ms }');
    expect(overridden).toEqual(['3:46: hardware.epc: expected a size like 4KiB, 256MiB or 2GiB, got "94ms"']);
  });
});

function readModel(name: string): string {
  return readFileSync(new URL(`../../../models/hardware/${name}.yaml`, import.meta.url), 'utf8');
}
