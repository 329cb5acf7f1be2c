import { beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveChromium, openReport } from './browser.js';

// The built CLI as a user runs it: charts on by default, report from a result folder, and the
// report opened from file:// in headless Chromium.
const root = process.cwd();
const cli = join(root, 'dist', 'cli.js');

function secfaas(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Names that would run script if a report pasted them into HTML.
// A scenario name is a plain file name (it is the output folder): the other names carry the markup.
const NAME = 'xss-report';
const FUNCTION = '<script>alert(3)</script>';
const VARIANT = '<img src=x onerror=alert(4)>';
const scenario = `name: "${NAME}"
description: "a <b>bold</b> & <script>alert(2)</script> test"
seed: 5
duration: 30s
warmup: 5s
replications: 3
platform: { kind: station, servers: 2 }
functions:
  - { name: "${FUNCTION}", exec: { dist: exponential, mean: 10ms } }
  - { name: g, exec: { dist: exponential, mean: 5ms } }
workload:
  - { function: "${FUNCTION}", arrivals: { poisson: 50/s } }
  - { function: g, arrivals: { poisson: 50/s } }
variants:
  "${VARIANT}": { platform: { servers: 3 } }
  two: {}
sweep:
  workload.0.arrivals.poisson: [20/s, 60/s]
claims:
  - { id: "<script>alert(5)</script>", metric: latency.p50, variant: two, value: { max: 1s } }
charts:
  - { x: workload.0.arrivals.poisson, y: latency.p99 }
  - { x: variant, y: throughput }
  - { x: latency, y: latency.cdf, color: function }
  - { x: offered, y: wait.mean, title: "<script>alert(6)</script>" }
`;

const CHART_STEMS = ['latency.p99-by-poisson', 'throughput-by-variant', 'latency.cdf', 'script-alert-6-script'];

// A small secure scenario whose report draws the other kinds of chart: reference points, bars of
// functions side by side, a metric (and a time-series column) that the native variant does not
// report, the latency breakdown; and paper's claims, one that the model finds does not hold (with
// the mean-field reclaim, `spread`, under which every warm run of the hot enclave pages).
const SECURE = `name: secure-report
description: a small Clemmys scenario with every kind of chart
seed: 3
duration: 20s
warmup: 2s
replications: 3
sampleInterval: 1s
hardware: { profile: gemini-lake-j5005, epc: 94MiB }
platform: { kind: openwhisk, invokers: 1, security: { mode: clemmys, reclaim: spread } }
functions:
  - { name: hot, exec: { dist: exponential, mean: 20ms }, enclave: { code: 8MiB, heap: 32MiB, workingSet: 16MiB } }
  - { name: cold, exec: { dist: exponential, mean: 40ms } }
workload:
  - { function: hot, arrivals: { poisson: 5/s } }
  - { function: cold, arrivals: { poisson: 1/s } }
variants:
  native: { "platform.security": none }
  clemmys: {}
sweep:
  workload.0.arrivals.poisson: { values: [2/s, 8/s], label: offered load }
claims:
  - { id: similar-latency, metric: latency.p50, variant: clemmys, baseline: native, ratio: { max: 1.2 }, paper: true, holds: false, at: { workload.0.arrivals.poisson: 8/s } }
charts:
  - { x: workload.0.arrivals.poisson, y: throughput, reference: { file: measured.csv, x: rate, y: throughput, label: measured } }
  - { x: variant, y: latency.p50, color: function }
  - { x: workload.0.arrivals.poisson, y: epc.pagedIn }
  - { x: time, y: epcUsedMiB }
`;
const SECURE_STEMS = ['throughput-by-poisson', 'latency.p50-by-variant', 'epc.pagedin-by-poisson', 'epcusedmib-over-time', 'latency-breakdown'];

let dir: string;
beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'secfaas-report-'));
  writeFileSync(join(dir, 'xss.yaml'), scenario);
  const a = secfaas(['run', 'xss.yaml', '--out', 'a'], dir);
  if (a.code !== 0) throw new Error(a.stderr);
  writeFileSync(join(dir, 'secure.yaml'), SECURE);
  writeFileSync(join(dir, 'measured.csv'), 'rate,throughput\n2/s,2.9\n8/s,8.8\n');
  const secure = secfaas(['run', 'secure.yaml', '--out', 'secure', '--report'], dir);
  if (secure.code !== 0) throw new Error(secure.stderr);
});

describe('charts of secfaas run', () => {
  test('on by default when the scenario has charts: .vl.json, .svg and .png per chart', () => {
    const files = readdirSync(join(dir, 'a', 'charts')).sort();
    expect(files).toEqual(CHART_STEMS.flatMap((s) => [`${s}.png`, `${s}.svg`, `${s}.vl.json`]).sort());
    const spec = JSON.parse(readFileSync(join(dir, 'a', 'charts', 'throughput-by-variant.vl.json'), 'utf8'));
    // the data is inlined: the means of summary.json's statistic rows
    const summary = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8'));
    const mean = summary.results.find((r: { variant: string; pointIndex: number; function: string; statistic?: string }) => r.variant === 'two' && r.pointIndex === 1 && r.function === 'all' && r.statistic === 'mean');
    expect(spec.data.values.find((v: { variant: string; pointIndex: number }) => v.variant === 'two' && v.pointIndex === 1).mean).toBe(mean.metrics.throughput);
  });

  test('byte-identical across runs of the same scenario and seed; --no-charts writes none and removes old ones', () => {
    const b = secfaas(['run', 'xss.yaml', '--out', 'b'], dir);
    expect(b.code).toBe(0);
    for (const file of readdirSync(join(dir, 'a', 'charts'))) {
      expect(readFileSync(join(dir, 'b', 'charts', file)).equals(readFileSync(join(dir, 'a', 'charts', file)))).toBe(true);
    }
    expect(secfaas(['run', 'xss.yaml', '--out', 'b', '--no-charts'], dir).code).toBe(0);
    expect(readdirSync(join(dir, 'b', 'charts'))).toEqual([]);
  });
});

describe('secfaas report', () => {
  test('writes report.html with its scripts beside it, and escapes every name of the scenario', () => {
    const r = secfaas(['report', 'a'], dir);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'a', 'report.html'), 'utf8');
    for (const script of ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js']) expect(existsSync(join(dir, 'a', 'report-assets', script))).toBe(true);
    expect(html).not.toMatch(/<script>alert|<img src=x|<b>bold/);
    expect(html).toContain('&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(html).not.toMatch(/https?:\/\/(?!vega\.github\.io\/schema)/);
  });

  test('each chart has an image of itself for readers without scripts: the SVG beside the report', () => {
    const html = readFileSync(join(dir, 'a', 'report.html'), 'utf8');
    const figures = html.match(/<figure class="chart"/g) ?? [];
    const images = [...html.matchAll(/<noscript><img src="([^"]+)"/g)].map((m) => decodeURIComponent(m[1]));
    expect(images).toHaveLength(figures.length);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(existsSync(join(dir, 'a', image))).toBe(true);
  });

  test('a folder without summary.json, or a broken one, is bad input: exit 2 with the file and place', () => {
    mkdirSync(join(dir, 'empty'), { recursive: true });
    const none = secfaas(['report', 'empty'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no summary.json');
    mkdirSync(join(dir, 'broken'), { recursive: true });
    writeFileSync(join(dir, 'broken', 'summary.json'), '{\n  "secfaas": "0.1.0",\n  "scenario": 7\n}\n');
    const broken = secfaas(['report', 'broken'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\/summary\.json:3:15: scenario: /);
    expect(broken.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(join(dir, 'broken', 'report.html'))).toBe(false);
  });

  // Not skipped in CI: there, a missing Chromium is a failure (scripts/setup-system.sh installs it).
  const browserTest = haveChromium() || process.env.CI ? test : test.skip;
  if (!haveChromium() && !process.env.CI) console.warn('report browser test skipped: no /usr/bin/chromium (bash scripts/setup-system.sh installs it)');
  browserTest('opens from file:// in Chromium: every chart drawn, no console error, names shown as text', async () => {
    expect(haveChromium()).toBe(true);
    secfaas(['report', 'a'], dir);
    mkdirSync(join(root, 'results'), { recursive: true });
    const opened = await openReport(join(dir, 'a', 'report.html'), join(root, 'results', 'report-screenshot.png'));
    expect(opened.errors).toEqual([]);
    expect(opened.dialogs).toEqual([]);
    expect(opened.charts.map((c) => c.name)).toEqual(CHART_STEMS);
    for (const chart of opened.charts) {
      expect(chart.rendered).toBe('true');
      expect(chart.marks).toBeGreaterThan(0);
    }
    expect(opened.heading).toBe(NAME);
    expect(opened.title).toBe(`${NAME}: secfaas report`);
    expect(existsSync(join(root, 'results', 'report-screenshot.png'))).toBe(true);
  });

  browserTest('a secure result: every kind of chart drawn, its breakdown added, the verdict first', async () => {
    expect(haveChromium()).toBe(true);
    const opened = await openReport(join(dir, 'secure', 'report.html'), join(root, 'results', 'report-secure-screenshot.png'));
    expect(opened.errors).toEqual([]);
    expect(opened.charts.map((c) => c.name)).toEqual(SECURE_STEMS);
    for (const chart of opened.charts) {
      expect(chart.rendered).toBe('true');
      expect(chart.marks).toBeGreaterThan(0);
    }
  });
});

describe('the report leads with the verdict', () => {
  const html = () => readFileSync(join(dir, 'secure', 'report.html'), 'utf8');

  test('title, what was compared, the verdict table, the charts, then the claims, the summary and the parameters', () => {
    const sections = [...html().matchAll(/<h([12])>([^<]*)<\/h[12]>/g)].map((m) => m[2]);
    expect(sections).toEqual(['secure-report', 'Verdict', 'Charts', 'Claims', 'Summary', 'Parameters']);
    expect(html()).toContain('Compared: 2 variants (native, clemmys) on openwhisk, openwhisk with clemmys, at offered load 2 and 8 /s; 3 replications of 20 s each');
  });

  test("the verdict table says whether the paper's claim holds beside the check", () => {
    const verdict = /<table class="verdicts">.*?<\/table>/s.exec(html())![0];
    expect(verdict).toContain("<th>paper's claim</th><th>check</th>");
    expect(verdict).toMatch(/<td class="fail">does not hold<\/td><td class="pass">pass<\/td>/);
    expect(verdict).toContain('latency.p50 of clemmys / native');
    expect(verdict).toContain('offered load 8 /s');
  });

  test('the charts files of a secure result include its latency breakdown', () => {
    const files = readdirSync(join(dir, 'secure', 'charts'));
    for (const stem of SECURE_STEMS) expect(files).toContain(`${stem}.vl.json`);
    const spec = JSON.parse(readFileSync(join(dir, 'secure', 'charts', 'throughput-by-poisson.vl.json'), 'utf8'));
    const reference = spec.layer.find((l: { data?: { values: { label?: string }[] } }) => l.data?.values[0]?.label === 'measured');
    expect(reference.data.values.map((v: { x: number; mean: number }) => [v.x, v.mean])).toEqual([[2, 2.9], [8, 8.8]]);
  });
});
