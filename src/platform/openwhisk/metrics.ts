/** What OpenWhisk reports beyond every platform's metrics; recorded in index.ts, invoker.ts, placement.ts and controller.ts. */
import { breakdownMetrics, declareMetrics, FAULTS_LAYER } from '../../model/metric-registry.js';
import type { NativePart } from './hooks.js';

const openwhisk = ['openwhisk'];

const PART_MEANING: Record<NativePart, string> = {
  controller: 'mean time from arrival to publication on the invoker topic (controller, throttles, balancer)',
  queueing: 'mean time from publication to a container assigned (Kafka, invoker intake, run buffer)',
  containerStart: 'mean time from a container assigned to ready (docker run, stem-cell hand-over or resume; 0 warm)',
  init: 'mean time of the /init of a fresh container (0 warm)',
  run: 'mean time from execution start to the end of /run',
  acks: 'mean time from the end of /run to the result ack at the controller (blocking calls only)',
};

export const OPENWHISK_METRICS = declareMetrics([
  { name: 'balancer.overloads', quantity: 'count', statistic: 'count', scopes: { run: openwhisk }, meaning: 'activations sent to a random invoker because every probe failed ("system is overloaded")' },
  {
    name: 'timedOut',
    quantity: 'count',
    statistic: 'count',
    scopes: { run: openwhisk, function: openwhisk },
    meaning: 'blocking calls arrived in the window that OpenWhisk answered with HTTP 202 after its blocking wait (maxWaitBlocking, 60 s) for want of a result: their latency is that wait',
  },
  { name: 'evictions', quantity: 'count', statistic: 'count', scopes: { run: openwhisk }, meaning: 'idle containers removed to make room for another action' },
  {
    name: 'coldStartRatio.secondHalf',
    quantity: 'ratio',
    statistic: 'ratioOfSums',
    scopes: { run: openwhisk },
    meaning:
      'cold starts / activations given a container in the second half of the window: near 1 in a run that tipped into cold-start thrash (docs/openwhisk.md#metastable-collapse), above coldStartRatio when it tipped as it went',
  },
  { name: 'invokers.memoryUsed.mean', quantity: 'MiB', statistic: 'gaugeMean', scopes: { run: openwhisk }, meaning: 'time-averaged container memory in use, mean over invokers' },
  { name: 'invokers.memoryUsed.max', quantity: 'MiB', statistic: 'gaugePeak', scopes: { run: openwhisk }, meaning: 'peak container memory in use on the fullest invoker' },
  ...breakdownMetrics(PART_MEANING, openwhisk),
]);

/** The metric layer of runs that simulate their invokers' cores (metric kind `openwhisk+cpu`). */
export const CPU_LAYER = 'cpu';

/** What a run that simulates cores adds. */
export const OPENWHISK_CPU_METRICS = declareMetrics([
  { name: 'cpu.utilization', quantity: 'ratio', statistic: 'gaugeMean', scopes: { run: [CPU_LAYER] }, meaning: "busy cores over the invoker's cores, time-averaged, mean over invokers (runs that simulate cores)" },
  { name: 'cpu.jobs.mean', quantity: 'count', statistic: 'gaugeMean', scopes: { run: [CPU_LAYER] }, meaning: "time-averaged CPU work sharing an invoker's cores (bodies and secure work: the processor-sharing queue), mean over invokers" },
  ...breakdownMetrics({ cpuContention: 'mean time CPU work was stretched by sharing the invoker\'s cores, beyond its length alone (carved out of run, or of the start-up part it happened in)' }, [CPU_LAYER]),
]);

/** What a run with faults adds (metric kind `openwhisk+faults`; the core `failed` metrics beside them). */
export const OPENWHISK_FAULT_METRICS = declareMetrics([
  {
    name: 'forcedCompletions',
    quantity: 'count',
    statistic: 'count',
    scopes: { run: [FAULTS_LAYER] },
    meaning: "completion acks the controller forced after max(timeLimit, 60 s) x timeoutFactor + timeoutAddon: slots freed without the invoker's ack (runs with faults)",
  },
]);
