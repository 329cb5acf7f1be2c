import { describe, expect, it } from '@jest/globals';
import { GENERAL_METRICS, allMetricNames, metricNames } from '../../src/metrics/names.js';
import { runReplication } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';

/** Two functions (so per-function metrics exist), blocking calls, a cold start or two. */
const scenario = (platform: string) => `name: vocabulary
duration: 20s
warmup: 1s
platform: ${platform}
functions:
  - { name: a, exec: 20ms }
  - { name: b, exec: 30ms }
workload:
  - { function: a, arrivals: { poisson: 20/s } }
  - { function: b, arrivals: { poisson: 10/s } }
`;

const platforms: [string, string][] = [
  ['station', '{ kind: station, servers: 2 }'],
  ['scale-per-request', '{ kind: scale-per-request }'],
  ['openwhisk', '{ kind: openwhisk }'],
];

describe('the metric vocabulary', () => {
  // The recorder reports exactly what its platform declares (test/metrics/recorder.test.ts); here,
  // the other way round: nothing is declared that the platform never records. In a run that
  // exercises every path (blocking calls, cold starts, two functions), every declared metric has a value.
  it.each(platforms)('every metric %s declares has a value in a run that exercises it', async (kind, platform) => {
    const [spec] = parseScenario(scenario(platform), 'vocabulary.yaml').runs;
    const result = await runReplication(spec, 1);
    const empty = (m: Record<string, number>) => Object.keys(m).filter((name) => !Number.isFinite(m[name]));
    expect(Object.keys(result.metrics).sort()).toEqual([...metricNames(kind)!].sort());
    expect(empty(result.metrics)).toEqual([]);
    for (const fn of ['a', 'b']) expect(empty(result.perFunction[fn])).toEqual([]);
  });

  it.each(platforms)('a %s run of chains reports exactly the chain metrics on each chain\'s rows', async (kind, platform) => {
    const text = `${scenario(platform)}chains:
  - { name: ab, steps: [a, b] }
  - { name: ba, steps: [b, a] }
`.replace('- { function: a, arrivals', '- { chain: ab, arrivals');
    const [spec] = parseScenario(text, 'vocabulary.yaml').runs;
    const result = await runReplication(spec, 1);
    expect(Object.keys(result.metrics).sort()).toEqual([...metricNames(kind)!].sort());
    for (const chain of ['ab', 'ba']) expect(Object.keys(result.perChain![chain]).sort()).toEqual([...metricNames(kind, 'chain')!].sort());
    expect(Object.values(result.perChain!.ab).filter((v) => !Number.isFinite(v))).toEqual([]);
  });

  it('has no vocabulary for a kind that is not registered', () => {
    expect(metricNames('my-platform')).toBeUndefined();
  });

  it('every platform reports the general metrics; OpenWhisk adds its own', () => {
    for (const [kind] of platforms) expect(metricNames(kind)).toEqual(expect.arrayContaining([...GENERAL_METRICS]));
    expect(metricNames('openwhisk')).toContain('latency.breakdown.acks');
    expect(metricNames('station')).not.toContain('evictions');
    expect(allMetricNames()).toContain('evictions');
  });
});
