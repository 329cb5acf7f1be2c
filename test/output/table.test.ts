import { describe, it, expect } from '@jest/globals';
import { formatSummaryTable } from '../../src/output/table.js';
import { formatEstimate, formatNumber } from '../../src/aggregate/format.js';
import { estimate } from '../../src/aggregate/estimate.js';
import { rep, result, standardResult, SWEEP } from './fixture.js';

describe('formatSummaryTable', () => {
  const text = formatSummaryTable(standardResult());
  const lines = text.trimEnd().split('\n');

  it('has a title, a header, a rule and one row per variant x point', () => {
    expect(lines[0]).toBe('demo: 3 replications, mean ± 95 % CI half-width');
    expect(lines[1].split(/\s{2,}/)).toEqual(['variant', SWEEP, 'offered /s', 'throughput /s', 'p50 ms', 'p99 ms', 'cold %', 'rejected']);
    expect(lines[2]).toMatch(/^-+( {2}-+)+$/);
    expect(lines.slice(3).map((l) => l.split(/\s{2,}/)[0])).toEqual(['native', 'native', 'clemmys', 'clemmys']);
    expect(text).not.toMatch(/\u001b/);
  });

  it('shows mean ± half-width, latency in ms, columns aligned', () => {
    const e = estimate([49.5, 49, 48.5]);
    const hw = Number(e.halfWidth.toPrecision(2));
    expect(lines[3]).toContain(`${e.mean.toFixed(1)} ± ${hw.toFixed(1)}`);
    expect(lines[3]).toContain('22.0 ± 2.5'); // p50: 21, 22, 23 ms
    expect(lines[3]).toContain('50 ± 0');
    const widths = new Set(lines.slice(1).map((l) => l.length));
    expect(widths.size).toBeLessThanOrEqual(2); // header and rows end at the same column (the rule may too)
    expect(lines[3].length).toBe(lines[4].length);
  });

  it('shows plain means with one replication, and bold header only with colour', () => {
    const one = result([rep('native', 0, 1, { throughput: 12.3456, 'latency.p50': 0.0123456 })], [], { variants: ['native'] });
    const t = formatSummaryTable(one, { color: true });
    expect(t).toContain('demo: 1 replication\n');
    expect(t).toContain('\u001b[1m');
    const row = t.trimEnd().split('\n')[3];
    expect(row.split(/\s{2,}/)).toEqual(['native', '50', '-', '12.35', '12.35', '-', '-', '-']);
  });
});

describe('number formatting', () => {
  it('rounds the mean to the precision of the interval', () => {
    expect(formatEstimate(198.734, 1.234)).toBe('198.7 ± 1.2');
    expect(formatEstimate(12345.6, 234)).toBe('12350 ± 230');
    expect(formatEstimate(0.021, 0.0996)).toBe('0.02 ± 0.10');
    expect(formatEstimate(5, NaN)).toBe('5');
    expect(formatNumber(NaN)).toBe('-');
    expect(formatNumber(Infinity)).toBe('inf');
    expect(formatNumber(0.000123456)).toBe('0.0001235');
  });
});
