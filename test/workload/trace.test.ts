import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Replication } from '../../src/run/replication.js';
import type { ArrivalSpec, RunSpec } from '../../src/schema/types.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { functionsFromTrace } from '../../src/scenario/from-trace.js';
import { forEachLine, scaledCounts, traceArrivals } from '../../src/workload/trace.js';
import { fnSpec, load, runSpec } from '../run/fixtures.js';
import { errorOf, writeScenario } from '../scenario/helpers.js';

// Replay of the Azure Functions traces, against the (generated) sample files: what the trace says
// per minute is what arrives per minute, exactly.
const traces = fileURLToPath(new URL('../../scenarios/traces/', import.meta.url));
const counts2019 = `${traces}generated-azure2019-invocations.csv`;
const invocations2021 = `${traces}generated-azure2021-invocations.csv`;
const hashOf = (n: number) => {
  let hash = '';
  forEachLine(counts2019, (line, i) => {
    if (i === n + 1) hash = line.split(',')[2];
    return i <= n;
  });
  return hash;
};
const F1 = hashOf(1); // busiest, diurnal
const F4 = hashOf(4); // bursty queue
const F8 = hashOf(8); // 200 invocations in minute 601 alone
const APP_2021 = { a: '', b: '' };
forEachLine(invocations2021, (line, i) => {
  if (i === 1) return;
  const [app, fn] = line.split(',');
  if (fn !== F1) return;
  if (APP_2021.a === '') APP_2021.a = app;
  else if (app !== APP_2021.a && APP_2021.b === '') APP_2021.b = app;
});

async function arrivalInstants(arrivals: ArrivalSpec, durationSeconds: number, replication = 1): Promise<number[]> {
  const spec: RunSpec = runSpec({
    platform: { kind: 'station', servers: Infinity, queue: 0 },
    functions: [fnSpec('f', { dist: 'constant', value: 0.001 })],
    workload: [load(0, arrivals)],
    durationSeconds,
  });
  const seen: number[] = [];
  await new Replication(spec, replication, { arrived: (a) => seen.push(a.arrival) }).run();
  return seen;
}

const perMinute = (instants: readonly number[], minutes: number) => {
  const counts = new Array<number>(minutes).fill(0);
  for (const t of instants) counts[Math.floor(t / 60)]++;
  return counts;
};

const trace2019 = (fn: string, extra: Partial<Extract<ArrivalSpec, { kind: 'trace' }>> = {}): ArrivalSpec => ({
  kind: 'trace', file: counts2019, function: fn, scale: 1, within: 'poisson', ...extra,
});

describe('2019 per-minute counts', () => {
  it.each([
    ['poisson', F1],
    ['poisson', F4],
    ['even', F4],
    ['poisson', F8],
  ] as const)('within %s: every minute gets exactly its count (%s)', async (within, fn) => {
    const trace = traceArrivals(counts2019, { function: fn });
    if (trace.format !== 'azure2019') throw new Error('expected a 2019 trace');
    const minutes = 720;
    const instants = await arrivalInstants(trace2019(fn, { within }), minutes * 60);
    expect(perMinute(instants, minutes)).toEqual(trace.perMinute.slice(0, minutes));
    expect(instants.length).toBeGreaterThan(0);
  });

  it('within poisson: given the count, the instants are uniform over the minute (chi-square, 10 bins) and differ by replication', async () => {
    const a = await arrivalInstants(trace2019(F1), 720 * 60, 1);
    const b = await arrivalInstants(trace2019(F1), 720 * 60, 2);
    expect(a).not.toEqual(b);
    const bins = new Array<number>(10).fill(0);
    for (const t of a) bins[Math.floor(((t % 60) / 60) * 10)]++;
    const expected = a.length / 10;
    const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.88); // 9 degrees of freedom, p = 0.001
  });

  it('within even: the j-th of c instants of minute m at exactly 60 m + (j + 1/2) 60 / c', async () => {
    const instants = await arrivalInstants(trace2019(F8, { within: 'even' }), 1440 * 60);
    expect(instants).toHaveLength(200);
    instants.forEach((t, j) => expect(t).toBe(600 * 60 + ((j + 0.5) * 60) / 200));
  });

  it('scale multiplies the counts, rounding so that the total is round(scale x total)', async () => {
    expect(scaledCounts([3, 0, 1, 1, 5], 1)).toEqual([3, 0, 1, 1, 5]);
    expect(scaledCounts([1, 1, 1, 1], 0.5)).toEqual([1, 0, 1, 0]);
    expect(scaledCounts([3, 0, 1, 1, 5], 2)).toEqual([6, 0, 2, 2, 10]);
    const trace = traceArrivals(counts2019, { function: F4 });
    if (trace.format !== 'azure2019') throw new Error('expected a 2019 trace');
    const instants = await arrivalInstants(trace2019(F4, { scale: 0.3 }), 1440 * 60);
    const total = trace.perMinute.reduce((s, c) => s + c, 0);
    expect(instants).toHaveLength(Math.round(0.3 * total));
    perMinute(instants, 1440).forEach((c, m) => expect(Math.abs(c - 0.3 * trace.perMinute[m])).toBeLessThanOrEqual(1));
  });
});

describe('2021 invocations', () => {
  it('each invocation arrives at its end_timestamp - duration, in order, and scale 2 sends each twice', async () => {
    const expected: number[] = [];
    forEachLine(invocations2021, (line, i) => {
      const f = line.split(',');
      if (i > 1 && f[0] === APP_2021.a && f[1] === F1) expected.push(Number(f[2]) - Number(f[3]));
    });
    expected.sort((x, y) => x - y);
    const inWindow = expected.filter((t) => t >= 0 && t < 3600);
    const spec: ArrivalSpec = { kind: 'trace', file: invocations2021, function: F1, app: APP_2021.a, scale: 1, within: 'poisson' };
    expect(await arrivalInstants(spec, 3600)).toEqual(inWindow);
    expect(await arrivalInstants({ ...spec, scale: 2 }, 3600)).toEqual(inWindow.flatMap((t) => [t, t]));
  });
});

describe('traces in scenario files', () => {
  const scenario = (arrivals: string, trace = counts2019) => `name: t
duration: 1h
platform: { kind: station, servers: 100 }
functions: [{ name: f, exec: 10ms }]
workload:
  - function: f
    arrivals: ${arrivals.replace('TRACE', trace)}
`;

  it('a trace path is relative to the scenario file, and the run replays it', () => {
    const file = writeScenario(scenario(`{ trace: TRACE, function: ${F1} }`));
    const loaded = loadScenario(file);
    expect(loaded.runs[0].workload[0].arrivals).toEqual({ kind: 'trace', file: counts2019, function: F1, scale: 1, within: 'poisson' });
    const relative = parseScenario(scenario(`{ trace: traces/generated-azure2019-invocations.csv, function: ${F1} }`), `${traces}../x.yaml`);
    expect(relative.runs[0].workload[0].arrivals).toMatchObject({ file: `${traces}generated-azure2019-invocations.csv` });
  });

  it.each([
    ['no such file', `{ trace: missing.csv, function: ${F1} }`, ':7:24: workload[0].arrivals.trace: cannot read the trace', 'missing.csv: no such file'],
    ['an unknown function', '{ trace: TRACE, function: abc }', 'workload[0].arrivals.function:', 'no function abc in the trace'],
    ['a func id in two apps (2021)', `{ trace: ${invocations2021}, function: ${F1} }`, 'workload[0].arrivals.function:', 'is in 2 apps'],
    ['not a trace', '{ trace: TRACE, function: abc }', 'workload[0].arrivals.trace:', ':1: not an Azure Functions trace'],
    ['a scale of 0', `{ trace: TRACE, function: ${F1}, scale: 0 }`, 'workload[0].arrivals.scale:', 'scale must be a number > 0'],
    ['an unknown key', `{ trace: TRACE, function: ${F1}, within: uniform }`, 'workload[0].arrivals.within:', ''],
  ])('%s: a located error', (_what, arrivals, where, message) => {
    const file = writeScenario(scenario(arrivals, _what === 'not a trace' ? `${traces}README.md` : counts2019));
    const text = errorOf(file).format();
    expect(text).toMatch(new RegExp(`^${file}:7:\\d+: workload`));
    expect(text).toContain(where);
    expect(text).toContain(message);
  });
});

describe('trace-functions', () => {
  it("builds the busiest functions (by the trace's invocations), and the result runs and replays them", async () => {
    const part = functionsFromTrace(counts2019, {
      top: 3,
      durations: `${traces}generated-azure2019-durations.csv`,
      memory: `${traces}generated-azure2019-memory.csv`,
      scenarioFolder: traces,
    });
    expect(part.workload.map((w) => (w.arrivals as { function: string }).function)).toEqual([F1, hashOf(2), F4]);
    // f1: Average 48 ms, median 40 ms: sigma^2 = 2 ln(1.2), cv = sqrt(1.2^2 - 1)
    expect(part.functions[0]).toEqual({ name: `f1-${F1.slice(0, 8)}`, exec: { dist: 'lognormal', mean: '48ms', cv: Number(Math.sqrt(1.44 - 1).toPrecision(3)) }, memory: '232MiB' });
    const scenario = parseScenario(`name: from-trace\nduration: 30min\nplatform: { kind: scale-per-request }\n${Object.entries(part).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n`, `${traces}x.yaml`);
    expect(scenario.runs[0].functions).toHaveLength(3);
    const seen: number[] = [];
    await new Replication(scenario.runs[0], 1, { arrived: (a) => seen.push(a.fn) }).run();
    const trace = traceArrivals(counts2019, { function: F4 });
    if (trace.format !== 'azure2019') throw new Error('expected a 2019 trace');
    expect(seen.filter((fn) => fn === 2)).toHaveLength(trace.perMinute.slice(0, 30).reduce((s, c) => s + c, 0));
  });

  it('for 2021, names the app of a func id that two apps share', () => {
    const part = functionsFromTrace(invocations2021, { top: 5, scenarioFolder: traces });
    const shared = part.workload.filter((w) => (w.arrivals as { function: string }).function === F1);
    expect(shared).toHaveLength(2);
    for (const w of shared) expect((w.arrivals as { app?: string }).app).toMatch(/^[0-9a-f]{64}$/);
    expect(parse(JSON.stringify(part)).functions).toHaveLength(5);
  });
});
