/**
 * Builds a scenario's `functions` and `workload` from the busiest functions of an Azure trace:
 * each function replays its own arrivals from the trace, with an execution time fitted to what
 * the trace says of its durations and, for 2019, its app's memory.
 *
 * Fits (stated in the README): 2019 gives each function's mean (Average) and the median of its
 * 30-second averages (percentile_Average_50); a lognormal with that mean and median has
 * sigma^2 = 2 ln(mean / median), cv = sqrt(e^(sigma^2) - 1) (a constant when mean <= median).
 * 2021 gives each invocation's duration: a lognormal with their mean and coefficient of variation.
 * Memory (2019 only): the app's AverageAllocatedMb_pct99, rounded up to a MiB.
 */
import { relative } from 'node:path';
import { forEachLine, forEachRecord, traceFormat, TraceError } from '../workload/trace.js';

export interface TraceFunctionsOptions {
  /** How many functions, the busiest first. */
  top: number;
  /** 2019: function_durations_percentiles file of the same day (required for 2019). */
  durations?: string;
  /** 2019: app_memory_percentiles file of the same day. */
  memory?: string;
  /** Folder the scenario will be in: trace paths are written relative to it. */
  scenarioFolder: string;
}

export interface ScenarioPart {
  functions: Record<string, unknown>[];
  workload: Record<string, unknown>[];
}

interface Busy {
  app: string;
  fn: string;
  invocations: number;
  /** 2021: running mean and sum of squared deviations of durations (Welford), seconds. */
  mean: number;
  m2: number;
}

const ms = (seconds: number) => `${Number((seconds * 1000).toPrecision(4))}ms`;

function lognormalExec(meanSeconds: number, cv: number): unknown {
  return cv > 0 ? { dist: 'lognormal', mean: ms(meanSeconds), cv: Number(cv.toPrecision(3)) } : ms(meanSeconds);
}

export function functionsFromTrace(file: string, options: TraceFunctionsOptions): ScenarioPart {
  const format = traceFormat(file);
  const busy = new Map<string, Busy>();
  const entry = (app: string, fn: string) => {
    const key = `${app}/${fn}`;
    let b = busy.get(key);
    if (!b) busy.set(key, (b = { app, fn, invocations: 0, mean: 0, m2: 0 }));
    return b;
  };
  forEachRecord(file, (fields) => {
    if (format === 'azure2019') {
      entry(fields[1], fields[2]).invocations += fields.slice(4).reduce((sum, c) => sum + Number(c), 0);
    } else {
      const b = entry(fields[0], fields[1]);
      const duration = Number(fields[3]);
      b.invocations++;
      const delta = duration - b.mean;
      b.mean += delta / b.invocations;
      b.m2 += delta * (duration - b.mean);
    }
  });
  // busiest first; ties by id, so the choice is reproducible
  const chosen = [...busy.values()]
    .sort((a, b) => b.invocations - a.invocations || (a.app + a.fn < b.app + b.fn ? -1 : 1))
    .slice(0, options.top);
  const ambiguous = (fn: string) => [...busy.values()].filter((b) => b.fn === fn).length > 1;
  const durations = format === 'azure2019' ? readDurations2019(options.durations) : undefined;
  const memory = format === 'azure2019' && options.memory ? readMemory2019(options.memory) : undefined;
  const tracePath = relative(options.scenarioFolder, file) || file;

  const part: ScenarioPart = { functions: [], workload: [] };
  chosen.forEach((b, i) => {
    const name = `f${i + 1}-${b.fn.slice(0, 8)}`;
    let exec: unknown;
    if (durations) {
      const d = durations.get(`${b.app}/${b.fn}`);
      if (!d) throw new TraceError(`${options.durations}: no durations of function ${b.fn} (app ${b.app}): use the durations file of the same day`);
      const sigma2 = d.meanMs > d.medianMs && d.medianMs > 0 ? 2 * Math.log(d.meanMs / d.medianMs) : 0;
      exec = lognormalExec(d.meanMs / 1000, Math.sqrt(Math.exp(sigma2) - 1));
    } else {
      const variance = b.invocations > 1 ? b.m2 / (b.invocations - 1) : 0;
      exec = lognormalExec(b.mean, b.mean > 0 ? Math.sqrt(variance) / b.mean : 0);
    }
    const fn: Record<string, unknown> = { name, exec };
    const mib = memory?.get(b.app);
    if (mib !== undefined) fn.memory = `${Math.ceil(mib)}MiB`;
    part.functions.push(fn);
    const arrivals: Record<string, unknown> = { trace: tracePath, function: b.fn };
    if (ambiguous(b.fn)) arrivals.app = b.app;
    part.workload.push({ function: name, arrivals });
  });
  return part;
}

function columnsOf(file: string, header: string, wanted: readonly string[]): number[] {
  const names = header.split(',');
  return wanted.map((w) => {
    const i = names.indexOf(w);
    if (i < 0) throw new TraceError(`${file}:1: expected a column ${w}`);
    return i;
  });
}

function readDurations2019(file: string | undefined): Map<string, { meanMs: number; medianMs: number }> {
  if (file === undefined) throw new TraceError('a 2019 trace gives no durations: name its function_durations_percentiles file (--durations)');
  const found = new Map<string, { meanMs: number; medianMs: number }>();
  let cols: number[] = [];
  forEachLine(file, (line, n) => {
    if (n === 1) cols = columnsOf(file, line, ['HashApp', 'HashFunction', 'Average', 'percentile_Average_50']);
    else if (line !== '') {
      const f = line.split(',');
      found.set(`${f[cols[0]]}/${f[cols[1]]}`, { meanMs: Number(f[cols[2]]), medianMs: Number(f[cols[3]]) });
    }
  });
  return found;
}

function readMemory2019(file: string): Map<string, number> {
  const found = new Map<string, number>();
  let cols: number[] = [];
  forEachLine(file, (line, n) => {
    if (n === 1) cols = columnsOf(file, line, ['HashApp', 'AverageAllocatedMb_pct99']);
    else if (line !== '') {
      const f = line.split(',');
      found.set(f[cols[0]], Number(f[cols[1]]));
    }
  });
  return found;
}
