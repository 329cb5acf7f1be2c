import { describe, it, expect } from '@jest/globals';
import { summaryJson } from '../../src/output/summary-json.js';
import { estimate } from '../../src/aggregate/estimate.js';
import { evaluateClaims } from '../../src/claims/evaluate.js';
import { claim, rep, result, standardResult, SWEEP } from './fixture.js';

describe('summary.json', () => {
  const text = summaryJson(standardResult());
  const doc = JSON.parse(text);

  it('is valid JSON with the documented top-level keys in a fixed order', () => {
    expect(Object.keys(doc)).toEqual(['secfaas', 'scenario', 'file', 'seed', 'replications', 'resolved', 'source', 'results']);
    expect(doc.secfaas).toBe('0.1.0');
    expect(doc.resolved.variants).toEqual(['native', 'clemmys']);
    expect(doc.resolved.sweepPaths).toEqual([SWEEP]);
    expect(doc.resolved.runs).toHaveLength(4);
    expect(doc.source.sweep[SWEEP]).toEqual(['50/s', '100/s']);
  });

  it('writes NaN as null and Infinity as the string "Infinity"', () => {
    expect(doc.results[0].metrics['epc.peak']).toBeNull();
    expect(doc.resolved.runs[0].platform.queue).toBe('Infinity');
    const r = result([rep('native', 0, 1, { ratio: Infinity, neg: -Infinity, nan: NaN })], [], { variants: ['native'] });
    const m = JSON.parse(summaryJson(r)).results[0].metrics;
    expect(m).toEqual({ ratio: 'Infinity', neg: '-Infinity', nan: null });
    expect(summaryJson(r)).not.toMatch(/NaN/);
  });

  it('has per-replication entries then statistic entries, matching estimate()', () => {
    const first = doc.results[0];
    expect(Object.keys(first)).toEqual(['variant', 'pointIndex', 'point', 'function', 'replication', 'metrics']);
    expect(first).toMatchObject({ variant: 'native', pointIndex: 0, point: { [SWEEP]: 50 }, function: 'all', replication: 1 });
    const mean = doc.results.find((e: { statistic?: string; variant: string; pointIndex: number }) => e.statistic === 'mean' && e.variant === 'clemmys' && e.pointIndex === 1);
    expect(mean.metrics.throughput).toBe(estimate([99.5, 99, 98.5]).mean);
    expect(Object.keys(mean.metrics).slice(0, 3)).toEqual(['offered', 'throughput', 'rejected']);
    expect(doc.results).toHaveLength(12 + 16);
  });

  it('is stable, and carries claim verdicts when given', () => {
    expect(summaryJson(standardResult())).toBe(text);
    const r = standardResult([claim({ id: 'tp', metric: 'throughput', variant: 'native', value: { min: 1 } })]);
    const withClaims = JSON.parse(summaryJson(r, evaluateClaims(r)));
    expect(withClaims.claims).toHaveLength(2);
    expect(withClaims.claims[0]).toMatchObject({ claim: 'tp', verdict: 'pass', ok: true });
  });
});
