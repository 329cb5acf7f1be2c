import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { withLibraryExamples } from '../scripts/readme-examples-blocks.js';
import { requireBuiltCli, secfaas } from './cli/helpers.js';
import { activationTrace } from '../examples/library/activation-trace.js';
import { p99ByPoint } from '../examples/library/aggregate.js';
import { runAndCheck } from '../examples/library/run-and-check.js';
import { sweepOnWorkers } from '../examples/library/sweep.js';
import { recordTimeseries } from '../examples/library/timeseries.js';
import { writeResults } from '../examples/library/write-results.js';
import { loadScenario, runReplication } from 'secfaas';

// The README's library examples are these files, imported here from 'secfaas' (the built package).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const exampleFiles = readdirSync(new URL('../examples/library/', import.meta.url)).filter((n) => n.endsWith('.ts'));

const scenario = `name: lib
seed: 3
duration: 200s
warmup: 10s
replications: 2
platform: { kind: station, servers: 2 }
functions:
  - { name: a, exec: { dist: exponential, mean: 20ms } }
  - { name: b, exec: 10ms }
workload:
  - { function: a, arrivals: { poisson: 30/s } }
  - { function: b, arrivals: { poisson: 10/s } }
variants:
  two: {}
  three: { platform.servers: 3 }
sweep:
  scale: [1, 2]
claims:
  - { id: keeps-up, metric: throughput, variant: two, value: { min: 38/s }, at: { scale: 1 } }
  - { id: third-server-helps, metric: wait.mean, variant: three, baseline: two, ratio: { max: 0.5 } }
`;

// An OpenWhisk scenario: it samples a time series, and draws one.
const sampled = `name: sampled
seed: 5
duration: 60s
replications: 2
platform: { kind: openwhisk, invokers: 2 }
functions:
  - { name: f, exec: { dist: exponential, mean: 40ms } }
workload:
  - { function: f, arrivals: { poisson: 20/s } }
variants:
  today: {}
  short-grace: { platform.pauseGrace: 50ms }
charts:
  - { x: time, y: busy, color: variant }
`;

let dir: string;
let file: string;
let cliCsv: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'secfaas-library-'));
  file = join(dir, 'lib.yaml');
  writeFileSync(file, scenario);
  expect(secfaas(['run', 'lib.yaml', '--out', 'cli', '--no-charts'], dir).code).toBe(0);
  cliCsv = readFileSync(join(dir, 'cli', 'summary.csv'), 'utf8');
});

/** What src/index.ts exports, values and types, as the TypeScript compiler sees it. */
function indexExports(): Set<string> {
  const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const options = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, noEmit: true, types: ['node'] };
  const program = ts.createProgram([entry], options);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return new Set(checker.getExportsOfModule(module).map((s) => s.name));
}

/** The names the README's library table shows: the leading identifier of each code span in its rows. */
function documentedNames(): string[] {
  const section = readme.slice(readme.indexOf('## The library'), readme.indexOf('\n## ', readme.indexOf('## The library') + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| for '));
  return rows.flatMap((row) => [...row.matchAll(/`([A-Za-z_]\w*)[^`]*`/g)].map((m) => m[1]));
}

describe('the README documents the library as it is', () => {
  it('every file of examples/library/ is in the README, verbatim (npm run readme-examples rewrites them)', () => {
    expect(withLibraryExamples(readme, (path) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'))).toBe(readme);
    for (const name of exampleFiles) expect(readme).toContain(`<!-- example: examples/library/${name} -->`);
  });

  it('its table names only what src/index.ts exports (values and types), and every value the package exports', async () => {
    const exported = indexExports();
    const documented = documentedNames();
    expect(documented.filter((name) => !exported.has(name))).toEqual([]);
    const values = Object.keys(await import('secfaas'));
    expect(values.length).toBeGreaterThan(40);
    expect(values.filter((name) => !documented.includes(name))).toEqual([]);
  });
});

describe('the library examples, run', () => {
  it('run and check: the table, the claims table and the verdict', async () => {
    const { table, claims, ok } = await runAndCheck(file);
    expect(table).toContain('lib: 3 replications');
    expect(claims).toMatch(/keeps-up[\s\S]*third-server-helps/);
    expect(ok).toBe(true);
  });

  it('aggregate: an estimate per variant and sweep point, its interval around its mean', async () => {
    const rows = await p99ByPoint(file);
    expect(rows.map((r) => `${r.variant} ${r.point.scale}`)).toEqual(['two 1', 'two 2', 'three 1', 'three 2']);
    for (const { p99 } of rows) {
      expect(p99.n).toBe(2);
      expect(p99.low <= p99.mean && p99.mean <= p99.high && p99.mean > 0.02).toBe(true);
    }
  });

  it('writers: summary.csv and summary-statistics.csv byte for byte as the CLI writes them', async () => {
    const out = join(dir, 'written');
    expect(await writeResults(file, out, ['csv', 'json'])).toEqual([]);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toBe(cliCsv);
    expect(readFileSync(join(out, 'summary-statistics.csv'), 'utf8')).toBe(readFileSync(join(dir, 'cli', 'summary-statistics.csv'), 'utf8'));
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).scenario).toBe('lib');
  });

  it('sweep on worker threads, merged: the same summary.csv again', async () => {
    expect(await sweepOnWorkers(file, join(dir, 'swept'))).toBe(cliCsv);
    expect(readdirSync(join(dir, 'swept', 'units')).filter((n) => n.endsWith('.jsonl'))).toHaveLength(8);
  });

  it('time series: timeseries.csv and summary.csv byte for byte as the CLI writes them, and the time chart drawn', async () => {
    writeFileSync(join(dir, 'sampled.yaml'), sampled);
    expect(secfaas(['run', 'sampled.yaml', '--out', 'cli-sampled'], dir).code).toBe(0);
    const out = join(dir, 'lib-sampled');
    expect(await recordTimeseries(join(dir, 'sampled.yaml'), out)).toEqual([]);
    for (const name of ['timeseries.csv', 'summary.csv']) expect(readFileSync(join(out, name), 'utf8')).toBe(readFileSync(join(dir, 'cli-sampled', name), 'utf8'));
    const charts = readdirSync(join(dir, 'cli-sampled', 'charts')).sort();
    expect(charts.filter((n) => n.endsWith('.png'))).toHaveLength(1);
    expect(readdirSync(join(out, 'charts')).sort()).toEqual(charts);
    for (const name of charts) expect(readFileSync(join(out, 'charts', name))).toEqual(readFileSync(join(dir, 'cli-sampled', 'charts', name)));
    expect(readdirSync(out).sort()).toEqual(['charts', 'summary-statistics.csv', 'summary.csv', 'summary.json', 'timeseries.csv']);
  });

  it('a result without a time series says so, and how to record one', async () => {
    const notes = await writeResults(join(dir, 'sampled.yaml'), join(dir, 'unsampled'), ['csv', 'charts']);
    expect(notes).toEqual([
      `charts[0] (busy over time): no time series recorded: pass a TimeseriesSink to runScenario (its timeseries option) and write ${join(dir, 'unsampled', 'timeseries.csv')} from its rows (examples/library/timeseries.ts)`,
    ]);
    expect(existsSync(join(dir, 'unsampled', 'charts'))).toBe(false);
  });

  it('activation trace: one line per activation that finished or was turned away, each started after it arrived', async () => {
    const csv = join(dir, 'trace.csv');
    await activationTrace(file, csv);
    const [header, ...lines] = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(header).toBe('id,function,arrival,start,end,startKind,outcome');
    const { metrics } = await runReplication(loadScenario(file).runs[0], 1);
    // conservation: every arrival finished, was turned away, or is still in the system at the end
    expect(lines.length).toBe(metrics.arrived - metrics.inFlight);
    const finished = lines.map((l) => l.split(',')).filter((f) => f[6] === 'finished');
    expect(finished.length).toBe(metrics.finishedTotal);
    for (const [, fn, arrival, start, end] of finished) {
      expect(['a', 'b']).toContain(fn);
      expect(Number(arrival) <= Number(start) && Number(start) <= Number(end)).toBe(true);
    }
    expect(existsSync(csv)).toBe(true);
  });
});
