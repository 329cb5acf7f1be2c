import { describe, expect, it } from '@jest/globals';
import { CHAIN_METRICS, GENERAL_METRICS, allMetricNames, metricNames, metricQuantity } from '../../src/metrics/names.js';
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
  it.each(platforms)('is exactly what a %s run reports, for the whole run and per function', async (kind, platform) => {
    const [spec] = parseScenario(scenario(platform), 'vocabulary.yaml').runs;
    const result = await runReplication(spec, 1);
    // a run without chains reports no chain metrics
    const runNames = (metricNames(kind) ?? []).filter((name) => !CHAIN_METRICS.includes(name));
    expect(Object.keys(result.metrics).sort()).toEqual(runNames.sort());
    for (const fn of ['a', 'b']) expect(Object.keys(result.perFunction[fn]).sort()).toEqual([...(metricNames(kind, 'function') ?? [])].sort());
  });

  it.each(platforms)('has the chain metrics a %s run of two chains reports, whole run and per chain', async (kind, platform) => {
    const text = `${scenario(platform)}chains:
  - { name: ab, steps: [a, b] }
  - { name: ba, steps: [b, a] }
`.replace('- { function: a, arrivals', '- { chain: ab, arrivals').replace('- { function: b, arrivals', '- { chain: ba, arrivals');
    const [spec] = parseScenario(text, 'vocabulary.yaml').runs;
    const result = await runReplication(spec, 1);
    expect(Object.keys(result.metrics).sort()).toEqual([...(metricNames(kind) ?? [])].sort());
    for (const chain of ['ab', 'ba']) expect(Object.keys(result.perChain?.[chain] ?? {}).sort()).toEqual([...(metricNames(kind, 'chain') ?? [])].sort());
  });

  it('has no vocabulary for a kind it does not know', () => {
    expect(metricNames('my-platform')).toBeUndefined();
  });

  it('lists every name once', () => {
    expect(new Set(GENERAL_METRICS).size).toBe(GENERAL_METRICS.length);
    expect(allMetricNames()).toContain('latency.breakdown.acks');
    expect(allMetricNames()).toContain('evictions');
  });

  it('tells times, rates and plain numbers apart', () => {
    expect(['latency.p50', 'wait.mean', 'completion.p999', 'latency.breakdown.init'].map(metricQuantity)).toEqual(['time', 'time', 'time', 'time']);
    expect(['offered', 'throughput'].map(metricQuantity)).toEqual(['rate', 'rate']);
    expect(['utilization', 'coldStartRatio', 'evictions', 'instances.mean', 'invokers.memoryUsed.max', 'waitProbability'].map(metricQuantity)).toEqual(
      Array(6).fill('number'),
    );
  });
});
