import { describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioError } from '../../src/schema/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { BASE, errorOf, writeScenario } from './helpers.js';

/*
 * BASE, line by line:
 *  1 name: t            5   kind: station     9     exec: 20ms       13       poisson: 20/s
 *  2 duration: 60s      6   servers: 2       10 workload:             14 (appended lines start here)
 *  3 warmup: 10s        7 functions:         11   - function: f
 *  4 platform:          8   - name: f        12     arrivals:
 */
interface Case {
  name: string;
  text: string;
  /** File name; scenario.yaml when absent. */
  fileName?: string;
  path: string;
  line: number;
  message: string;
}

const replace = (from: string, to: string) => {
  if (!BASE.includes(from)) throw new Error(`BASE has no ${from}`);
  return BASE.replace(from, to);
};
const append = (text: string) => BASE + text;

const cases: Case[] = [
  // top level
  { name: 'unknown top-level key', text: append('sever: 1\n'), path: 'sever', line: 14, message: 'unknown key "sever" (did you mean "seed"?)' },
  { name: 'missing name', text: replace('name: t\n', 'description: x\n'), path: 'name', line: 1, message: 'required, but missing' },
  { name: 'missing duration', text: replace('duration: 60s\n', ''), path: 'duration', line: 1, message: 'required, but missing' },
  { name: 'duration without unit', text: replace('duration: 60s', 'duration: 60'), path: 'duration', line: 2, message: 'expected a duration like 20ms, 1.5s or 10min, got 60' },
  { name: 'zero duration', text: replace('duration: 60s', 'duration: 0s'), path: 'duration', line: 2, message: 'must be > 0' },
  { name: 'warmup as long as duration', text: replace('warmup: 10s', 'warmup: 1min'), path: 'warmup', line: 3, message: 'warmup (60 s) must be shorter than duration (60 s)' },
  { name: 'negative seed', text: append('seed: -1\n'), path: 'seed', line: 14, message: 'must be >= 0, got -1' },
  { name: 'zero replications', text: append('replications: 0\n'), path: 'replications', line: 14, message: 'must be > 0, got 0' },
  { name: 'sampleInterval longer than the run', text: append('sampleInterval: 2min\n'), path: 'sampleInterval', line: 14, message: 'no sample would be taken' },
  // platform
  { name: 'misspelt OpenWhisk key, with a suggestion', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n  invoker: 2\n'), path: 'platform.invoker', line: 6, message: 'unknown key "invoker" (did you mean "invokers"?)' },
  { name: 'unknown platform kind', text: replace('kind: station', 'kind: statoin'), path: 'platform.kind', line: 5, message: 'expected one of station, scale-per-request, openwhisk; got "statoin"' },
  { name: 'no servers', text: replace('servers: 2', 'servers: 0'), path: 'platform.servers', line: 6, message: 'must be > 0, got 0' },
  { name: 'fractional servers', text: replace('servers: 2', 'servers: 1.5'), path: 'platform.servers', line: 6, message: 'expected an integer, got 1.5' },
  { name: 'misspelt servers', text: replace('servers: 2', 'sevrers: 2'), path: 'platform.sevrers', line: 6, message: 'unknown key "sevrers" (did you mean "servers"?)' },
  { name: 'negative queue', text: replace('servers: 2', 'servers: 2\n  queue: -1'), path: 'platform.queue', line: 7, message: 'must be >= 0, got -1' },
  { name: 'unknown reuse policy', text: replace('  kind: station\n  servers: 2', '  kind: scale-per-request\n  reuse: lru'), path: 'platform.reuse', line: 6, message: 'expected "newest" or "mru" or "oldest" or "random", got "lru"' },
  // functions
  { name: 'empty function list', text: replace('functions:\n  - name: f\n    exec: 20ms\n', 'functions: []\n'), path: 'functions', line: 7, message: 'needs at least 1 item' },
  { name: 'duplicate function name', text: replace('functions:\n', 'functions:\n  - { name: f, exec: 1ms }\n'), path: 'functions[1].name', line: 9, message: 'duplicate function name "f" (also functions[0])' },
  { name: 'memory without unit', text: replace('exec: 20ms', 'exec: 20ms\n    memory: 256'), path: 'functions[0].memory', line: 10, message: 'expected a size like 4KiB, 256MiB or 2GiB, got 256' },
  { name: 'lognormal without cv', text: replace('exec: 20ms', 'exec: { dist: lognormal, mean: 20ms }'), path: 'functions[0].exec.cv', line: 9, message: 'required, but missing' },
  { name: 'unknown distribution', text: replace('exec: 20ms', 'exec: { dist: weibull, mean: 20ms }'), path: 'functions[0].exec.dist', line: 9, message: 'got "weibull"' },
  { name: 'random distribution with mean 0', text: replace('exec: 20ms', 'exec: { dist: exponential, mean: 0ms }'), path: 'functions[0].exec', line: 9, message: 'has mean 0' },
  { name: 'exec of the wrong type', text: replace('exec: 20ms', 'exec: true'), path: 'functions[0].exec', line: 9, message: 'got true' },
  // workload
  { name: 'rate in words', text: replace('poisson: 20/s', 'poisson: fast'), path: 'workload[0].arrivals.poisson', line: 13, message: 'expected a rate like 20/s or 300/min, got "fast"' },
  { name: 'negative rate', text: replace('poisson: 20/s', 'poisson: -5/s'), path: 'workload[0].arrivals.poisson', line: 13, message: 'got "-5/s"' },
  { name: 'zero poisson rate', text: replace('poisson: 20/s', 'poisson: 0/s'), path: 'workload[0].arrivals.poisson', line: 13, message: 'nothing would arrive' },
  { name: 'mmpp that is never on', text: replace('poisson: 20/s', 'mmpp: { on: 0/s, off: 0/s, onMean: 1s, offMean: 1s }'), path: 'workload[0].arrivals.mmpp.on', line: 13, message: 'nothing would arrive' },
  { name: 'two arrival processes', text: replace('poisson: 20/s', 'poisson: 20/s\n      constant: 1/s'), path: 'workload[0].arrivals', line: 12, message: 'expected exactly one of poisson, constant, mmpp, closedLoop, got poisson and constant' },
  { name: 'misspelt arrival process', text: replace('poisson: 20/s', 'poison: 20/s'), path: 'workload[0].arrivals.poison', line: 13, message: 'did you mean "poisson"?' },
  { name: 'closed loop without clients', text: replace('poisson: 20/s', 'closedLoop: { clients: 0, think: 1s }'), path: 'workload[0].arrivals.closedLoop.clients', line: 13, message: 'must be > 0' },
  { name: 'non-blocking closed loop', text: replace('arrivals:\n      poisson: 20/s', 'blocking: false\n    arrivals: { closedLoop: { clients: 2, think: 1s } }'), path: 'workload[0].blocking', line: 12, message: 'blocking must be true' },
  { name: 'workload naming an unknown function', text: replace('function: f', 'function: g'), path: 'workload[0].function', line: 11, message: 'unknown function "g"; functions are "f"' },
  { name: 'closed loop that never thinks', text: replace('poisson: 20/s', 'closedLoop: { clients: 2, think: 0 }'), path: 'workload[0].arrivals.closedLoop.think', line: 13, message: 'a think time must have a mean > 0: a client answered at once would send forever at one instant' },
  { name: 'closed loop with a constant zero think time', text: replace('poisson: 20/s', 'closedLoop: { clients: 2, think: { dist: constant, value: 0ms } }'), path: 'workload[0].arrivals.closedLoop.think', line: 13, message: 'a think time must have a mean > 0' },
  // variants
  { name: 'variant with a bad value', text: append('variants:\n  big:\n    platform: { servers: -1 }\n'), path: 'variants.big.platform.servers', line: 16, message: 'must be > 0, got -1' },
  { name: 'variant with a bad dotted key', text: append('variants:\n  big:\n    "platform.servers": x\n'), path: 'variants.big.platform.servers', line: 16, message: 'expected a number, got "x"' },
  { name: 'variant indexing past a list', text: append('variants:\n  big:\n    "workload.3.blocking": false\n'), path: 'variants.big.workload.3.blocking', line: 16, message: 'index 3 does not exist' },
  { name: 'chart colored by a misspelt column', text: append('charts:\n  - { x: variant, y: throughput, color: varaint }\n'), path: 'charts[0].color', line: 15, message: 'did you mean "variant"?' },
  { name: 'variant changing the name', text: append('variants:\n  big:\n    name: other\n'), path: 'variants.big.name', line: 16, message: 'a variant cannot change name' },
  { name: 'variant changing the seed (variants share random numbers)', text: append('variants:\n  big:\n    seed: 9\n'), path: 'variants.big.seed', line: 16, message: 'a variant cannot change seed' },
  { name: 'hardware block that names no profile', text: append('hardware: { epc: 256MiB }\n'), path: 'hardware', line: 14, message: 'a hardware block changes a profile: name it, { profile: NAME, epc: ... }; profiles in models/hardware/: ' },
  { name: 'baseline naming no variant', text: append('variants: { native: {}, secure: {} }\nbaseline: nativ\n'), path: 'baseline', line: 15, message: 'baseline "nativ" is not a variant of this scenario (variants: native, secure)' },
  { name: 'baseline that is not a name', text: append('variants: { native: {}, secure: {} }\nbaseline: [native]\n'), path: 'baseline', line: 15, message: 'expected the name of a variant, got [\"native\"]' },
  { name: 'baseline without another variant', text: append('baseline: base\n'), path: 'baseline', line: 14, message: 'a baseline is the variant the others are compared with: this scenario has no other variant' },
  { name: 'variant changing the baseline', text: append('variants:\n  big:\n    baseline: big\n'), path: 'variants.big.baseline', line: 16, message: 'a variant cannot change baseline' },
  { name: 'variant that is not a mapping', text: append('variants:\n  big: 4\n'), path: 'variants.big', line: 15, message: 'a variant is a mapping of changes' },
  { name: 'variant that breaks the base', text: append('variants:\n  native:\n  spr:\n    platform: { kind: scale-per-request }\n'), path: 'platform.servers', line: 6, message: '(in variant spr, which merges into the base' },
  // sweep
  { name: 'sweep path that does not exist', text: append('sweep:\n  "platform.queue": [1, 2]\n'), path: 'sweep.platform.queue', line: 15, message: 'platform.queue does not exist in the scenario' },
  { name: 'sweep value with a wrong unit', text: append('sweep:\n  "workload.0.arrivals.poisson": [10/s, fast]\n'), path: 'sweep.workload.0.arrivals.poisson[1]', line: 15, message: 'expected a rate like 20/s or 300/min, got "fast"' },
  { name: 'empty sweep list', text: append('sweep:\n  platform.servers: []\n'), path: 'sweep.platform.servers', line: 15, message: 'expected a non-empty list' },
  { name: 'sweep value given twice', text: append('sweep:\n  workload.0.arrivals.poisson: [50/s, 3000/min]\n'), path: 'sweep.workload.0.arrivals.poisson[1]', line: 15, message: 'repeats item 0' },
  { name: 'sweep of a file-level key', text: append('sweep:\n  name: [a, b]\n'), path: 'sweep.name', line: 15, message: 'cannot be swept' },
  // claims
  { name: 'claim naming an unknown variant', text: append('claims:\n  - { id: a, metric: throughput, variant: nope, value: { min: 1 } }\n'), path: 'claims[0].variant', line: 15, message: 'unknown variant "nope"; variants are "base"' },
  { name: 'ratio without baseline', text: append('variants: { x: {}, y: {} }\nclaims:\n  - { id: a, metric: throughput, variant: x, ratio: { min: 0.9 } }\n'), path: 'claims[0].ratio', line: 16, message: 'a ratio needs a baseline' },
  { name: 'ratio and value both', text: append('variants: { x: {}, y: {} }\nclaims:\n  - { id: a, metric: m, variant: x, baseline: y, ratio: { min: 1 }, value: { min: 1 } }\n'), path: 'claims[0].value', line: 16, message: 'give ratio or value, not both' },
  { name: 'claim without a bound', text: append('claims:\n  - { id: a, metric: m, variant: base }\n'), path: 'claims[0]', line: 15, message: 'a claim needs a bound' },
  { name: "holds without paper: true", text: append('claims:\n  - { id: a, metric: throughput, variant: base, value: { min: 1/s }, holds: false }\n'), path: 'claims[0].holds', line: 15, message: "holds says whether the paper's claim holds: it goes with paper: true" },
  { name: 'bound with min above max', text: append('claims:\n  - { id: a, metric: latency.p50, variant: base, value: { min: 2s, max: 1s } }\n'), path: 'claims[0].value.max', line: 15, message: 'max (1s) is below min (2s)' },
  { name: 'bound with a word for a value', text: append('claims:\n  - { id: a, metric: m, variant: base, value: { max: soon } }\n'), path: 'claims[0].value.max', line: 15, message: 'expected a number or a quantity' },
  { name: 'duplicate claim id', text: append('claims:\n  - { id: a, metric: m, variant: base, value: { max: 1 } }\n  - { id: a, metric: m, variant: base, value: { max: 2 } }\n'), path: 'claims[1].id', line: 16, message: 'duplicate claim id "a"' },
  { name: 'at value not in the sweep', text: append('sweep:\n  platform.servers: [1, 2]\nclaims:\n  - { id: a, metric: m, variant: base, value: { max: 5ms }, at: { platform.servers: 3 } }\n'), path: 'claims[0].at.platform.servers', line: 17, message: '3 is not among the sweep values 1, 2' },
  { name: 'at path that is not swept', text: append('claims:\n  - { id: a, metric: m, variant: base, value: { max: 5ms }, at: { platform.servers: 3 } }\n'), path: 'claims[0].at.platform.servers', line: 15, message: 'not a sweep path' },
  { name: 'claim naming an unknown function', text: append('claims:\n  - { id: a, metric: m, variant: base, value: { max: 1 }, function: g }\n'), path: 'claims[0].function', line: 15, message: 'unknown function "g" in variant "base"' },
  { name: 'chart without y', text: append('charts:\n  - { x: offered }\n'), path: 'charts[0].y', line: 15, message: 'required, but missing' },
  // claim metrics: known to the platform of every variant they name
  { name: 'misspelt claim metric', text: append('claims:\n  - { id: a, metric: latncy.p50, variant: base, value: { max: 50ms } }\n'), path: 'claims[0].metric', line: 15, message: 'unknown metric "latncy.p50" (did you mean "latency.p50"?)' },
  { name: 'claim metric like no other', text: append('claims:\n  - { id: a, metric: speed, variant: base, value: { max: 1 } }\n'), path: 'claims[0].metric', line: 15, message: 'unknown metric "speed"; metrics: offered, throughput, ' },
  { name: 'OpenWhisk metric on a station', text: append('claims:\n  - { id: a, metric: evictions, variant: base, value: { max: 1 } }\n'), path: 'claims[0].metric', line: 15, message: 'evictions is not a metric of platform station (variant "base"): only openwhisk reports it' },
  { name: 'OpenWhisk metric whose baseline is a station', text: append('variants:\n  ow:\n    platform: { kind: openwhisk, servers: null }\n  st:\nclaims:\n  - { id: a, metric: evictions, variant: ow, baseline: st, ratio: { min: 1 } }\n'), path: 'claims[0].metric', line: 19, message: 'evictions is not a metric of platform station (variant "st")' },
  { name: 'whole-run metric of one function', text: replace('functions:\n', 'functions:\n  - { name: g, exec: 1ms }\n') + 'claims:\n  - { id: a, metric: inFlight, variant: base, function: f, value: { max: 1 } }\n', path: 'claims[0].metric', line: 16, message: 'inFlight is not reported per function on platform station (variant "base"): it is a whole-run metric (drop function)' },
  { name: 'OpenWhisk breakdown on a station', text: append('claims:\n  - { id: a, metric: latency.breakdown.init, variant: base, value: { max: 1ms } }\n'), path: 'claims[0].metric', line: 15, message: 'latency.breakdown.init is not a metric of platform station' },
  // claim bounds: in the unit of the metric
  { name: 'rate bound on a latency', text: append('claims:\n  - { id: a, metric: latency.p50, variant: base, value: { max: 5/s } }\n'), path: 'claims[0].value.max', line: 15, message: 'latency.p50 is a time: expected a duration like 50ms or 1.5s, got "5/s"' },
  { name: 'bare number bound on a latency', text: append('claims:\n  - { id: a, metric: latency.p50, variant: base, value: { max: 50 } }\n'), path: 'claims[0].value.max', line: 15, message: 'latency.p50 is a time: expected a duration like 50ms or 1.5s, got 50 (a bare number has no unit: write 50ms or 50s)' },
  { name: 'size bound on a wait', text: append('claims:\n  - { id: a, metric: wait.p99, variant: base, value: { min: 1MiB } }\n'), path: 'claims[0].value.min', line: 15, message: 'wait.p99 is a time' },
  { name: 'bare number bound on a completion time', text: append('claims:\n  - { id: a, metric: completion.p99, variant: base, value: { max: 2 } }\n'), path: 'claims[0].value.max', line: 15, message: 'completion.p99 is a time' },
  { name: 'bare number bound on OpenWhisk\'s breakdown', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n') + 'claims:\n  - { id: a, metric: latency.breakdown.init, variant: base, value: { max: 5 } }\n', path: 'claims[0].value.max', line: 14, message: 'latency.breakdown.init is a time' },
  { name: 'bare number bound on a throughput', text: append('claims:\n  - { id: a, metric: throughput, variant: base, value: { min: 100 } }\n'), path: 'claims[0].value.min', line: 15, message: 'throughput is a rate: expected a rate like 100/s or 6000/min, got 100 (write 100/s)' },
  { name: 'duration bound on offered load', text: append('claims:\n  - { id: a, metric: offered, variant: base, value: { max: 1s } }\n'), path: 'claims[0].value.max', line: 15, message: 'offered is a rate' },
  { name: 'duration bound on a ratio metric', text: append('claims:\n  - { id: a, metric: coldStartRatio, variant: base, value: { max: 50ms } }\n'), path: 'claims[0].value.max', line: 15, message: 'coldStartRatio is a plain number: expected a number like 0.5 or 100, got "50ms"' },
  { name: 'rate bound on a count', text: append('claims:\n  - { id: a, metric: completed, variant: base, value: { min: 10/s } }\n'), path: 'claims[0].value.min', line: 15, message: 'completed is a plain number' },
  { name: 'bare number bound on a memory size', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n') + 'claims:\n  - { id: a, metric: invokers.memoryUsed.max, variant: base, value: { max: 2048 } }\n', path: 'claims[0].value.max', line: 14, message: 'invokers.memoryUsed.max is a size: expected a size like 512MiB or 2GiB, got 2048 (a bare number has no unit: write 2048MiB)' },
  { name: 'ratio bound with a unit', text: append('variants: { x: {}, y: {} }\nclaims:\n  - { id: a, metric: latency.p50, variant: x, baseline: y, ratio: { max: 2ms } }\n'), path: 'claims[0].ratio.max', line: 16, message: 'expected a number, got "2ms"' },
  // charts
  { name: 'misspelt chart metric', text: append('charts:\n  - { x: offered, y: througput }\n'), path: 'charts[0].y', line: 15, message: 'unknown metric "througput" (did you mean "throughput"?)' },
  { name: 'chart of an OpenWhisk metric on a station', text: append('charts:\n  - { x: offered, y: evictions }\n'), path: 'charts[0].y', line: 15, message: 'evictions is not a metric of platform station (variant "base")' },
  { name: 'chart x that is neither metric nor sweep path', text: append('sweep:\n  workload.0.arrivals.poisson: [10/s, 20/s]\ncharts:\n  - { x: workload.0.arrivals.poison, y: throughput }\n'), path: 'charts[0].x', line: 17, message: '"workload.0.arrivals.poison" is not a metric, a sweep path (workload.0.arrivals.poisson), variant or time (did you mean "workload.0.arrivals.poisson"?)' },
  // sweeps: OpenWhisk defaults from the model file, and points that break the scenario
  { name: 'sweep of a key OpenWhisk does not have', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n') + 'sweep:\n  platform.pauseGrase: [50ms, 10s]\n', path: 'sweep.platform.pauseGrase', line: 14, message: 'platform.pauseGrase does not exist in the scenario' },
  { name: 'sweep of an OpenWhisk key on a station', text: append('sweep:\n  platform.pauseGrace: [50ms, 10s]\n'), path: 'sweep.platform.pauseGrace', line: 15, message: 'platform.pauseGrace does not exist in the scenario' },
  { name: 'sweep point that breaks the platform', text: append('sweep:\n  platform.kind: [station, scale-per-request]\n'), path: 'platform.servers', line: 6, message: 'unknown key "servers"; known keys: kind, keepAlive, maxConcurrency, reuse (at sweep point platform.kind: scale-per-request)' },
  { name: 'sweep point that breaks the platform, in a grid', text: append('sweep:\n  workload.0.arrivals.poisson: [10/s, 20/s]\n  platform.kind: [station, scale-per-request]\n'), path: 'platform.servers', line: 6, message: '(at sweep point platform.kind: scale-per-request)' },
  { name: 'sweep point that breaks the platform, in a variant', text: append('variants:\n  a:\n  b:\n    platform.servers: 3\nsweep:\n  platform.kind: [station, scale-per-request]\n'), path: 'variants.b.platform.servers', line: 17, message: '(at sweep point platform.kind: scale-per-request)' },
  // invoker faults (OpenWhisk): 0-based invokers, no overlap, durations
  { name: 'fault of an invoker that does not exist', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n  invokers: 2\n  faults:\n    - { at: 60s, invoker: 2, down: 30s }\n'), path: 'platform.faults[0].invoker', line: 8, message: 'invoker 2 does not exist: invokers are numbered from 0 to 1' },
  { name: 'overlapping outages of one invoker', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n  faults:\n    - { at: 60s, invoker: 1, down: 30s }\n    - { at: 80s, invoker: 1, down: 5s }\n'), path: 'platform.faults[1].at', line: 8, message: 'overlaps the outage of invoker 1 at faults[0] (60 s to 90 s)' },
  { name: 'negative fault time', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n  faults: [{ at: -5s, invoker: 0, down: 30s }]\n'), path: 'platform.faults[0].at', line: 6, message: 'expected a duration like 20ms, 1.5s or 10min, got "-5s"' },
  { name: 'outage of no length', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n  faults: [{ at: 5s, invoker: 0, down: 0s }]\n'), path: 'platform.faults[0].down', line: 6, message: 'down must be positive' },
  { name: 'unknown key of a fault', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n  faults: [{ at: 5s, invoker: 0, for: 3s }]\n'), path: 'platform.faults[0].for', line: 6, message: 'unknown key "for"' },
  { name: 'faults with SGX', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n  security: sgx\n  faults: [{ at: 5s, invoker: 0, down: 3s }]\n'), path: 'platform.faults', line: 7, message: 'invoker faults are not modelled with platform.security (sgx) yet' },
  { name: 'failed claimed of a run without faults', text: replace('  kind: station\n  servers: 2\n', '  kind: openwhisk\n') + 'claims:\n  - { id: a, metric: failedRatio, variant: base, value: { max: 0.1 } }\n', path: 'claims[0].metric', line: 14, message: 'failedRatio is not a metric of platform openwhisk' },
  // the file itself
  { name: 'YAML syntax error', text: replace('servers: 2', 'servers: [2'), path: '', line: 7, message: 'Flow sequence' },
  { name: 'JSON syntax error', fileName: 'bad.json', text: '{\n  "name": "t",\n  "duration": "60s",,\n}\n', path: '', line: 3, message: 'Unexpected' },
  { name: 'duplicate key', text: append('name: u\n'), path: '', line: 14, message: 'Map keys must be unique' },
  { name: 'two YAML documents', text: `${BASE}---\n${BASE}`, path: '', line: 14, message: 'one YAML document, this one has 2' },
  { name: 'empty file', text: '# only a comment\n', path: '', line: 1, message: 'the file is empty' },
  { name: 'a list instead of a mapping', text: '- name: t\n', path: '', line: 1, message: 'a scenario is a mapping' },
  { name: 'custom tag', text: replace('servers: 2', 'servers: !js/function 2'), path: '', line: 6, message: 'tag !js/function is not allowed' },
  { name: 'language-specific YAML tag', text: replace('name: t', 'name: !!binary dA=='), path: '', line: 1, message: 'tag !!binary is not allowed' },
  { name: '__proto__ key', text: append('__proto__: { polluted: 1 }\n'), path: '', line: 14, message: 'the key __proto__ is not allowed' },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('bad scenarios are ScenarioErrors located by line and path', () => {
  it.each(cases)('$name', ({ text, fileName, path, line, message }) => {
    const file = writeScenario(text, fileName);
    const error = errorOf(file);
    const issue = error.issues.find((i) => i.path === path && i.line === line);
    expect(error.issues).toContainEqual(expect.objectContaining({ path, line }));
    expect(issue?.message).toContain(message);
    // The formatted line names file, line, column and path, in that order.
    const where = path === '' ? '' : `${escape(path)}: `;
    expect(error.format()).toMatch(new RegExp(`^${escape(file)}:${line}:\\d+: ${where}.*${escape(message)}`, 'm'));
  });

  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it('formats the example from the design exactly', () => {
    const file = writeScenario(replace('poisson: 20/s', 'poisson: fast'));
    expect(errorOf(file).format()).toBe(`${file}:13:16: workload[0].arrivals.poisson: expected a rate like 20/s or 300/min, got "fast"`);
  });

  it('reports every problem at once, in file order', () => {
    const text = replace('duration: 60s', 'duration: 60').replace('servers: 2', 'servers: 0').replace('function: f', 'function: g') + 'colour: red\n';
    const error = errorOf(writeScenario(text));
    expect(error.issues.map((i) => [i.line, i.path])).toEqual([
      [2, 'duration'],
      [6, 'platform.servers'],
      [11, 'workload[0].function'],
      [14, 'colour'],
    ]);
  });

  it('reports a problem that every sweep point shares once', () => {
    const text = replace('servers: 2', 'servers: 0') + 'sweep:\n  workload.0.arrivals.poisson: [1/s, 2/s, 3/s]\n';
    expect(errorOf(writeScenario(text)).issues).toHaveLength(1);
  });

  it('refuses a file with another extension, without a position', () => {
    const file = writeScenario(BASE, 'scenario.txt');
    const error = errorOf(file);
    expect(error.issues).toEqual([{ file, line: 0, column: 0, path: '', message: 'expected a scenario file ending in .yaml, .yml, .json' }]);
    expect(error.format()).toBe(`${file}: expected a scenario file ending in .yaml, .yml, .json`);
  });

  it('refuses a missing file, without a position', () => {
    const file = join(writeScenario(''), '..', 'missing.yaml');
    const error = errorOf(file);
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error.format()).toBe(`${file}: cannot read the scenario: no such file`);
  });

  it('refuses a directory given as a file', () => {
    const directory = join(writeScenario(''), '..', 'dir.yaml');
    mkdirSync(directory);
    expect(() => loadScenario(directory)).toThrow('is a directory');
  });
});
