import { describe, expect, it } from '@jest/globals';
import type { Activation } from '../../src/model/activation.js';
import { runReplication } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';

// Two functions on one invoker; OpenWhisk answers a blocking call with HTTP 202 once it has waited
// maxWaitBlocking (1 s here) after the publish: `slow` often runs longer, `fast` never does warm.
const scenario = parseScenario(`name: timed-out
duration: 60s
warmup: 10s
platform: { kind: openwhisk, invokers: 1, timeouts: { maxWaitBlocking: 1s } }
functions:
  - { name: slow, exec: { dist: uniform, min: 0.5s, max: 1.6s } }
  - { name: fast, exec: 10ms }
workload:
  - { function: slow, arrivals: { poisson: 2/s } }
  - { function: fast, arrivals: { poisson: 2/s } }
`, 'timed-out.yaml');

describe('timedOut: blocking calls answered by the blocking wait (issue 20 item 3)', () => {
  it('counts, per run and per function, the blocking calls arrived after warm-up that got the 202 instead of their result', async () => {
    const spec = scenario.runs[0];
    const answered: Activation[] = [];
    const result = await runReplication(spec, 1, { observer: { accepted: (a) => answered.push(a) } });
    // every 202 here is a timeout: the calls are all blocking
    const inWindow = answered.filter((a) => a.blocking && a.arrival >= spec.warmupSeconds);
    const byFunction = (fn: number) => inWindow.filter((a) => a.fn === fn).length;
    expect(result.metrics.timedOut).toBe(inWindow.length);
    expect([result.perFunction.slow.timedOut, result.perFunction.fast.timedOut]).toEqual([byFunction(0), byFunction(1)]);
    expect(byFunction(0)).toBeGreaterThan(20);
    // the caller's latency is the wait: at least maxWaitBlocking after its arrival
    for (const a of inWindow) expect(a.response - a.arrival).toBeGreaterThanOrEqual(1);
  });

  it('is 0, not missing, on an OpenWhisk run without timeouts', async () => {
    const long = scenario.runs[0];
    const result = await runReplication({ ...long, functions: long.functions.map((f) => ({ ...f, exec: { dist: 'constant', value: 0.01 } })) }, 1);
    expect(result.metrics.timedOut).toBe(0);
    expect(result.perFunction.slow.timedOut).toBe(0);
  });
});
