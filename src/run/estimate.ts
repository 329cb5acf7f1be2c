/**
 * How big a scenario's run is, estimated before it starts: activations (arrival rates x duration),
 * simulated events (activations x the platform's events per activation, plus its control work),
 * and the live state of one replication (the platform's fixed entities, activations in the
 * system). A run that cannot finish in reasonable time or cannot fit in memory is refused before
 * it starts (the CLI's --force runs it anyway), instead of hanging or dying out of memory.
 */
import { getHeapStatistics } from 'node:v8';
import { platformWork } from '../platform/index.js';
import type { Path } from '../schema/errors.js';
import type { ArrivalSpec, Scenario } from '../schema/types.js';
import { meanOf } from '../engine/distributions.js';
import { traceArrivals } from '../workload/trace.js';

/** Events a command may cost before it is refused: about an hour at 3 M events/s (npm run bench). */
export const MAX_EVENTS = 1e10;
/** Simulated events per wall-clock second assumed for the time estimate (bench: 3-8 M on one core). */
export const EVENTS_PER_SECOND = 3e6;
/** Memory held per activation in the system (measured on OpenWhisk: ~4 KiB with its job and messages). */
const BYTES_PER_ACTIVATION_IN_SYSTEM = 4096;

export interface WorkEstimate {
  replications: number;
  /** Activations of every replication of every run. */
  activations: number;
  events: number;
  /** The largest live state of one replication, in bytes. */
  peakLiveBytes: number;
  /** Where the most events come from, and where the most memory goes: paths to point the user at. */
  eventsFrom: { path: Path; what: string };
  /** The longest simulated duration of a run, in seconds. */
  longestSeconds: number;
  memoryFrom: { path: Path; what: string };
}

/**
 * Activations of one workload entry in a replication: its mean rate x the duration (a closed
 * loop's rate is at most clients / (think + execution)); a trace's own count up to the duration.
 */
function activationsOf(arrivals: ArrivalSpec, execMeanSeconds: number, durationSeconds: number): number {
  switch (arrivals.kind) {
    case 'poisson':
    case 'constant':
      return arrivals.ratePerSecond * durationSeconds;
    case 'mmpp': {
      const { onRatePerSecond: on, offRatePerSecond: off, onMeanSeconds: onMean, offMeanSeconds: offMean } = arrivals;
      return ((on * onMean + off * offMean) / (onMean + offMean)) * durationSeconds;
    }
    case 'closedLoop':
      return (arrivals.clients / (meanOf(arrivals.think) + execMeanSeconds)) * durationSeconds;
    case 'trace': {
      // read once per process when the scenario was loaded (cached)
      const trace = traceArrivals(arrivals.file, { function: arrivals.function, app: arrivals.app });
      const inRun =
        trace.format === 'azure2019'
          ? trace.perMinute.slice(0, Math.ceil(durationSeconds / 60)).reduce((sum, n) => sum + n, 0)
          : trace.arrivalSeconds.filter((t) => t < durationSeconds).length;
      return arrivals.scale * inRun;
    }
  }
}

/** Activations in the system at once, by Little's law (unsaturated); a closed loop has at most its clients. */
function inSystem(arrivals: ArrivalSpec, rate: number, execMeanSeconds: number): number {
  return arrivals.kind === 'closedLoop' ? arrivals.clients : rate * execMeanSeconds;
}

export function estimateWork(scenario: Scenario): WorkEstimate {
  let activations = 0;
  let events = 0;
  let peakLiveBytes = 0;
  let replications = 0;
  let worstEvents = { events: -1, path: [] as Path, what: '' };
  let memoryFrom = { path: [] as Path, what: '' };
  let longestSeconds = 0;
  for (const run of scenario.runs) {
    const work = platformWork(run.platform);
    replications += run.replications;
    longestSeconds = Math.max(longestSeconds, run.durationSeconds);
    let runActivations = 0;
    let live = work.liveBytes;
    const entries = run.workload.map((w, i) => {
      const exec = meanOf(run.functions[w.functionIndex].exec);
      const perReplication = activationsOf(w.arrivals, exec, run.durationSeconds);
      const rate = perReplication / run.durationSeconds;
      runActivations += perReplication;
      const bytes = inSystem(w.arrivals, rate, exec) * BYTES_PER_ACTIVATION_IN_SYSTEM;
      live += bytes;
      return { i, perReplication, bytes };
    });
    const controlEvents = work.controlEventsPerSecond * run.durationSeconds;
    const runEvents = run.replications * (runActivations * work.eventsPerActivation + controlEvents);
    activations += run.replications * runActivations;
    events += runEvents;
    if (runEvents > worstEvents.events) {
      const busiest = entries.reduce((a, b) => (b.perReplication > a.perReplication ? b : a), entries[0]);
      worstEvents =
        controlEvents > runActivations * work.eventsPerActivation || busiest === undefined
          ? { events: runEvents, path: ['duration'], what: `the ${run.platform.kind} control ticks` }
          : { events: runEvents, path: ['workload', busiest.i, 'arrivals'], what: `workload[${busiest.i}], ${count(busiest.perReplication)} activations per replication` };
    }
    if (live > peakLiveBytes) {
      peakLiveBytes = live;
      const heaviest = entries.reduce((a, b) => (b.bytes > a.bytes ? b : a), entries[0]);
      memoryFrom =
        heaviest !== undefined && heaviest.bytes > work.liveBytes
          ? { path: ['workload', heaviest.i, 'arrivals'], what: `workload[${heaviest.i}]: ${count(heaviest.bytes / BYTES_PER_ACTIVATION_IN_SYSTEM)} activations in the system at once` }
          : { path: ['platform'], what: `the ${run.platform.kind} platform's own entities` };
    }
  }
  return { replications, activations, events, peakLiveBytes, eventsFrom: worstEvents, memoryFrom, longestSeconds };
}

/** The memory one replication may take: half of what V8 will give this process, at most 2 GiB. */
export function maxLiveBytes(): number {
  return Math.min(2 ** 31, getHeapStatistics().heap_size_limit / 2);
}

/** 1234567 -> "1.23e+6"; small counts as they are; beyond float range "over 1e+308". */
export function count(x: number): string {
  if (!Number.isFinite(x)) return 'over 1e+308';
  return x < 1e5 ? String(Math.round(x)) : Number(x.toPrecision(3)).toExponential();
}

function wallTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'for ever';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 3 * 86400) return `${(seconds / 3600).toFixed(1)} h`;
  const days = seconds / 86400;
  return days < 3650 ? `${Math.round(days)} days` : `${(days / 365).toPrecision(3)} years`;
}

/**
 * Why the estimated run is too big, one problem per limit it exceeds (path, message), or none.
 * Non-finite estimates (a duration of 1e308 s) are too big whatever the limit.
 */
export function workProblems(estimate: WorkEstimate): { path: Path; message: string }[] {
  const problems: { path: Path; message: string }[] = [];
  const insist = 'pass --force to run it anyway';
  if (!(estimate.events <= MAX_EVENTS)) {
    problems.push({
      path: estimate.eventsFrom.path,
      message:
        `too big to finish: ${count(estimate.replications)} replication(s) of up to ${count(estimate.longestSeconds)} s simulated, ` +
        `${count(estimate.activations)} activations, ${count(estimate.events)} simulated events (mostly ${estimate.eventsFrom.what}), ` +
        `about ${wallTime(estimate.events / EVENTS_PER_SECOND)} at ${EVENTS_PER_SECOND / 1e6} M events/s; ` +
        `the limit is ${count(MAX_EVENTS)} events (about ${wallTime(MAX_EVENTS / EVENTS_PER_SECOND)}). Shorten the duration, lower the rates or replications, or ${insist}`,
    });
  }
  const limit = maxLiveBytes();
  if (!(estimate.peakLiveBytes <= limit)) {
    problems.push({
      path: estimate.memoryFrom.path,
      message:
        `too big to fit in memory: one replication would hold ${count(estimate.peakLiveBytes / 1048576)} MiB (mostly ${estimate.memoryFrom.what}); ` +
        `the limit is ${Math.round(limit / 1048576)} MiB. Make it smaller, or ${insist}`,
    });
  }
  return problems;
}
