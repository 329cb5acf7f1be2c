import { describe, it, expect } from '@jest/globals';
import { summaryCsv, summaryStatisticsCsv } from '../../src/output/summary-csv.js';
import { estimate } from '../../src/aggregate/estimate.js';
import { parseCsv, rep, result, standardResult, SWEEP } from './fixture.js';

describe('summary.csv and summary-statistics.csv', () => {
  const csv = summaryCsv(standardResult());
  const statistics = parseCsv(summaryStatisticsCsv(standardResult()));
  const rows = parseCsv(csv);
  const header = rows[0];
  // the replication rows, then the statistic rows (in their own file, the same columns but the fifth)
  const body = [...rows.slice(1), ...statistics.slice(1).map((r) => [...r.slice(0, 5), '', r[5], ...r.slice(6)])];
  header.splice(6, 0, 'statistic');
  for (const r of rows.slice(1)) r.splice(6, 0, 'value');
  const col = (name: string) => header.indexOf(name);

  it('summary.csv holds the replications only, every column of one type; the statistics are apart', () => {
    const replicationColumn = rows.slice(1).map((r) => r[5]);
    expect(replicationColumn.every((x) => /^[1-9]\d*$/.test(x))).toBe(true);
    expect(statistics[0].slice(0, 6)).toEqual(['scenario', 'variant', 'point', SWEEP, 'function', 'statistic']);
    expect(statistics[0].slice(6)).toEqual(rows[0].slice(7));
  });

  it('has the exact header: fixed columns, sweep columns, canonical metrics, then others sorted', () => {
    expect(parseCsv(csv)[0]).toEqual([
      'scenario', 'variant', 'point', SWEEP, 'function', 'replication',
      'offered', 'throughput', 'rejected', 'latency.p50', 'latency.p99', 'coldStartRatio', 'epc.peak', 'zeta.custom',
    ]);
    expect(body.every((r) => r.length === header.length)).toBe(true);
  });

  it('lists per-replication rows in result order, then mean, ci95.low, ci95.high, stddev per group', () => {
    expect(body).toHaveLength(12 + 4 * 4);
    const keys = body.map((r) => [r[col('variant')], r[col('point')], r[col('replication')], r[col('statistic')]].join('/'));
    expect(keys.slice(0, 4)).toEqual(['native/0/1/value', 'native/0/2/value', 'native/0/3/value', 'native/1/1/value']);
    expect(keys.slice(12, 17)).toEqual(['native/0//mean', 'native/0//ci95.low', 'native/0//ci95.high', 'native/0//stddev', 'native/1//mean']);
    expect(keys[keys.length - 1]).toBe('clemmys/1//stddev');
    expect(body.every((r) => r[col('function')] === 'all' && r[col('scenario')] === 'demo')).toBe(true);
    expect(body[3][col(SWEEP)]).toBe('100');
  });

  it('has statistic rows equal to estimate() of the replications, as shortest round-trip text', () => {
    const e = estimate([49.5, 49, 48.5]);
    const stat = (s: string) => body.find((r) => r[col('variant')] === 'native' && r[col('point')] === '0' && r[col('statistic')] === s)!;
    expect(stat('mean')[col('throughput')]).toBe(String(e.mean));
    expect(stat('ci95.low')[col('throughput')]).toBe(String(e.low));
    expect(stat('ci95.high')[col('throughput')]).toBe(String(e.high));
    expect(stat('stddev')[col('throughput')]).toBe(String(e.stddev));
    expect(Number(stat('ci95.low')[col('throughput')])).toBe(e.low);
    expect(body[0][col('latency.p50')]).toBe(String(0.02 + 0.001));
  });

  it('writes NaN as an empty cell, and a constant metric has a zero-width interval', () => {
    expect(body.every((r) => r[col('epc.peak')] === '')).toBe(true);
    const low = body.find((r) => r[col('statistic')] === 'ci95.low')!;
    expect(low[col('offered')]).toBe('50');
    expect(low[col('rejected')]).toBe('0');
  });

  it('is byte-identical on two calls and ends with a newline', () => {
    expect(summaryCsv(standardResult())).toBe(csv);
    expect(csv.endsWith('\n')).toBe(true);
    expect(csv.includes('\r')).toBe(false);
  });

  it('has per-function rows after the whole-run rows, empty cells for metrics a row lacks, quotes odd names', () => {
    const r = result([
      rep('native', 0, 1, { throughput: 10, arrived: 11 }, { perFunction: { 'a,"b"': { throughput: 4 }, c: { throughput: 6 } } }),
      rep('native', 0, 2, { throughput: 12, arrived: 13 }, { perFunction: { 'a,"b"': { throughput: 5 }, c: { throughput: 7 } } }),
    ], [], { variants: ['native'] });
    const out = parseCsv(summaryCsv(r));
    const h = out[0];
    expect(h.slice(6)).toEqual(['throughput', 'arrived']);
    const fns = out.slice(1).map((row) => `${row[h.indexOf('function')]}:${row[h.indexOf('replication')]}`);
    expect(fns).toEqual(['all:1', 'all:2', 'a,"b":1', 'a,"b":2', 'c:1', 'c:2']);
    const fnRow = out.find((row) => row[h.indexOf('function')] === 'c')!;
    expect(fnRow[h.indexOf('arrived')]).toBe('');
    const stats = parseCsv(summaryStatisticsCsv(r));
    const single = stats.find((row) => row[stats[0].indexOf('function')] === 'c' && row[stats[0].indexOf('statistic')] === 'mean')!;
    expect(single[stats[0].indexOf('throughput')]).toBe('6.5');
  });

  it('has no sweep columns without a sweep; one replication gives empty CI and stddev cells', () => {
    const r = result([rep('native', 0, 1, { throughput: 3 }, { point: {} })], [], { variants: ['native'], sweepPaths: [] });
    const out = parseCsv(summaryCsv(r));
    expect(out[0]).toEqual(['scenario', 'variant', 'point', 'function', 'replication', 'throughput']);
    expect(out.slice(1)).toEqual([['demo', 'native', '0', 'all', '1', '3']]);
    const stats = parseCsv(summaryStatisticsCsv(r));
    expect(stats[0]).toEqual(['scenario', 'variant', 'point', 'function', 'statistic', 'throughput']);
    expect(stats.slice(1).map((row) => `${row[4]}=${row[5]}`)).toEqual(['mean=3', 'ci95.low=', 'ci95.high=', 'stddev=']);
  });
});
