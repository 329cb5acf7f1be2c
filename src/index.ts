// secfaas: the library entry (`import { runScenario } from 'secfaas'`).

// running scenarios
export { runScenario, runReplication, orderedRuns, VERSION } from './run/run.js';
export type { RunOptions, ScenarioOptions } from './run/run.js';
export { Replication } from './run/replication.js';
export type { RunObserver } from './run/replication.js';
export type { Metrics, ReplicationResult, ScenarioResult } from './run/types.js';

// scenario contracts
export type * from './scenario/types.js';

// metrics
export { MetricsRecorder } from './metrics/recorder.js';
export type { Recorder, RecorderOptions, Gauge } from './metrics/recorder.js';
export { estimate } from './metrics/replication.js';
export type { Estimate } from './metrics/replication.js';
export { erlangB, erlangC, mmcMeanWait, mmcKBlocking, mmcKDistribution } from './metrics/queueing.js';

// platforms
export { createPlatform, registerPlatform, platformKinds } from './platform/index.js';
export { Activation } from './platform/types.js';
export type { ActivationSink, Platform, PlatformContext, PlatformFactory, StartKind } from './platform/types.js';
export { Station } from './platform/station.js';
export { ScalePerRequest } from './platform/scale-per-request.js';
export type { InstanceInfo } from './platform/scale-per-request.js';

// engine and workload building blocks
export { Simulation, RandomStreams } from './engine/index.js';
export type { EventId, Handler, Random } from './engine/index.js';
export { makeSampler, meanOf } from './workload/distributions.js';
export type { Sampler } from './workload/distributions.js';
