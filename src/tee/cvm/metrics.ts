/**
 * What confidential VMs add to OpenWhisk's metrics, reported only by runs of their metric layer
 * (`openwhisk+cvm`). Registered by the record of layers (src/layers), not on import.
 */
import { breakdownMetrics, defineMetrics, layerMetrics } from '../../model/metric-registry.js';
import type { NativePart } from '../../platform/openwhisk/hooks.js';

/** The metric layer of confidential VMs. */
export const CVM_METRIC_LAYER = 'cvm';
const cvm = [CVM_METRIC_LAYER];

/** The confidential VM's parts of a response time, each carved out of the native part it usually lies in. */
export const CVM_PARTS = {
  vmLaunch: { within: 'containerStart', meaning: "mean time launching confidential VMs: the VMM's set-up and the launch measurement (SEV-SNP: in the host's PSP queue, its wait included; TDX: by the TDX module)" },
  firmware: { within: 'containerStart', meaning: 'mean time in the guest firmware (OVMF, TDVF, a minimal verifier)' },
  memoryAccept: { within: 'containerStart', meaning: 'mean time accepting (TDX) or validating (SEV-SNP) guest memory at boot, the eager part' },
  guestKernel: { within: 'containerStart', meaning: 'mean time booting the guest kernel and agent' },
  evidence: { within: 'containerStart', meaning: "mean time getting the guest's attestation evidence (SEV-SNP report at the PSP, TDX quote at the QGS, their waits included) and verifying it" },
  keyRelease: { within: 'containerStart', meaning: "mean time at the cluster's key broker releasing the guest's secrets, its wait included" },
  imagePull: { within: 'containerStart', meaning: 'mean time pulling the image inside the guest (no host image cache: every start)' },
  memoryEncryption: { within: 'run', meaning: "mean extra CPU time of a body under memory encryption (the TEE's factor on CPU work)" },
  bounceBuffers: { within: 'run', meaning: "mean time of a request's I/Os through the guest's bounce buffers" },
  lazyAccept: { within: 'run', meaning: 'mean time accepting guest memory a request touches for the first time (past the eager part)' },
} as const satisfies Record<string, { within: NativePart; meaning: string }>;
export type CvmPart = keyof typeof CVM_PARTS;

const { time, count } = layerMetrics(cvm);

export const CVM_METRICS = defineMetrics([
  count('cvm.starts', 'confidential VMs booted (cold starts, and stem cells)'),
  time('cvm.boot.mean', 'mean', 'mean boot of a confidential VM: set-up, launch measurement (its queue included), firmware, eager acceptance, kernel'),
  time('cvm.boot.p99', 'quantile', '99th percentile of the boot of a confidential VM'),
  time('cvm.boot.max', 'max', 'longest boot of a confidential VM'),
  time('cvm.startup.mean', 'mean', "mean start-up of a confidential container: its VM's boot, attestation, key release and image pull"),
  time('cvm.startup.p99', 'quantile', '99th percentile of the start-up of a confidential container'),
  time('cvm.startup.max', 'max', 'longest start-up of a confidential container'),
  time('cvm.attestation.mean', 'mean', 'mean attestation of a guest: evidence (its queue included), verification, key release (its queue included)'),
  time('cvm.attestation.p99', 'quantile', '99th percentile of the attestation of a guest'),
  { name: 'cvm.queue.utilization', quantity: 'ratio', statistic: 'gaugeMean', scopes: { run: cvm }, meaning: "time-averaged share of time the hosts' TEE queue is busy (SEV-SNP: the PSP, launches and reports; TDX: the QGS, quotes), mean over invokers" },
  { ...time('cvm.queue.wait.mean', 'mean', "mean wait in the host's TEE queue (PSP or QGS), over the start-ups of activations"), scopes: { run: cvm, function: cvm } },
  { name: 'keyBroker.utilization', quantity: 'ratio', statistic: 'gaugeMean', scopes: { run: cvm }, meaning: "time-averaged share of the key broker's servers busy releasing secrets" },
  { ...time('keyBroker.wait.mean', 'mean', 'mean wait for a key broker server, over the start-ups of activations'), scopes: { run: cvm, function: cvm } },
  { name: 'cvm.live.mean', quantity: 'count', statistic: 'gaugeMean', scopes: { run: cvm }, meaning: 'time-averaged live confidential VMs (each holds a key ID or ASID), mean over invokers' },
  { name: 'cvm.live.max', quantity: 'count', statistic: 'gaugePeak', scopes: { run: cvm }, meaning: 'most live confidential VMs on one invoker at once (at most its key IDs or ASIDs)' },
  ...breakdownMetrics(CVM_PARTS, cvm),
]);
