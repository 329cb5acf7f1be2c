/**
 * Attestation, once per enclave start: a quote from the host's quoting enclave, which serves one
 * quote at a time (a FIFO single server per invoker, calibration.md: 39 ms a quote, 25.6 quotes/s
 * whatever the concurrency), then verification and key provisioning (latencies drawn by the caller).
 */
export class QuotingEnclave {
  private freeAtSeconds = 0;

  constructor(readonly quoteSeconds: number) {}

  /**
   * A quote requested at `nowSeconds` (requests come in time order, as the simulation delivers
   * them): it waits for the quotes before it, then takes `quoteSeconds`.
   */
  request(nowSeconds: number): { waitSeconds: number; doneSeconds: number } {
    const start = Math.max(nowSeconds, this.freeAtSeconds);
    this.freeAtSeconds = start + this.quoteSeconds;
    return { waitSeconds: start - nowSeconds, doneSeconds: this.freeAtSeconds };
  }
}
