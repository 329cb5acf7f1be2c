import { describe, expect, it } from '@jest/globals';
import { parseScenario } from '../../src/scenario/load.js';
import { defaultSampleIntervalSeconds } from '../../src/scenario/run-schema.js';
import { BASE } from './helpers.js';

describe('the default sampling interval', () => {
  it('is 1 s up to 1000 s, then the first round step that takes at most 1000 samples', () => {
    const cases: [number, number][] = [[60, 1], [1000, 1], [1001, 2], [3600, 5], [86400, 120], [7 * 86400, 900], [3.6e6, 3600], [7.2e6 + 1, 10800]];
    for (const [duration, interval] of cases) {
      expect([duration, defaultSampleIntervalSeconds(duration)]).toEqual([duration, interval]);
      expect(duration / interval).toBeLessThanOrEqual(1000);
    }
  });

  it('is off for a run of 1 s or less (no tick would sample it)', () => {
    expect(defaultSampleIntervalSeconds(0.5)).toBe(0);
    expect(defaultSampleIntervalSeconds(1)).toBe(0);
  });

  it('follows the duration a sweep sets, and an explicit sampleInterval wins', () => {
    const swept = parseScenario(`${BASE}sweep:\n  duration: [60s, 24h]\n`, 's.yaml');
    expect(swept.runs.map((r) => r.sampleIntervalSeconds)).toEqual([1, 120]);
    const explicit = parseScenario(BASE.replace('duration: 60s', 'duration: 24h\nsampleInterval: 1s'), 's.yaml');
    expect(explicit.runs[0].sampleIntervalSeconds).toBe(1);
  });
});
