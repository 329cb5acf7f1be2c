// secfaas: the library entry (`import { runScenario } from 'secfaas'`).

// running scenarios
export { runScenario, runReplication, orderedRuns, withOverrides, VERSION } from './run/run.js';
export type { RunOptions, ScenarioOptions } from './run/run.js';
export { Replication } from './run/replication.js';
export type { RunObserver } from './run/replication.js';
export type { Metrics, ReplicationResult, ScenarioResult, TimeseriesSink } from './run/types.js';

// scenario files: load, validate, locate errors
export { loadScenario, parseScenario, findScenarioFiles, ScenarioError, formatIssue, BASE_VARIANT } from './scenario/index.js';
export type { ScenarioIssue } from './scenario/index.js';
export type * from './scenario/types.js';

// outputs and claims
export { aggregate, summaryCsv, summaryJson, TimeseriesCsvFile, timeseriesHeader, resultFiles, writeOutputs, formatSummaryTable } from './output/index.js';
export type { AggregateGroup, OutputFile } from './output/index.js';
export { evaluateClaims, claimsOk, formatClaimTable, toJUnitXml } from './claims/index.js';
export type { ClaimVerdict, Verdict } from './claims/index.js';

// metrics
export { MetricsRecorder } from './metrics/recorder.js';
export type { Recorder, RecorderOptions, Gauge } from './metrics/recorder.js';
export { estimate } from './metrics/replication.js';
export type { Estimate } from './metrics/replication.js';
export { erlangB, erlangC, mmcMeanWait, mmcKBlocking, mmcKDistribution } from './metrics/queueing.js';

// platforms
export { createPlatform, registerPlatform, platformKinds, timeseriesColumns } from './platform/index.js';
export { Activation } from './platform/types.js';
export type { ActivationSink, Platform, PlatformContext, PlatformFactory, StartKind, TimeSeriesRow } from './platform/types.js';
export { Station } from './platform/station.js';
export { ScalePerRequest } from './platform/scale-per-request.js';
export type { InstanceInfo } from './platform/scale-per-request.js';

// engine and workload building blocks
export { Simulation, RandomStreams } from './engine/index.js';
export type { EventId, Handler, Random } from './engine/index.js';
export { makeSampler, meanOf } from './workload/distributions.js';
export type { Sampler } from './workload/distributions.js';
