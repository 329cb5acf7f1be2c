/**
 * What SGX adds to OpenWhisk's metrics (names from issue 8), reported only by runs of its metric
 * layer (`openwhisk+sgx`), so native runs keep exactly their columns. Registered by the record of
 * layers (src/layers), not on import.
 */
import { breakdownMetrics, defineMetrics, layerMetrics } from '../../model/metric-registry.js';
import type { NativePart } from '../../platform/openwhisk/hooks.js';

/** The metric layer a secure platform adds to its kind's metrics. */
export const SGX_METRIC_LAYER = 'sgx';
const sgx = [SGX_METRIC_LAYER];

/** SGX's parts of a response time, each carved out of the native part it usually lies in; all parts still add up. */
export const SGX_PARTS = {
  enclaveCreate: { within: 'containerStart', meaning: 'mean time creating enclaves (v1: every page; v2: code and initial heap), evictions past the free EPC included' },
  runtimeStart: { within: 'containerStart', meaning: "mean time of the in-enclave runtime's start (SCONE/LibOS)" },
  attestation: { within: 'containerStart', meaning: "mean time attesting enclaves: the quote (waiting for the invoker's quoting enclave included), verification, key provisioning" },
  augment: { within: 'run', meaning: 'mean time augmenting EPC pages (SGXv2) on the first executions' },
  paging: { within: 'run', meaning: 'mean time evicting and reloading EPC pages during executions' },
} as const satisfies Record<string, { within: NativePart; meaning: string }>;
export type SgxPart = keyof typeof SGX_PARTS;

const { time, count } = layerMetrics(sgx);

export const SGX_METRICS = defineMetrics([
  count('enclave.starts', 'enclaves created (cold starts of secure containers, and stem cells with prewarmEnclaves)'),
  time('enclave.create.mean', 'mean', 'mean enclave creation time alone (comparable with measured create times)'),
  time('enclave.create.p99', 'quantile', '99th percentile of the enclave creation time'),
  time('enclave.startup.mean', 'mean', 'mean enclave start-up: creation + runtime start + attestation (its queue included)'),
  time('enclave.startup.p99', 'quantile', '99th percentile of the enclave start-up'),
  time('enclave.startup.max', 'max', 'longest enclave start-up'),
  time('attestation.mean', 'mean', "mean attestation time: quote (queue included), verification, key provisioning"),
  time('attestation.p99', 'quantile', '99th percentile of the attestation time'),
  { name: 'attestation.utilization', quantity: 'ratio', statistic: 'gaugeMean', scopes: { run: sgx }, meaning: "time-averaged share of time the invokers' quoting enclaves are busy quoting (one quote at a time per host), mean over invokers" },
  time('attestation.max', 'max', 'longest attestation time'),
  { name: 'attestation.queue.mean', quantity: 'count', statistic: 'gaugeMean', scopes: { run: sgx }, meaning: "time-averaged start-ups waiting for the invoker's quoting enclave, mean over invokers" },
  { ...time('attestation.wait.mean', 'mean', "mean wait for the invoker's quoting enclave, over cold starts of activations"), scopes: { run: sgx, function: sgx } },
  { name: 'epc.used.mean', quantity: 'MiB', statistic: 'gaugeMean', scopes: { run: sgx }, meaning: 'time-averaged EPC committed: pages added and not removed, in the EPC or out (or reserved, with paging: avoid), mean over invokers' },
  { name: 'epc.used.max', quantity: 'MiB', statistic: 'gaugePeak', scopes: { run: sgx }, meaning: 'peak EPC committed on the fullest invoker (above the EPC: over-committed, paging)' },
  count('epc.pagedOut', 'EPC pages evicted (EWB) to make room for pages added (creation, augmentation) or reloaded past the EPC'),
  count('epc.pagedIn', 'EPC pages reloaded (ELDU): pages of a working set that were out when a run touched them'),
  count('epc.dropped', 'evicted pages of removed enclaves, never reloaded: pagedOut - pagedIn - dropped = pages out'),
  count('augment.faults', 'augmentation faults (SGXv2): ceil(pages touched beyond the committed heap / augmentBatch) per enclave'),
  count('augment.pages', 'EPC pages committed by augmentation (SGXv2)'),
  count('augment.wastedPages', 'augmented pages never touched (a batch past the working set): they hold EPC all the same'),
  ...breakdownMetrics(SGX_PARTS, sgx),
]);
