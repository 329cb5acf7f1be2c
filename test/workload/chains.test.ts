import { describe, expect, it } from '@jest/globals';
import { Replication } from '../../src/run/replication.js';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/schema/errors.js';
import type { Activation } from '../../src/model/activation.js';
import { runScenario } from '../../src/run/run.js';
import { summaryCsv } from '../../src/output/summary-csv.js';
import { parseCsv } from '../output/fixture.js';
import { summaryJson } from '../../src/output/summary-json.js';
import { summaryFromJson } from '../../src/output/summary.js';
import { evaluateClaims } from '../../src/claims/evaluate.js';

/** OpenWhisk with every latency zero and no pause or removal: a warm step takes its body's time and nothing more. */
const ZERO_OPENWHISK = '{ kind: openwhisk, invokers: 1, latencies: 0, pauseGrace: 1h, idleContainer: 1h, prewarm: { stemCells: [] } }';

const chainScenario = (platform: string, workload: string, extra = '') => `name: chains
duration: 60s
platform: ${platform}
functions:
  - { name: fetch, exec: 30ms, output: 2KiB }
  - { name: resize, exec: 50ms, output: 1KiB }
  - { name: store, exec: 20ms }
chains:
  - { name: thumbnail, steps: [fetch, resize, store] }
  - { name: twice, steps: [fetch, fetch] }
workload:
${workload}
${extra}`;

async function runOne(text: string, observer = {}) {
  const [spec] = parseScenario(text, 'chains.yaml').runs;
  const replication = new Replication(spec, 1, observer);
  await replication.run();
  const result = replication.result();
  replication.close();
  return result;
}

describe('function chains', () => {
  it('with zero OpenWhisk latencies and constant bodies, a warm chain takes the sum of its steps exactly', async () => {
    // one call a second: each finds the containers of the previous call warm (the first call starts cold)
    const text = chainScenario(ZERO_OPENWHISK, '  - { chain: thumbnail, arrivals: { constant: 1/s } }').replace('duration: 60s', 'duration: 60s\nwarmup: 2s');
    const result = await runOne(text);
    const chain = result.perChain!.thumbnail;
    expect(chain['chain.completed']).toBe(58);
    expect(chain['chain.latency.mean']).toBeCloseTo(0.03 + 0.05 + 0.02, 12);
    // the quantiles come from a sketch: within its 0.1 % relative accuracy
    expect(chain['chain.latency.p99']).toBeCloseTo(0.1, 3);
    expect(chain['chain.failed']).toBe(0);
    // every step is an activation of its own, counted as such
    expect(result.metrics.completed).toBe(3 * 58);
  });

  it('feeds each step the previous step output, and marks its place in the chain', async () => {
    const seen: Activation[] = [];
    await runOne(chainScenario('{ kind: station, servers: 4 }', '  - { chain: thumbnail, arrivals: { constant: 1/s } }'), { started: (a: Activation) => seen.push(a) });
    const first = seen.slice(0, 3).map((a) => [a.fn, a.chainStep, a.chainLength, a.inputFrom]);
    expect(first).toEqual([
      [0, 0, 3, -1],
      [1, 1, 3, 0],
      [2, 2, 3, 1],
    ]);
  });

  it('runs the steps one after the other on a station: latency = sum of the steps when nothing waits', async () => {
    const result = await runOne(chainScenario('{ kind: station, servers: 8 }', '  - { chain: twice, arrivals: { constant: 2/s } }'));
    const chain = result.perChain!.twice;
    expect(chain['chain.latency.mean']).toBeCloseTo(0.06, 12);
    expect(chain['chain.throughput']).toBeCloseTo(chain['chain.completed'] / 60, 12);
    // a chain the workload never calls is reported too, with nothing in it
    expect(result.perChain!.thumbnail['chain.arrived']).toBe(0);
  });

  it('fails a chain whose step is rejected, and conserves chains: arrived = completed + failed + in flight', async () => {
    // one server, no queue, a Poisson load far past its capacity: many steps are turned away
    const result = await runOne(chainScenario('{ kind: station, servers: 1, queue: 0 }', '  - { chain: thumbnail, arrivals: { poisson: 20/s } }'));
    const c = result.perChain!.thumbnail;
    const m = result.metrics;
    expect(c['chain.failed']).toBeGreaterThan(100);
    expect(c['chain.completed']).toBeGreaterThan(10);
    expect(c['chain.arrived']).toBe(c['chain.completedTotal'] + c['chain.failedTotal'] + c['chain.inFlight']);
    // one rejected step per failed chain: a failed chain sends no further step
    expect(m.rejectedTotal).toBe(c['chain.failedTotal']);
    expect(m.arrived).toBe(m.finishedTotal + m.rejectedTotal + m.inFlight);
  });

  it('a step lost with its invoker (OpenWhisk faults) fails its chain there', async () => {
    // one invoker, steps of 30, 50 and 20 ms at 1/s: the invoker dies at 10.5 s for 30 s. The call
    // of 10 s has finished (its last completion ack at 10.1 s); those of 11 s to 20 s arrive while
    // it is down but still believed Healthy (Offline at 20.1 s: that ack + 10 s): their first step
    // waits in its topic and runs after the restart at 40.5 s; those of 21 s to 40 s are refused
    // (503): their chains fail.
    const platform = ZERO_OPENWHISK.replace('invokers: 1,', "invokers: 1, faults: [{ at: 10.5s, invoker: 0, down: 30s }],");
    const result = await runOne(chainScenario(platform, '  - { chain: thumbnail, arrivals: { constant: 1/s } }'));
    const c = result.perChain!.thumbnail;
    const m = result.metrics;
    expect(c['chain.arrived']).toBe(c['chain.completedTotal'] + c['chain.failedTotal'] + c['chain.inFlight']);
    expect(m.arrived).toBe(m.finishedTotal + m.rejectedTotal + m.failedTotal + m.inFlight);
    expect(m.failedTotal).toBe(0); // nothing was running at 10.5 s: the call of 10 s ended at 10.1 s
    expect(m.rejectedTotal).toBe(20);
    expect(c['chain.failedTotal']).toBe(20);
    expect(c['chain.inFlight']).toBe(0);
  });

  it('a step running when its invoker dies is failed, and so is its chain', async () => {
    const platform = ZERO_OPENWHISK.replace('invokers: 1,', "invokers: 1, faults: [{ at: 10.04s, invoker: 0, down: 5s }],");
    const result = await runOne(chainScenario(platform, '  - { chain: thumbnail, arrivals: { constant: 1/s } }'));
    const c = result.perChain!.thumbnail;
    // the call of 10 s is in its second step (resize, 10.03 .. 10.08 s) at 10.04 s
    expect(result.metrics.failedTotal).toBe(1);
    expect(c['chain.failedTotal']).toBe(1);
    expect(c['chain.arrived']).toBe(c['chain.completedTotal'] + c['chain.failedTotal'] + c['chain.inFlight']);
  });

  it('reports each chain on its own rows; their steps are activations of the whole run', async () => {
    const result = await runOne(
      chainScenario('{ kind: station, servers: 8 }', '  - { chain: thumbnail, arrivals: { poisson: 5/s } }\n  - { chain: twice, arrivals: { poisson: 3/s } }'),
    );
    const [a, b] = ['thumbnail', 'twice'].map((c) => result.perChain![c]);
    const steps = 3 * a['chain.completedTotal'] + 2 * b['chain.completedTotal'];
    // every step of a completed chain finished; steps of chains in flight may have too
    expect(result.metrics.finishedTotal).toBeGreaterThanOrEqual(steps);
    expect(result.metrics.finishedTotal).toBeLessThan(steps + 3 * a['chain.inFlight'] + 2 * b['chain.inFlight']);
    expect(a['chain.latency.mean']).toBeGreaterThan(b['chain.latency.mean']);
    expect(Object.keys(result.metrics).some((name) => name.startsWith('chain.'))).toBe(false);
  });

  it('writes per-chain rows in summary.csv with a chain column, the whole run and functions as chain "all"', async () => {
    const text = chainScenario('{ kind: station, servers: 8 }', '  - { chain: thumbnail, arrivals: { poisson: 5/s } }\n  - { chain: twice, arrivals: { poisson: 3/s } }');
    const [header, ...cells] = parseCsv(summaryCsv(await runScenario(parseScenario(text, 'chains.yaml'))));
    const rows = cells.map((cell) => Object.fromEntries(header.map((name, i) => [name, cell[i]])));
    // summary.csv holds the replication rows only (the statistics are in summary-statistics.csv)
    expect(header).not.toContain('statistic');
    const values = rows.map((r) => [r.function, r.chain, r['chain.completed'] !== '', r['latency.mean'] !== '']);
    expect(values).toEqual([
      ['all', 'all', false, true],
      ['fetch', 'all', false, true],
      ['resize', 'all', false, true],
      ['store', 'all', false, true],
      ['all', 'thumbnail', true, false],
      ['all', 'twice', true, false],
    ]);
  });

  it('reads the chain rows back from summary.json (report and compare work on a result folder)', async () => {
    const text = chainScenario('{ kind: station, servers: 8 }', '  - { chain: thumbnail, arrivals: { poisson: 5/s } }');
    const result = await runScenario(parseScenario(text, 'chains.yaml'));
    const back = summaryFromJson(summaryJson(result), 'summary.json');
    const chainGroups = back.groups.filter((g) => g.chain !== 'all').map((g) => [g.chain, g.values['chain.completed']]);
    expect(chainGroups).toEqual([
      ['thumbnail', [result.replications[0].perChain!.thumbnail['chain.completed']]],
      ['twice', [0]],
    ]);
  });

  it('checks claims on a chain\'s rows, named by chain:, and refuses a chain metric without it', async () => {
    const claims = (latency: string) => `claims:
  - { id: sum, metric: chain.latency.mean, chain: thumbnail, variant: base, value: { max: ${latency} } }
`;
    const text = (latency: string) => chainScenario('{ kind: station, servers: 8 }', '  - { chain: thumbnail, arrivals: { constant: 2/s } }', claims(latency));
    const verdicts = async (latency: string) => evaluateClaims(await runScenario(parseScenario(text(latency), 'chains.yaml'))).map((v) => v.verdict);
    expect(await verdicts('101ms')).toEqual(['pass']);
    expect(await verdicts('99ms')).toEqual(['fail']);
    const without = text('1s').replace(', chain: thumbnail', '');
    expect(() => parseScenario(without, 'chains.yaml')).toThrow(/claims\[0\]\.metric: chain\.latency\.mean is reported on a chain's rows: name the chain/);
    const unknown = text('1s').replace('chain: thumbnail, variant', 'chain: nope, variant');
    expect(() => parseScenario(unknown, 'chains.yaml')).toThrow(/claims\[0\]\.chain: unknown chain "nope"/);
  });

  it('answers a closed-loop client when its whole chain is done', async () => {
    // 2 clients, no think time to speak of: each waits 100 ms for its chain, so about 10 chains a second each
    const result = await runOne(chainScenario('{ kind: station, servers: 8 }', '  - { chain: thumbnail, arrivals: { closedLoop: { clients: 2, think: 1ms } } }'));
    const chain = result.perChain!.thumbnail;
    expect(chain['chain.throughput']).toBeCloseTo(2 / 0.101, 1);
    expect(chain['chain.inFlight']).toBeLessThanOrEqual(2);
  });

  it('gives every variant the same demands per chain call (common random numbers)', async () => {
    const text = chainScenario('{ kind: station, servers: 8 }', '  - { chain: thumbnail, arrivals: { poisson: 5/s } }')
      .replace('exec: 50ms', 'exec: { dist: exponential, mean: 50ms }')
      .concat('variants:\n  small: { "platform.servers": 2 }\n  large: { "platform.servers": 16 }\n');
    const demands = await Promise.all(
      parseScenario(text, 'chains.yaml').runs.map(async (spec) => {
        const byStep: number[] = [];
        const replication = new Replication(spec, 1, { arrived: (a: Activation) => a.chainStep === 1 && byStep.push(a.execSeconds) });
        await replication.run();
        return byStep.slice(0, 50);
      }),
    );
    expect(demands[0]).toEqual(demands[1]);
  });

  it.each([
    ['a step naming no function', '  - { chain: broken, arrivals: { poisson: 1/s } }', 'chains:\n  - { name: broken, steps: [fetch, nope] }', /chains\[2\]\.steps\[1\]: unknown function "nope"/],
    ['an unknown chain', '  - { chain: nope, arrivals: { poisson: 1/s } }', '', /workload\[0\]\.chain: unknown chain "nope"/],
    ['both function and chain', '  - { chain: twice, function: fetch, arrivals: { poisson: 1/s } }', '', /workload\[0\]: a workload entry calls exactly one of function or chain, got both/],
    ['a non-blocking chain', '  - { chain: twice, blocking: false, arrivals: { poisson: 1/s } }', '', /workload\[0\]\.blocking: a chain is called blocking/],
    ['a chain named like a function', '  - { chain: twice, arrivals: { poisson: 1/s } }', 'chains:\n  - { name: store, steps: [fetch] }', /chains\[2\]\.name: chain name "store" is also a function's/],
  ])('refuses %s, naming the place', (_what, workload, extra, message) => {
    // a second `chains:` key would be a YAML error: extra chains are appended to the list
    const text = chainScenario('{ kind: station, servers: 1 }', workload).replace('workload:', extra === '' ? 'workload:' : `${extra.replace('chains:\n', '')}\nworkload:`);
    expect(() => parseScenario(text, 'chains.yaml')).toThrow(ScenarioError);
    expect(() => parseScenario(text, 'chains.yaml')).toThrow(message);
  });
});
