// secfaas: the library entry (`import { runScenario } from 'secfaas'`).

// running scenarios
export { runScenario, runReplication, orderedRuns, withOverrides, VERSION } from './run/run.js';
export type { RunOptions, ScenarioOptions } from './run/run.js';
export { Replication } from './run/replication.js';

export type { Metrics } from './model/metrics.js';
export type { ReplicationResult, ScenarioResult, TimeseriesSink } from './run/types.js';
export { traceParts } from './run/activation-trace.js';
export type { ActivationTraceSink, TracedActivation, TraceOptions, TraceOutcome } from './run/activation-trace.js';

// sweeps on worker threads, in shards, resumable
export { runSweep } from './sweep/sweep.js';
export type { SweepOptions, SweepReport } from './sweep/sweep.js';
export { mergeShards } from './sweep/merge.js';
export { parseShard, planUnits } from './sweep/units.js';
export type { Shard, Unit } from './sweep/units.js';

// scenario files: load, validate, locate errors
export { loadScenario, parseScenario, findScenarioFiles, ScenarioError, formatIssue, BASE_VARIANT } from './scenario/index.js';
export type { LoadOptions, ScenarioIssue } from './scenario/index.js';
export type * from './schema/types.js';
export { buildRunSpec, functionSpec } from './schema/build.js';

// outputs and claims
export { aggregate } from './aggregate/aggregate.js';
export type { AggregateGroup } from './aggregate/aggregate.js';
export { summaryCsv, summaryStatisticsCsv, summaryJson, TimeseriesCsvWriter, timeseriesLayout, assembleTimeseriesCsv, resultFiles, writeOutputs, formatSummaryTable, formatClaimTable, toJUnitXml } from './output/index.js';
export { ActivationTraceCsvWriter, traceLayout, assembleTraceCsv } from './output/index.js';
export type { OutputFile, TraceLayout } from './output/index.js';
// the result pipeline: aggregate once, then any writers; charts, report and compare from a summary
export { summarize, summaryFromJson } from './output/summary.js';
export type { ResultSummary } from './output/summary.js';
export { RESULT_WRITERS, writeResult } from './output/writers.js';
export type { ResultWriter, WriterName } from './output/writers.js';
export { chartSpec, resultCharts, chartFiles, renderSvg, renderPng } from './output/charts.js';
export type { VegaLiteSpec, ResultChart } from './output/charts.js';
export { reportHtml, reportFiles } from './output/report.js';
export { compareSummaries, formatCompareTable, compareCsv, compareJson } from './output/compare.js';
export type { MetricChange, ChangeVerdict, CompareOptions } from './output/compare.js';
export { evaluateClaims, claimsOk } from './claims/index.js';
export type { ClaimVerdict, Verdict } from './claims/index.js';

// metrics
export { MetricsRecorder } from './metrics/recorder.js';
export type { Recorder, Gauge } from './model/recording.js';
export type { RecorderOptions } from './metrics/recorder.js';
export { estimate } from './aggregate/estimate.js';
export type { Estimate } from './aggregate/estimate.js';
export { erlangB, erlangC, mmcMeanWait, mmcKBlocking, mmcKDistribution } from './metrics/queueing.js';

// platforms
export { createPlatform, registerPlatform, platformKinds, platformDescriptor, platformTimeseries } from './platform/index.js';
export { stationPlatform } from './platform/station.js';
export { scalePerRequestPlatform } from './platform/scale-per-request.js';
export { openWhiskPlatform } from './platform/openwhisk/descriptor.js';
export { Activation, type StartKind } from './model/activation.js';
export { ActivationFanOut } from './model/activation-events.js';
export type { ActivationEvents, ActivationListener, ActivationSink, RejectReason } from './model/activation-events.js';
export type { Platform, PlatformContext, PlatformDescriptor, PlatformFactory, PlatformWork, TimeSeriesRow, TimeseriesColumns } from './model/platform.js';
export { declareMetrics, defineMetrics, breakdownMetrics, ALL_PLATFORMS } from './model/metric-registry.js';

// security layers
export { registerSecurityLayer } from './layers/index.js';
export type { SecurityLayer, LayerParts, LayerRun } from './platform/security-layer.js';
export type { InvokerHook } from './platform/openwhisk/hooks.js';
export { phaseStation, type PhaseSteps, type PhaseStation } from './platform/openwhisk/phase.js';
export type { MetricDeclaration, Quantity, Scope, Statistic } from './model/metric-registry.js';
export { Station } from './platform/station.js';
export { ScalePerRequest } from './platform/scale-per-request.js';
export type { InstanceInfo } from './platform/scale-per-request.js';

// engine and workload building blocks
export { Simulation, RandomStreams } from './engine/index.js';
export type { EventId, Handler, Random } from './engine/index.js';
export { makeSampler, meanOf } from './engine/distributions.js';
export type { Sampler } from './engine/distributions.js';
