import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { hardwareProfile, registerSecurityLayer } from '../../src/layers/index.js';
import type { SecurityLayer } from '../../src/platform/security-layer.js';
import { parseScenario } from '../../src/scenario/load.js';
import { strictShape } from '../../src/schema/zod-helpers.js';
import { scenarioErrorLines } from '../scenario/error-lines.js';

// A hardware profile is every machine's cores and memory plus each layer's keys; a machine without
// a TEE writes none of that TEE's keys, and the TEE's checks refuse it.

/** A profile file of a machine with no TEE at all, and a scenario on it (hardware on line 3). */
const BARE = 'cores: { value: 16, mark: seen, source: "the host" }\nmemory: { value: 64GiB, mark: seen, source: "the host" }\n';
const scenario = (security: string, hardware = './bare.yaml') => `name: s
duration: 10s
hardware: ${hardware}
platform: { kind: openwhisk, invokers: 1, security: ${security} }
functions: [{ name: f, exec: 20ms }]
workload: [{ function: f, arrivals: { poisson: 1/s } }]
`;
const folder = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'secfaas-machine-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

describe('hardware profiles composed from the layers', () => {
  test('a machine without SGX loads for a native run, and SGX refuses it at hardware', () => {
    const dir = folder({ 'bare.yaml': BARE });
    const native = parseScenario(scenario('none'), join(dir, 's.yaml')).runs[0].hardware!;
    expect(native).toEqual({ name: join(dir, 'bare.yaml'), cores: 16, memoryMiB: 65536 });
    expect(scenarioErrorLines(scenario('sgx'), join(dir, 's.yaml')).map((l) => l.split(dir).join('DIR'))).toEqual([
      '3:11: hardware: hardware DIR/bare.yaml has no SGX (its profile writes no epc, sgx, ...): SGX and Clemmys run on a machine with SGX',
    ]);
    expect(scenarioErrorLines(scenario('clemmys'), join(dir, 's.yaml'))[0]).toMatch(/has no SGX/);
  });

  test('a profile that writes some of SGX\'s keys writes them all', () => {
    const dir = folder({ 'half.yaml': `${BARE}epc: { value: 94MiB, mark: seen, source: "dmesg" }\n` });
    const errors = scenarioErrorLines(scenario('none', './half.yaml'), join(dir, 's.yaml'));
    expect(errors.length).toBeGreaterThan(5);
    expect(errors.every((e) => /half\.yaml:\d+:\d+: \w+: required, but missing/.test(e))).toBe(true);
    expect(errors.some((e) => /: quote: required/.test(e))).toBe(true);
  });

  test('an unknown key is named with a guess among every layer\'s keys', () => {
    const dir = folder({ 'typo.yaml': `${BARE}cors: { value: 8, mark: seen, source: "x" }\n` });
    expect(scenarioErrorLines(scenario('none', './typo.yaml'), join(dir, 's.yaml')).join('\n')).toMatch(/cors: unknown key "cors" \(did you mean "cores"\?\)/);
  });

  test('a layer declares its own hardware keys and finds its part in the profile; shipped profiles keep theirs', () => {
    const widget: SecurityLayer<object> = {
      name: 'widget',
      platforms: ['openwhisk'],
      keys: [],
      settings: z.object({}),
      defaults: () => ({}),
      hardware: {
        keys: ['widget'],
        schema: z
          .object({ widget: strictShape({ speed: z.number().positive() }).optional() })
          .transform((p) => (p.widget === undefined ? {} : ({ widgetSpeed: p.widget.speed } as object))),
      },
      defaultHardware: () => 'icelake-sp',
      metrics: [],
      columns: [],
      build: () => ({}),
    };
    registerSecurityLayer('widget', widget);
    const dir = folder({ 'w.yaml': `extends: icelake-sp\nwidget: { speed: { value: 3, mark: seen, source: "spec" } }\n` });
    const hw = parseScenario(scenario('widget', './w.yaml'), join(dir, 's.yaml')).runs[0].hardware as unknown as Record<string, unknown>;
    expect([hw.widgetSpeed, hw.epcMiB, hw.cores]).toEqual([3, 65144, 8]);
    expect('widgetSpeed' in hardwareProfile('icelake-sp')).toBe(false);
    expect(scenarioErrorLines(scenario('widget', '{ profile: ./w.yaml, widget: { speed: -1 } }'), join(dir, 's.yaml'))).toEqual([
      '3:49: hardware.widget.speed: must be > 0, got -1',
    ]);
  });
});
