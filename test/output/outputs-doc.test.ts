import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { summaryCsv, summaryStatisticsCsv } from '../../src/output/summary-csv.js';
import { claimsCsv } from '../../src/output/claims-data.js';
import { evaluateClaims } from '../../src/claims/evaluate.js';
import { platformKinds, platformTimeseries } from '../../src/platform/index.js';
import { SGX_COLUMNS } from '../../src/tee/sgx/openwhisk-hook.js';
import { allMetricNames } from '../../src/metrics/names.js';
import { claim, parseCsv, rep, result, standardResult } from './fixture.js';
import { traceLayout } from '../../src/output/trace-csv.js';
import { parseScenario } from '../../src/scenario/index.js';

const doc = readFileSync('docs/outputs.md', 'utf8');
const readme = readFileSync('README.md', 'utf8');
/** The first cell of every table row of docs/outputs.md, split on commas: the columns it documents. */
const documented = new Set(
  doc.split('\n').filter((l) => l.startsWith('| `')).flatMap((l) => l.split('|')[1].split(',').map((c) => c.trim().replace(/^`|`$/g, ''))),
);
const metrics = new Set(allMetricNames());

describe('docs/outputs.md documents the unit of every column the files have', () => {
  it('summary.csv and summary-statistics.csv: fixed columns in docs/outputs.md, metric columns in the README metrics table', () => {
    const withChain = result([rep('native', 0, 1, { throughput: 1 }, { perChain: { c: { 'chain.throughput': 1 } } })], [], { variants: ['native'] });
    const headers = [summaryCsv(standardResult()), summaryStatisticsCsv(standardResult()), summaryCsv(withChain)].map((text) => parseCsv(text)[0]);
    const sweep = new Set(standardResult().scenario.sweepPaths);
    for (const column of new Set(headers.flat())) {
      if (sweep.has(column)) continue;
      if (metrics.has(column)) expect(readme).toContain(`| \`${column}\` |`);
      else if (column !== 'zeta.custom' && column !== 'epc.peak') expect([...documented]).toContain(column); // two undeclared fixture metrics
    }
    expect(headers[2]).toContain('chain');
    expect(doc).toContain('*one column per sweep path*');
  });

  it('timeseries.csv: every column any platform declares (and the SGX hook adds)', () => {
    const columns = ['scenario', 'variant', 'point', 'replication', 'time', ...SGX_COLUMNS];
    for (const kind of platformKinds()) {
      const declared = platformTimeseries(kind);
      if (declared !== undefined) columns.push(declared.entity, ...declared.columns);
    }
    expect(columns.length).toBeGreaterThan(10);
    for (const column of columns) expect([...documented]).toContain(column);
  });

  it('the --trace file: every column, the parts of every layer (metrics, in the README metrics table)', () => {
    const scenario = parseScenario(
      `name: doc
duration: 10s
platform: { kind: openwhisk, security: clemmys }
functions: [{ name: f, exec: 10ms }]
workload: [{ function: f, arrivals: { poisson: 1/s } }]
variants: { native: { platform: { security: none } }, clemmys: {} }
sweep: { workload.0.arrivals.poisson: [1/s, 2/s] }
`,
      'doc.yaml',
    );
    const { header, sweepPaths } = traceLayout(scenario);
    const parts = header.filter((column) => column.startsWith('latency.breakdown.'));
    expect(parts).toEqual(expect.arrayContaining(['latency.breakdown.run', 'latency.breakdown.enclaveCreate', 'latency.breakdown.gateway']));
    for (const column of header) {
      if (sweepPaths.includes(column)) continue;
      if (metrics.has(column)) expect(readme).toContain(`| \`${column}\` |`);
      else expect([...documented]).toContain(column);
    }
    expect(documented).toContain('latency.breakdown.<part>');
  });

  it('check --format csv: every column', () => {
    const verdicts = evaluateClaims(standardResult([claim({ id: 'x', metric: 'throughput', variant: 'native', value: { min: 1 } })]));
    for (const column of parseCsv(claimsCsv(verdicts))[0]) expect([...documented]).toContain(column);
  });
});
