import { describe, expect, it } from '@jest/globals';
import type { Activation } from '../../src/model/activation.js';
import { runReplication } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { TIMEOUT_SCENARIO } from './timeout-scenario.js';

const scenario = parseScenario(TIMEOUT_SCENARIO, 'timeouts.yaml');

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
