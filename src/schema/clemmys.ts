/**
 * The records of the Clemmys part of the scenario language (`platform.security: { mode: clemmys,
 * ... }` beyond the SGX keys), resolved and in base units. Schema and defaults: src/protocols/clemmys.
 */
import type { DistributionSpec } from '../engine/distributions.js';

/** One AES-GCM pass is bytes / rate + the per-message cost (the hardware profile's); a count of passes per message. */
export interface ClemmysProtocol {
  /** The trusted gateway in front of the controller: a FIFO queue with `cores` servers. */
  gateway: {
    cores: number;
    /** CPU time per request for TLS, checks and routing, both directions together. */
    perRequest: DistributionSpec;
    /** AES-GCM passes over a request's input (decrypt the client's, encrypt for the enclave). */
    inputPasses: number;
    /** AES-GCM passes over a response's output (encrypt for the client). */
    outputPasses: number;
  };
  /** Payload crypto inside the function's enclave. */
  enclaveCrypto: {
    inputPasses: number;
    outputPasses: number;
    /** Multiplier on AES-GCM time inside the enclave (1: the CPU's AES-NI is used). */
    slowdown: number;
  };
  /** Chain integrity: what the next enclave pays to verify the chain's tag before running. */
  chain: { verify: DistributionSpec };
}
