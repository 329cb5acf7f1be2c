// The per-activation trace (`secfaas run --trace`) against the summary: its rows, counted and
// averaged as the metrics are (arrived after warm-up, finished, ...), give the summary's counts and
// means exactly; tracing changes no result; --trace-sample N keeps every N-th row of the full trace.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseScenario } from '../../src/scenario/index.js';
import { runReplication } from '../../src/run/run.js';
import type { Metrics } from '../../src/model/metrics.js';
import type { ReplicationResult } from '../../src/run/types.js';
import type { Scenario } from '../../src/schema/types.js';
import { ActivationTraceCsvWriter, assembleTraceCsv, TRACE_COLUMNS, traceLayout } from '../../src/output/trace-csv.js';
import { traceParts } from '../../src/run/activation-trace.js';

type Row = Record<string, string>;

interface Traced {
  result: ReplicationResult;
  text: string;
  rows: Row[];
}

/** Runs replication `replication` of the scenario's first run with its trace written as `secfaas run --trace` writes it, and reads it back. */
async function traced(scenario: Scenario, every = 1, replication = 1): Promise<Traced> {
  const dir = mkdtempSync(join(tmpdir(), 'secfaas-trace-'));
  try {
    const layout = traceLayout(scenario);
    const writer = new ActivationTraceCsvWriter(join(dir, 'rows.csv'), layout);
    const result = await runReplication(scenario.runs[0], replication, { trace: { sink: writer, every } });
    writer.finish();
    const file = assembleTraceCsv(dir, 'trace.csv', layout, [join(dir, 'rows.csv')]);
    const text = readFileSync('tempPath' in file ? file.tempPath : '', 'utf8');
    return { result, text, rows: parse(text, { columns: true }) as Row[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const num = (cell: string) => (cell === '' ? NaN : Number(cell));
const mean = (values: number[]) => (values.length === 0 ? NaN : values.reduce((s, v) => s + v, 0) / values.length);
const count = (rows: Row[], test: (r: Row) => boolean) => rows.filter(test).length;

/** Equal but for the order of summation (the rows come in order of their end, the metric's samples in order of observation). */
function expectSame(actual: number, expected: number, what: string): void {
  if (Number.isNaN(expected)) {
    expect({ what, actual }).toEqual({ what, actual: NaN });
    return;
  }
  expect({ what, close: Math.abs(actual - expected) <= 1e-9 * Math.max(1e-3, Math.abs(expected)) }).toEqual({ what, close: true });
}

/**
 * When a finished activation counts as completed (`completed` counts completions in the window,
 * whenever it arrived): a blocking call at its response (the result), a non-blocking one when its
 * result exists (`end`; its response was the 202).
 */
const completedAt = (r: Row) => num(r.blocking === 'true' ? r.response : r.end);

/**
 * The rows of one group (the whole run, or one function) add up to its metrics, counted as the
 * metrics count: whole-run counts over every row; window counts and means over the rows that
 * arrived after warm-up; `completed` by when the activation completed; a part's mean over the
 * cells the model recorded (a non-blocking call has no `acks`; one still running at the end has
 * its parts up to where it got).
 */
function expectAddsUp(rows: Row[], m: Metrics, spec: Scenario['runs'][number], group: string): void {
  const { warmupSeconds: warmup, durationSeconds: duration } = spec;
  const window = rows.filter((r) => num(r.arrival) >= warmup);
  const finished = window.filter((r) => r.outcome === 'finished');
  const started = window.filter((r) => r.start !== '');
  const at = (what: string) => `${group}: ${what}`;
  if ('arrived' in m) {
    expect({ [at('arrived')]: rows.length }).toEqual({ [at('arrived')]: m.arrived });
    expect({ [at('finishedTotal')]: count(rows, (r) => r.outcome === 'finished') }).toEqual({ [at('finishedTotal')]: m.finishedTotal });
    expect({ [at('rejectedTotal')]: count(rows, (r) => r.outcome === 'rejected' || r.outcome === 'throttled') }).toEqual({ [at('rejectedTotal')]: m.rejectedTotal });
    expect({ [at('inFlight')]: count(rows, (r) => r.outcome === 'inFlight') }).toEqual({ [at('inFlight')]: m.inFlight });
    if ('failedTotal' in m) expect({ [at('failedTotal')]: count(rows, (r) => r.outcome === 'failed') }).toEqual({ [at('failedTotal')]: m.failedTotal });
  }
  const counts: Record<string, number> = {
    arrivals: window.length,
    completed: count(rows, (r) => r.outcome === 'finished' && completedAt(r) >= warmup && completedAt(r) <= duration),
    rejected: count(window, (r) => r.outcome === 'rejected'),
    throttled: count(window, (r) => r.outcome === 'throttled'),
    'starts.cold': count(window, (r) => r.startKind === 'cold'),
    'starts.prewarm': count(window, (r) => r.startKind === 'prewarm'),
    'starts.warm': count(window, (r) => r.startKind === 'warm'),
    'starts.resumed': count(window, (r) => r.startKind === 'resumed'),
    ...('failed' in m ? { failed: count(window, (r) => r.outcome === 'failed') } : {}),
  };
  expect(Object.fromEntries(Object.keys(counts).map((k) => [at(k), m[k]]))).toEqual(Object.fromEntries(Object.entries(counts).map(([k, v]) => [at(k), v])));
  expectSame(mean(finished.map((r) => num(r.response) - num(r.arrival))), m['latency.mean'], at('latency.mean'));
  expectSame(mean(finished.map((r) => num(r.end) - num(r.arrival))), m['completion.mean'], at('completion.mean'));
  expectSame(mean(started.map((r) => num(r.start) - num(r.arrival))), m['wait.mean'], at('wait.mean'));
  const parts = traceParts(spec);
  expect(parts.length).toBeGreaterThan(0);
  for (const part of parts) {
    const cells = window.map((r) => r[part]).filter((c) => c !== '');
    expectSame(mean(cells.map(Number)), m[part], at(part));
  }
}

/** Every group of a replication: the whole run, and each function when there are several. */
function expectAllAddUp(t: Traced, scenario: Scenario): void {
  const spec = scenario.runs[0];
  expectAddsUp(t.rows, t.result.metrics, spec, 'run');
  for (const [name, m] of Object.entries(t.result.perFunction)) expectAddsUp(t.rows.filter((r) => r.function === name), m, spec, name);
}

// Native OpenWhisk: two functions (one non-blocking), a chain over both, a warm-up, a throttle that
// turns some away, and more load than two small invokers finish by the end (some in flight).
const native = parseScenario(
  `name: traced
seed: 4
duration: 40s
warmup: 8s
platform: { kind: openwhisk, invokers: 2, userMemory: 1GiB, throttles: { invocationsPerMinute: 1000 } }
functions:
  - { name: a, exec: { dist: lognormal, mean: 40ms, cv: 1 } }
  - { name: b, memory: 512MiB, exec: { dist: exponential, mean: 300ms } }
chains:
  - { name: ab, steps: [a, b] }
workload:
  - { function: a, arrivals: { poisson: 20/s } }
  - { function: b, arrivals: { poisson: 4/s }, blocking: false }
  - { chain: ab, arrivals: { poisson: 2/s } }
`,
  'traced.yaml',
);

/** One function `f` (its keys after the name), Poisson arrivals, 5 s of warm-up; `more`: other top-level keys. */
const oneFunction = (seed: number, duration: string, platform: string, fn: string, rate: string, more = '') =>
  parseScenario(
    `name: traced-one
seed: ${seed}
duration: ${duration}
warmup: 5s
${more}
platform: ${platform}
functions: [{ name: f, ${fn} }]
workload: [{ function: f, arrivals: { poisson: ${rate} } }]
`,
    'one.yaml',
  );

describe('the trace adds up to the summary', () => {
  it('native OpenWhisk: counts, latency, completion and wait means, every breakdown part, per run and per function', async () => {
    const t = await traced(native);
    const m = t.result.metrics;
    // the case covers what it claims to: turned away, in flight at the end, non-blocking, chains, before warm-up
    expect(m.throttled).toBeGreaterThan(0);
    expect(m.inFlight).toBeGreaterThan(0);
    expect(m.timedOut).toBe(0); // a 202 after the blocking wait completes at its result, which no column holds
    expect(t.rows.some((r) => r.blocking === 'false' && r.outcome === 'finished')).toBe(true);
    expect(new Set(t.rows.filter((r) => r.chain === 'ab').map((r) => r.step))).toEqual(new Set(['0', '1']));
    expect(t.rows.some((r) => num(r.arrival) < native.runs[0].warmupSeconds)).toBe(true);
    expectAllAddUp(t, native);
  });

  it('the header: the unit, the activation, then the run parts as metric names; every row has every cell', async () => {
    const t = await traced(native);
    const header = t.text.slice(0, t.text.indexOf('\n')).split(',');
    expect(header).toEqual(['scenario', 'variant', 'point', 'replication', ...TRACE_COLUMNS, ...traceParts(native.runs[0])]);
    expect(traceParts(native.runs[0])).toEqual(['controller', 'queueing', 'containerStart', 'init', 'run', 'acks'].map((p) => `latency.breakdown.${p}`));
    for (const row of t.rows) expect(Object.keys(row)).toEqual(header);
  });

  it('where each activation ran: the invoker and container of a run that ended; none for one turned away', async () => {
    const t = await traced(native);
    for (const r of t.rows) {
      const ran = r.end !== '';
      expect({ id: r.id, invoker: r.invoker !== '', container: r.container !== '' }).toEqual({ id: r.id, invoker: ran, container: ran });
      if (ran) expect(['0', '1']).toContain(r.invoker);
      if (r.outcome === 'throttled') expect([r.start, r.startKind, r.response]).toEqual(['', '', '']);
    }
    // a container serves one action on one invoker: one (invoker, function) per container id
    const owner = new Map<string, string>();
    for (const r of t.rows.filter((r) => r.container !== '')) {
      const who = `${r.invoker}/${r.function}`;
      expect(owner.get(r.container) ?? who).toBe(who);
      owner.set(r.container, who);
    }
    // a cold start's container is new: no earlier run ended on it
    const seen = new Set<string>();
    for (const r of [...t.rows].filter((r) => r.end !== '').sort((x, y) => num(x.start) - num(y.start))) {
      if (r.startKind === 'cold') expect(seen.has(r.container)).toBe(false);
      seen.add(r.container);
    }
  });

  it('Clemmys on SGX: the enclave parts and the gateway add up too, chains included', async () => {
    const scenario = parseScenario(
      `name: traced-clemmys
seed: 9
duration: 60s
warmup: 10s
hardware: gemini-lake-j5005
platform: { kind: openwhisk, invokers: 1, userMemory: 4GiB, security: { mode: clemmys, sgx: v2 } }
functions:
  - { name: s1, exec: { dist: lognormal, mean: 20ms, cv: 0.5 }, input: 64KiB, output: 64KiB }
  - { name: s2, exec: { dist: lognormal, mean: 20ms, cv: 0.5 }, output: 64KiB }
chains:
  - { name: two, steps: [s1, s2] }
workload:
  - { chain: two, arrivals: { poisson: 2/s } }
  - { function: s2, arrivals: { poisson: 3/s } }
`,
      'clemmys.yaml',
    );
    const t = await traced(scenario);
    const parts = traceParts(scenario.runs[0]);
    for (const part of ['enclaveCreate', 'attestation', 'paging', 'crypto', 'chainVerify', 'gateway']) expect(parts).toContain(`latency.breakdown.${part}`);
    expect(t.result.metrics['latency.breakdown.gateway']).toBeGreaterThan(0);
    // behind the gateway, OpenWhisk still says where each ran: its one invoker
    expect(new Set(t.rows.filter((r) => r.outcome === 'finished').map((r) => r.invoker))).toEqual(new Set(['0']));
    expectAllAddUp(t, scenario);
  });

  it("simulated cores: the time CPU work was stretched by sharing them is a part of its own, cpuContention", async () => {
    const scenario = oneFunction(5, '30s', '{ kind: openwhisk, invokers: 1, userMemory: 4GiB }', 'exec: { dist: exponential, mean: 100ms }, cpu: 1', '30/s', 'hardware: gemini-lake-j5005');
    const t = await traced(scenario);
    expect(traceParts(scenario.runs[0])).toContain('latency.breakdown.cpuContention');
    expect(t.result.metrics['latency.breakdown.cpuContention']).toBeGreaterThan(0);
    expectAllAddUp(t, scenario);
  });

  it('invoker faults: the activations lost with an invoker are its failed rows', async () => {
    const scenario = oneFunction(2, '60s', '{ kind: openwhisk, invokers: 2, faults: [{ at: 20s, invoker: 0, down: 10s }, { at: 21s, invoker: 1, down: 5s }] }', 'exec: { dist: lognormal, mean: 500ms, cv: 0.5 }', '10/s');
    const t = await traced(scenario);
    expect(t.result.metrics.failed).toBeGreaterThan(0);
    expectAllAddUp(t, scenario);
  });

  it('a station: no invokers nor containers (empty cells), rejections when the line is full, no breakdown parts', async () => {
    const scenario = oneFunction(1, '30s', '{ kind: station, servers: 2, queue: 3 }', 'exec: { dist: exponential, mean: 100ms }', '25/s');
    const t = await traced(scenario);
    expect(traceParts(scenario.runs[0])).toEqual([]);
    expect(t.result.metrics.rejected).toBeGreaterThan(0);
    expect(t.rows.every((r) => r.invoker === '' && r.container === '')).toBe(true);
    expect(count(t.rows, (r) => r.outcome === 'rejected')).toBe(t.result.metrics.rejectedTotal);
    expect(t.rows).toHaveLength(t.result.metrics.arrived);
    expect(count(t.rows.filter((r) => num(r.arrival) >= 5), (r) => r.outcome === 'finished')).toBeGreaterThan(0);
  });
});

describe('tracing observes and changes nothing', () => {
  it('the same result with and without a trace, and --trace-sample 3 is the full trace filtered to ids 0, 3, 6, ...', async () => {
    const full = await traced(native, 1, 2);
    const untraced = await runReplication(native.runs[0], 2);
    expect(full.result).toEqual(untraced);
    const sampled = await traced(native, 3, 2);
    expect(sampled.result).toEqual(untraced);
    const lines = (text: string) => text.trimEnd().split('\n');
    const header = lines(full.text)[0];
    const every3rd = lines(full.text).filter((line, i) => i > 0 && Number(line.split(',')[4]) % 3 === 0);
    expect(lines(sampled.text)).toEqual([header, ...every3rd]);
    expect(every3rd).toHaveLength(Math.ceil(untraced.metrics.arrived / 3));
  });
});
