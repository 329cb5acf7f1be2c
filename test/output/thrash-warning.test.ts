import { describe, expect, it } from '@jest/globals';
import { formatSummaryTable } from '../../src/output/table.js';
import { runScenario } from '../../src/run/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Metrics } from '../../src/model/metrics.js';
import { rep, result, SWEEP } from './fixture.js';

/** One replication: `arrivals` in the window, `completed` of them, and the second half's cold share. */
function replication(r: number, arrivals: number, completed: number, secondHalfCold?: number): Metrics {
  return {
    offered: arrivals / 50,
    throughput: completed / 50,
    arrivals,
    completed,
    rejected: 0,
    'latency.p50': 0.1,
    coldStartRatio: 0.5,
    ...(secondHalfCold === undefined ? {} : { 'coldStartRatio.secondHalf': secondHalfCold }),
  };
}

const table = (...reps: [number, number, number?][]) =>
  formatSummaryTable(result(reps.map(([arrivals, completed, cold], i) => rep('native', 0, i + 1, replication(i + 1, arrivals, completed, cold)))));

describe('the table warns when a run tips into cold-start thrash (issue 20 item 4)', () => {
  it('names the replications where most of the second half started cold while the backlog grew', () => {
    const text = table([6000, 5000, 0.97], [6000, 5995, 0.1], [6000, 4900, 0.98]);
    expect(text).toContain(
      `warning: variant native at ${SWEEP}=50 /s tipped into cold-start thrash in 2 of 3 replications (1 and 3): in the second half of the window 97 to 98 % of its activations started cold ` +
        'while the backlog grew (17 to 18 % of the arrivals still in the system at the end); ' +
        "OpenWhisk's metastable collapse, which lasts until the load falls below what the invokers complete when every start is cold (docs/openwhisk.md#metastable-collapse)",
    );
  });

  it('says "all" when every replication tipped', () => {
    expect(table([6000, 5000, 0.97], [6000, 5000, 0.97])).toContain('tipped into cold-start thrash in all 2 replications: in the second half of the window 97 % of');
  });

  it('not for a run that starts most activations cold but keeps up, nor for one saturated with warm containers, nor without the metric', () => {
    expect(table([6000, 5990, 0.9], [6000, 5995, 0.95])).not.toContain('thrash'); // backlog under 1 % of the arrivals
    const warmSaturated = table([6000, 4000, 0.05], [6000, 4100, 0.04]);
    expect(warmSaturated).toContain('is saturated');
    expect(warmSaturated).not.toContain('thrash');
    expect(table([6000, 4000], [6000, 4000])).not.toContain('thrash'); // a platform that does not report it
  });

  it('scenarios/openwhisk-metastable.yaml: the 1.2 s docker run tips, native does not', async () => {
    const scenario = loadScenario('scenarios/openwhisk-metastable.yaml');
    const two = { ...scenario, runs: scenario.runs.filter((r) => r.variant === 'native' || r.variant === 'native-docker-1.2s') };
    const text = formatSummaryTable(await runScenario(two, { replications: 1 }));
    expect(text).toMatch(/warning: variant native-docker-1\.2s tipped into cold-start thrash in its replication: in the second half of the window 9\d(\.\d)? % of its activations started cold/);
    expect(text).not.toMatch(/variant native (is|tipped|:)/);
  });
});
