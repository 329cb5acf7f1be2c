import { RandomStreams, Simulation } from '../../src/engine/index.js';
import type { Gauge, Recorder } from '../../src/model/recording.js';
import { OpenWhiskPlatform, type InvokerHook } from '../../src/platform/openwhisk/index.js';
import { Activation } from '../../src/model/activation.js';
import { ActivationFanOut } from '../../src/model/activation-events.js';
import type { FunctionSpec } from '../../src/schema/types.js';
import { functionSpec } from '../../src/schema/build.js';

/** A function with OpenWhisk's defaults; `exec` in seconds (constant). */
export function fn(name: string, memoryMiB = 256, exec = 0.1, kind = 'nodejs:20', namespace = 'guest'): FunctionSpec {
  return functionSpec(name, { namespace, kind, memoryMiB, exec: { dist: 'constant', value: exec } });
}

class FakeGauge implements Gauge {
  value = 0;
  max = 0;
  add(d: number) {
    this.set(this.value + d);
  }
  set(v: number) {
    this.value = v;
    this.max = Math.max(this.max, v);
  }
}

export class FakeRecorder implements Recorder {
  counts = new Map<string, number>();
  means = new Map<string, [number, number]>();
  gauges = new Map<string, FakeGauge>();
  arrived() {}
  started() {}
  accepted() {}
  finished() {}
  rejected() {}
  failed() {}
  gauge(name: string): Gauge {
    let g = this.gauges.get(name);
    if (!g) this.gauges.set(name, (g = new FakeGauge()));
    return g;
  }
  peak(maxName: string): Gauge {
    return this.gauge(maxName);
  }
  count(name: string, delta = 1) {
    this.counts.set(name, (this.counts.get(name) ?? 0) + delta);
  }
  observeMean(name: string, _a: Activation, value: number) {
    const e = this.means.get(name) ?? [0, 0];
    e[0] += value;
    e[1]++;
    this.means.set(name, e);
  }
  meanStat(name: string) {
    return { observe: (a: Activation, value: number) => this.observeMean(name, a, value) };
  }
  tally(name: string) {
    return { observe: () => this.count(name) };
  }
  samples = new Map<string, number[]>();
  distribution(name: string) {
    return { observe: (_a: Activation | null, value: number) => this.samples.set(name, [...(this.samples.get(name) ?? []), value]) };
  }
  ratio(name: string) {
    return { observe: (_a: Activation, numerator: number, denominator: number) => this.observeMean(name, _a, denominator > 0 ? numerator / denominator : 0) };
  }
  mean(name: string) {
    const e = this.means.get(name);
    return e ? e[0] / e[1] : NaN;
  }
}

/** What a test's hooks may be built from: the run's clock, streams and recorder. */
export interface HarnessEnv {
  sim: Simulation;
  random: RandomStreams;
  recorder: FakeRecorder;
}

/** A platform on a fresh simulation, with a sink that keeps every activation it sees. */
export function harness(
  platform: Record<string, unknown>,
  functions: FunctionSpec[],
  seed = 1,
  sampleIntervalSeconds = 0,
  hooksOf?: InvokerHook[] | ((env: HarnessEnv) => InvokerHook[]),
  /** The metrics window (default: from 0, practically unbounded). */
  window = { warmupSeconds: 0, durationSeconds: 1e9 },
) {
  const sim = new Simulation();
  const random = new RandomStreams(seed);
  const recorder = new FakeRecorder();
  const hooks = typeof hooksOf === 'function' ? hooksOf({ sim, random, recorder }) : hooksOf;
  const log = { started: [] as Activation[], accepted: [] as Activation[], finished: [] as Activation[], rejected: [] as [Activation, string][], failed: [] as Activation[] };
  const events = new ActivationFanOut();
  events.add({
    started: (a) => log.started.push(a),
    accepted: (a) => log.accepted.push(a),
    finished: (a) => log.finished.push(a),
    rejected: (a, r) => log.rejected.push([a, r]),
    failed: (a) => log.failed.push(a),
  });
  const samples: Record<string, number | string>[] = [];
  const ow = new OpenWhiskPlatform({ kind: 'openwhisk', ...platform }, {
    sim,
    random,
    functions,
    sink: events,
    listen: (listener) => events.add(listener),
    recorder,
    ...window,
    sampleIntervalSeconds,
    onSample: (row) => samples.push(row),
  }, { hooks });
  let ids = 0;
  /** Schedules an arrival of function `f` at time `t` with execution time `exec` (default: the function's constant). */
  const at = (t: number, f: number, opts: { exec?: number; blocking?: boolean } = {}) => {
    const exec = opts.exec ?? (functions[f].exec as { value: number }).value;
    const a = new Activation(ids++, f, -1, opts.blocking ?? true, t, exec);
    sim.scheduleAt(t, (x: Activation) => ow.submit(x), a);
    return a;
  };
  return { sim, ow, recorder, log, at, samples, events };
}

/** Every latency zero, no stem cells, long pause grace: the queueing skeleton only. */
export const ZERO = { latencies: 0, prewarm: { stemCells: [] }, pauseGrace: '1h', idleContainer: '1h' };
