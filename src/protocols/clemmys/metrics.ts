/**
 * What the Clemmys protocol adds to a secure OpenWhisk's metrics (names from issue 9), reported
 * only by `mode: clemmys` runs: their metric kind is `openwhisk+sgx+clemmys`. Registered by the
 * record of layers (src/layers), not on import.
 */
import { breakdownMetrics, defineMetrics } from '../../model/metric-registry.js';
import type { NativePart } from '../../platform/openwhisk/hooks.js';

/** The metric layer `mode: clemmys` adds on top of SGX's. */
export const CLEMMYS_METRIC_LAYER = 'clemmys';
const clemmys = [CLEMMYS_METRIC_LAYER];

/** Clemmys' parts of a response time inside the enclave, carved out of the native `run` part. */
export const CLEMMYS_PARTS = {
  crypto: { within: 'run', meaning: "mean time of payload crypto inside the function's enclave: decrypt the input, encrypt (seal) the output" },
  chainVerify: { within: 'run', meaning: "mean time the enclave of a chain's later step spends verifying the chain's tag before it runs" },
} as const satisfies Record<string, { within: NativePart; meaning: string }>;
export type ClemmysPart = keyof typeof CLEMMYS_PARTS;

export const CLEMMYS_METRICS = defineMetrics([
  { name: 'gateway.utilization', quantity: 'ratio', statistic: 'gaugeMean', scopes: { run: clemmys }, meaning: "time-averaged busy cores of the trusted gateway over its cores" },
  { name: 'gateway.queue.mean', quantity: 'count', statistic: 'gaugeMean', scopes: { run: clemmys }, meaning: 'time-averaged requests and responses waiting for a core of the trusted gateway' },
  { name: 'gateway.rejected', quantity: 'count', statistic: 'count', scopes: { run: clemmys, function: clemmys }, meaning: "requests arrived in the window that the trusted gateway refused because its accept queue (gateway.queue) was full; they count in rejected too" },
  { name: 'gateway.wait.mean', quantity: 'time', statistic: 'mean', scopes: { run: clemmys, function: clemmys }, meaning: 'mean wait for a gateway core, over requests and responses that pass it' },
  { name: 'crypto.time.share', quantity: 'ratio', statistic: 'ratioOfSums', scopes: { run: clemmys }, meaning: "AES-GCM seconds (gateway and enclave) over response seconds, blocking activations arrived after warm-up" },
  // in front of OpenWhisk: before the controller part, and after the acks part
  { name: 'latency.breakdown.gateway', quantity: 'time', statistic: 'mean', scopes: { run: clemmys, function: clemmys }, meaning: "mean time in the trusted gateway, both passes (a chain's first request and last response): wait for a core, per-request cost, AES-GCM of the input and output" },
  ...breakdownMetrics(CLEMMYS_PARTS, clemmys),
]);
