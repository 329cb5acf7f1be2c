/**
 * The resolved scenario: what the loader hands to the simulator once units are parsed,
 * defaults filled in, and one variant and one sweep point applied. All numbers are in
 * base units (seconds, MiB, bytes, per second), as their names say.
 */
import type { ScenarioIssue } from './errors.js';

import type { DistributionSpec } from '../engine/distributions.js';
import type { HardwareProfile } from './hardware.js';

// Distributions are the engine's: a spec names one and its parameters.
export type { DistributionSpec };

export type ArrivalSpec =
  | { kind: 'poisson'; ratePerSecond: number }
  | { kind: 'constant'; ratePerSecond: number }
  /** Two-state Markov-modulated Poisson: rate `onRate` for an exponential sojourn of mean `onMeanSeconds`, then `offRate`. Starts in the on state. */
  | { kind: 'mmpp'; onRatePerSecond: number; offRatePerSecond: number; onMeanSeconds: number; offMeanSeconds: number }
  /** N clients, each sends one request, waits for its response, thinks, sends the next. */
  | { kind: 'closedLoop'; clients: number; think: DistributionSpec }
  | TraceReplaySpec;

/** Arrivals replayed from one function of an Azure Functions trace (2019 per-minute counts or 2021 invocations). */
export interface TraceReplaySpec {
  kind: 'trace';
  /** The trace file, resolved against the scenario file's folder. */
  file: string;
  /** The function's hash in the trace. */
  function: string;
  /** Its app's hash, when the function's alone is ambiguous (2021 func ids are unique only within an app). */
  app?: string;
  /** Invocations multiplied by this (rounded so that the total is round(scale x total)). */
  scale: number;
  /** 2019 counts: within each minute, a Poisson process with exactly that count, or evenly spaced. */
  within: 'poisson' | 'even';
}

/**
 * Keys a security layer adds to a function (SGX: `enclave`). Each layer's folder declares its own
 * here by module augmentation (`declare module '.../schema/types.js'`), so that the spec records
 * stay typed while no file below the layers names one.
 */
export interface FunctionLayerKeys {}

/** The resolved settings of each secure mode, by mode: each layer declares its own (module augmentation, as above). */
export interface SecuritySettingsByMode {}
export type SecureMode = keyof SecuritySettingsByMode;
/** Settings every secure mode may carry beside its own (the record's common keys: sandbox reuse), declared by the record. */
export interface CommonSecuritySettings {}
/** `platform.security` resolved: the settings of one secure mode, with its name, and the common ones it writes. */
export type SecuritySettings = { [M in SecureMode]: { mode: M } & SecuritySettingsByMode[M] & Partial<CommonSecuritySettings> }[SecureMode];

export interface FunctionSpec extends Partial<FunctionLayerKeys> {
  name: string;
  /** OpenWhisk namespace; 'guest' by default. */
  namespace: string;
  /** Runtime kind, e.g. 'nodejs:20'. */
  kind: string;
  memoryMiB: number;
  /** Execution time of the function body. */
  exec: DistributionSpec;
  /** Start-up of a new instance, for platforms that do not model it in detail (scale-per-request). */
  coldStart: DistributionSpec;
  inputBytes: number;
  outputBytes: number;
  /** Activations one container runs at once (OpenWhisk's `limits.concurrency`); absent: 1. */
  concurrency?: number;
  /** Share of `exec` that is CPU work, 0..1 (the rest waits on I/O and takes no core); absent: 1. */
  cpu?: number;
  /** Cores one execution may use at once; absent: 1. */
  threads?: number;
}

export interface WorkloadSpec {
  /** Index into `functions`: the function called, or a chain's first step. */
  functionIndex: number;
  /** Index into `chains` when the entry calls a chain (absent: it calls one function). */
  chainIndex?: number;
  arrivals: ArrivalSpec;
  /** Blocking callers wait for the result; non-blocking ones get an id (HTTP 202). */
  blocking: boolean;
}

/** A function chain (an OpenWhisk sequence): each step's input is the previous step's output. */
export interface ChainSpec {
  name: string;
  /** Indexes into `functions`, in order; at least one. */
  steps: number[];
}

export interface StationSpec {
  kind: 'station';
  servers: number;
  /** Places in the waiting line; Infinity when unbounded. */
  queue: number;
}

export type ReusePolicy = 'newest' | 'mru' | 'oldest' | 'random';

export interface ScalePerRequestSpec {
  kind: 'scale-per-request';
  keepAliveSeconds: number;
  maxConcurrency: number;
  reuse: ReusePolicy;
}

/** OpenWhisk parameters are defined by the platform module (models/openwhisk.yaml + overrides). */
export interface OpenWhiskSpec {
  kind: 'openwhisk';
  [key: string]: unknown;
}

export type PlatformSpec = StationSpec | ScalePerRequestSpec | OpenWhiskSpec;

/** One runnable configuration: the base scenario with one variant and one sweep point applied. */
export interface RunSpec {
  scenario: string;
  variant: string;
  /** Sweep point: dotted path -> value in base units. Empty without a sweep. */
  point: Record<string, number | string>;
  pointIndex: number;
  seed: number;
  durationSeconds: number;
  warmupSeconds: number;
  replications: number;
  platform: PlatformSpec;
  functions: FunctionSpec[];
  /** Function chains the workload may call (absent or empty: none). */
  chains?: ChainSpec[];
  workload: WorkloadSpec[];
  /** Seconds between time-series samples and control ticks (0: no time series). */
  sampleIntervalSeconds: number;
  /** The machine: as the file names it, or its security layer's default on a secure platform; absent otherwise. */
  hardware?: HardwareProfile;
  /** `platform.security` resolved (absent: native). */
  security?: SecuritySettings;
}

export type Bound = { min?: number; max?: number };

export interface ClaimSpec {
  id: string;
  metric: string;
  variant: string;
  /** Compare with this variant's value (ratio) ... */
  baseline?: string;
  ratio?: Bound;
  /** ... or with absolute bounds (base units). */
  value?: Bound;
  /** Sweep points this claim applies to (path -> value in base units); all points when absent. */
  at?: Record<string, number | string>;
  /** Per-function metric; the whole-run value when absent. */
  function?: string;
  /** Per-chain metric (the chain.* metrics are reported on a chain's rows only). */
  chain?: string;
  allowInconclusive: boolean;
  description?: string;
  /**
   * The bound states the paper's expectation (`paper: true`): the verdict on the bound says whether
   * the paper's claim holds, and `holds` is what the scenario expects of it (`holds: false`: the
   * model finds that it does not), which the check gates.
   */
  paper?: { holds: boolean };
}

export interface ChartSpec {
  x: string;
  /** The metric drawn; for a breakdown, the mean its parts add up to (`latency.mean`), marked on each bar. */
  y: string;
  color?: string;
  title?: string;
  /** `latency`: the mean of each `latency.breakdown.*` part, stacked, per `x` (variant or function). */
  breakdown?: string;
  /** Measured or closed-form points drawn beside the model's, read from a CSV file when the scenario loads. */
  reference?: ReferencePoints;
  /** Draw `y` over the scenario's `baseline` variant (paired by replication, as ratio claims), not `y` itself. */
  ratio?: boolean;
  /** A function's rows instead of the whole run's. */
  function?: string;
  /** A horizontal line at this y, with its label (e.g. the 1.2x of "similar latency"). */
  rule?: { y: number; label: string };
}

export interface ReferencePoints {
  /** The CSV file as written (relative to the scenario's folder) and the columns read from it. */
  file: string;
  x: string;
  y: string;
  /** Their name in the legend. */
  label: string;
  /** The points, in base units (seconds, per second, MiB; plain numbers as written). */
  points: { x: number; y: number }[];
}

/** A whole scenario file, validated: a list of run specs (variants x sweep points) plus what to check and draw. */
/** What a sweep value written with a unit is: a duration, a rate or a size (the metrics' quantities of the same names). */
export type SweepUnit = 'time' | 'rate' | 'MiB';

export interface Scenario {
  name: string;
  /** Path of the file it came from. */
  file: string;
  description?: string;
  seed: number;
  replications: number;
  variants: string[];
  /** `baseline`: the variant the table's ratio columns compare the others with. */
  baseline?: string;
  /** Sweep paths in file order, and the grid of their values. */
  sweepPaths: string[];
  /** The quantity of a sweep path's values when they carry a unit (`50ms`: time): the table shows `50 ms`. */
  sweepUnits?: Record<string, SweepUnit>;
  runs: RunSpec[];
  claims: ClaimSpec[];
  charts: ChartSpec[];
  /** The file's content as parsed (before units), recorded in summary.json so a result can be re-run. */
  source: unknown;
  /** What it runs but should tell the user (a size that cannot fit as one may think), located as errors are. */
  warnings?: ScenarioIssue[];
}
