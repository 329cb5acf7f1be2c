/**
 * Per-activation traces: a record of each activation (or each N-th), with where it ran and every
 * part of its response time, handed to a sink when the activation ends (its result, turned away,
 * lost) and, at the end of the run, for those still in the system. Only the activations in the
 * system are held, so memory stays O(live) however long the run. The parts are the samples the
 * model records for the run's `latency.breakdown.*` metrics (RecorderOptions.meanSamples), and
 * where it ran is what the platform says (PlatformContext.placed): nothing is traced twice, and a
 * run without a trace builds none of this.
 */
import type { Activation } from '../model/activation.js';
import type { ActivationListener, RejectReason } from '../model/activation-events.js';
import { metricKindOf } from '../layers/index.js';
import { metricNames } from '../metrics/names.js';
import type { RunSpec } from '../schema/types.js';

/**
 * How a traced activation ended: `finished` (its result exists), `rejected` or `throttled` (turned
 * away), `failed` (lost with its invoker), or `inFlight` (still in the system at the end of the run).
 */
export type TraceOutcome = 'finished' | RejectReason | 'failed' | 'inFlight';

/** What the metrics a trace has a column for start with: one per part of a response time. */
export const BREAKDOWN_PREFIX = 'latency.breakdown.';

/** The parts of a response time a run reports (its metric kind's `latency.breakdown.*`), as metric names, in declaration order. */
export function traceParts(spec: RunSpec): string[] {
  return (metricNames(metricKindOf(spec), 'run') ?? []).filter((name) => name.startsWith(BREAKDOWN_PREFIX));
}

/** One traced activation, as the sink gets it: its own times and kind are on `a` (NaN: not reached). */
export class TracedActivation {
  outcome: TraceOutcome = 'inFlight';
  /** Where it ran (PlatformContext.placed), -1: not said (it did not finish running, or the platform has no invokers). */
  invoker = -1;
  container = -1;
  /** Seconds of each part, in the order of the sink's parts; NaN: the model recorded none for it. */
  readonly parts: Float64Array;

  constructor(
    readonly a: Activation,
    /** Index into the run's chains, -1 for a lone activation. */
    readonly chain: number,
    partCount: number,
  ) {
    this.parts = new Float64Array(partCount).fill(NaN);
  }
}

/** Takes each traced activation as it ends, with the run and replication it belongs to (e.g. output's ActivationTraceCsvWriter). */
export interface ActivationTraceSink {
  /**
   * The parts it takes, as metric names, in its order (TracedActivation.parts); absent: the run's
   * own, traceParts(spec). A part the run does not report stays NaN.
   */
  readonly parts?: readonly string[];
  row(spec: RunSpec, replication: number, traced: TracedActivation): void;
}

export interface TraceOptions {
  sink: ActivationTraceSink;
  /** Trace every N-th activation by id (0, N, 2N, ...: ids count arrivals from 0); default 1, all. */
  every?: number;
}

/** The trace of one replication: a listener of every activation event, added after all others. */
export class ActivationTracer implements ActivationListener {
  /** The traced activations in the system, in arrival order. */
  private readonly live = new Map<Activation, TracedActivation>();
  private readonly every: number;
  private readonly partIndex: Map<string, number>;
  private readonly sink: ActivationTraceSink;
  /** The chain an activation arriving now belongs to (the run's workload knows). */
  chainOf: (a: Activation) => number = () => -1;

  constructor(
    private readonly spec: RunSpec,
    private readonly replication: number,
    options: TraceOptions,
  ) {
    const every = options.every ?? 1;
    if (!(Number.isInteger(every) && every >= 1)) throw new RangeError(`a trace takes every N-th activation, N a whole number >= 1, got ${every}`);
    this.every = every;
    this.sink = options.sink;
    this.partIndex = new Map((options.sink.parts ?? traceParts(spec)).map((name, i) => [name, i]));
  }

  /** RecorderOptions.meanSamples: a part's samples go to the record of their activation. */
  readonly meanSamples = (name: string): ((a: Activation, value: number) => void) | undefined => {
    const i = this.partIndex.get(name);
    if (i === undefined) return undefined;
    return (a, value) => {
      const traced = this.live.get(a);
      // a part observed twice for one activation counts twice in its mean: the row holds their sum
      if (traced !== undefined) traced.parts[i] = Number.isNaN(traced.parts[i]) ? value : traced.parts[i] + value;
    };
  };

  /** PlatformContext.placed. */
  readonly placed = (a: Activation, invoker: number, container: number): void => {
    const traced = this.live.get(a);
    if (traced === undefined) return;
    traced.invoker = invoker;
    traced.container = container;
  };

  arrived(a: Activation): void {
    if (a.id % this.every === 0) this.live.set(a, new TracedActivation(a, this.chainOf(a), this.partIndex.size));
  }

  finished(a: Activation): void {
    this.ended(a, 'finished');
  }

  rejected(a: Activation, reason: RejectReason): void {
    this.ended(a, reason);
  }

  failed(a: Activation): void {
    this.ended(a, 'failed');
  }

  /** The end of the run: the activations still in the system, in arrival order. */
  close(): void {
    for (const traced of this.live.values()) this.sink.row(this.spec, this.replication, traced);
    this.live.clear();
  }

  private ended(a: Activation, outcome: TraceOutcome): void {
    const traced = this.live.get(a);
    if (traced === undefined) return;
    this.live.delete(a);
    traced.outcome = outcome;
    this.sink.row(this.spec, this.replication, traced);
  }
}
