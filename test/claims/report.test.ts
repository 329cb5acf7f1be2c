import { describe, it, expect } from '@jest/globals';
import { evaluateClaims, type ClaimVerdict } from '../../src/claims/evaluate.js';
import { toJUnitXml } from '../../src/output/junit.js';
import { formatClaimTable } from '../../src/output/claims-table.js';
import { claim, standardResult, SWEEP } from '../output/fixture.js';

/**
 * A small well-formedness check (no XML parser is installed): tags balance, attribute values and
 * text hold no raw '<', '&' outside entities, or '"' inside attributes. Returns the element names.
 */
function checkXml(xml: string): string[] {
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const stack: string[] = [];
  const names: string[] = [];
  const entity = /&(amp|lt|gt|quot|apos);/g;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    if (/[<>]/.test(text) || /&/.test(text.replace(entity, ''))) throw new Error(`bad text: ${text}`);
    if (lt === -1) break;
    const gt = body.indexOf('>', lt);
    const tag = body.slice(lt + 1, gt);
    const close = /^\/([\w-]+)$/.exec(tag);
    if (close) {
      if (stack.pop() !== close[1]) throw new Error(`unbalanced </${close[1]}>`);
    } else {
      const m = /^([\w-]+)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)$/.exec(tag);
      if (!m) throw new Error(`bad tag: <${tag}>`);
      for (const [, value] of m[2].matchAll(/="([^"]*)"/g)) {
        if (/&/.test(value.replace(entity, ''))) throw new Error(`bad attribute: ${value}`);
      }
      names.push(m[1]);
      if (m[3] !== '/') stack.push(m[1]);
    }
    i = gt + 1;
  }
  if (stack.length > 0) throw new Error(`unclosed ${stack.join(',')}`);
  return names;
}

const claims = [
  claim({ id: 'tp <ok> & "fine"', metric: 'throughput', variant: 'native', value: { min: 40 } }), // 2 pass
  claim({ id: "fast 'p50'", metric: 'latency.p50', variant: 'clemmys', value: { max: 0.01 } }), // 2 fail
  claim({ id: 'edge', metric: 'throughput', variant: 'native', value: { min: 49 }, at: { [SWEEP]: 50 } }), // inconclusive
  claim({ id: 'edge-allowed', metric: 'throughput', variant: 'native', value: { min: 49 }, at: { [SWEEP]: 50 }, allowInconclusive: true }),
  claim({ id: 'typo', metric: 'nope', variant: 'native', value: { max: 1 } }), // error
  claim({ id: 'ratio', metric: 'latency.p50', variant: 'clemmys', baseline: 'native', ratio: { max: 1.2 } }), // 2 pass
];
const verdicts = evaluateClaims(standardResult(claims));

describe('toJUnitXml', () => {
  const xml = toJUnitXml(verdicts);

  it('is well-formed with one testsuite per scenario and one testcase per claim x point', () => {
    const names = checkXml(xml);
    expect(names.filter((n) => n === 'testsuite')).toHaveLength(1);
    expect(names.filter((n) => n === 'testcase')).toHaveLength(verdicts.length);
    expect(verdicts).toHaveLength(9);
  });

  it('counts fail, error and inconclusive-not-allowed as failures', () => {
    expect((xml.match(/<failure /g) ?? [])).toHaveLength(4);
    expect(xml).toContain('<testsuites name="secfaas claims" tests="9" failures="4" errors="0">');
    expect(xml).toContain('tests="9" failures="4"');
    expect(xml).toContain('<failure type="error"');
    expect(xml).toContain('<system-out>inconclusive (allowed)');
  });

  it('escapes names', () => {
    expect(xml).toContain(`name="tp &lt;ok&gt; &amp; &quot;fine&quot; @ ${SWEEP}=50"`);
    expect(xml).toContain('name="fast &apos;p50&apos; @');
    expect(xml).not.toContain('<ok>');
    const odd: ClaimVerdict = { ...verdicts[0], scenario: 'a&b<c>', file: 'x"y.yaml', claim: 'ctl\u0001char', problem: 'm<&>', verdict: 'error', ok: false };
    const x = toJUnitXml([odd, { ...odd, scenario: 'other' }]);
    expect(checkXml(x).filter((n) => n === 'testsuite')).toHaveLength(2);
    expect(x).toContain('<testsuite name="a&amp;b&lt;c&gt;" file="x&quot;y.yaml"');
  });

  it('is reproducible', () => {
    expect(toJUnitXml(evaluateClaims(standardResult(claims)))).toBe(xml);
  });
});

describe('formatClaimTable', () => {
  const text = formatClaimTable(verdicts);
  const lines = text.split('\n');

  it('has the columns and one line per verdict', () => {
    expect(lines[0].split(/\s{2,}/)).toEqual(['scenario', 'claim', 'variant', 'baseline', 'point', 'value', '95 % CI', 'bound', 'check']);
    expect(lines.slice(2, 11).every((l) => l.startsWith('demo'))).toBe(true);
    expect(text).toContain('9 checked, 4 passed, 4 failed');
  });

  it('renders latency in ms, ratios bare, and the verdicts', () => {
    const fast = lines.find((l) => l.includes("fast 'p50'") && l.includes('=50'))!;
    // clemmys p50 at 50/s: 23, 24, 25 ms; a quantile's interval is widened by the sketch's 0.1 %
    expect(fast.split(/\s{2,}/)).toEqual(['demo', "fast 'p50'", 'clemmys', '-', `${SWEEP}=50`, '24 ms', '[21.49 ms, 26.51 ms]', 'value <= 10 ms', 'FAIL']);
    const ratio = lines.find((l) => l.includes('ratio') && l.startsWith('demo'))!;
    expect(ratio.split(/\s{2,}/).slice(1, 4)).toEqual(['ratio', 'clemmys', 'native']);
    expect(ratio).toMatch(/\s1\.09\d*\s.*ratio <= 1\.2\s+pass$/);
    expect(text).toMatch(/edge-allowed .*inconclusive \(allowed\)/);
    expect(text).toMatch(/edge .*INCONCLUSIVE/);
    expect(text).toMatch(/ERROR demo \/ typo at -: no result has metric "nope"/);
  });
});

describe('a claim on a chain names it (issue 20 item 8)', () => {
  it('in the table, and as a column of the claims as data', async () => {
    const { rep, result } = await import('../output/fixture.js');
    const { claimsCsv } = await import('../../src/output/claims-data.js');
    const r = result([1, 2].map((i) => rep('native', 0, i, { throughput: 1 }, { perChain: { len8: { 'chain.latency.p50': 0.2 + 0.01 * i } } })), [
      claim({ id: 'long-chain', metric: 'chain.latency.p50', variant: 'native', chain: 'len8', value: { max: 1 } }),
    ], { variants: ['native'] });
    const v = evaluateClaims(r);
    expect(v[0]).toMatchObject({ chain: 'len8', verdict: 'pass' });
    expect(formatClaimTable(v).split('\n')[2].split(/\s{2,}/)[2]).toBe('native (chain len8)');
    const [header, row] = claimsCsv(v).split('\n').map((l) => l.split(','));
    expect(row[header.indexOf('chain')]).toBe('len8');
  });
});
