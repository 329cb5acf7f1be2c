/**
 * One controller's entitlement checks for one namespace (model §1 C3, §2.1): invocations per
 * calendar minute (OpenWhisk's RateThrottler counts per minute bucket, not a sliding window) and
 * concurrent activations (published and not yet completed). Limits are the namespace's divided
 * by the number of controllers, at least 1; 0 means unlimited.
 */
export class NamespaceThrottle {
  /** Activations of this namespace between publish and completion ack (or forced timeout) at this controller. */
  inFlight = 0;
  private minute = -1;
  private countThisMinute = 0;

  constructor(
    private readonly perMinute: number,
    private readonly concurrent: number,
  ) {}

  static forController(perMinute: number, concurrent: number, controllers: number): NamespaceThrottle {
    const share = (limit: number) => (limit === 0 ? 0 : Math.max(1, Math.floor(limit / controllers)));
    return new NamespaceThrottle(share(perMinute), share(concurrent));
  }

  /** True when the activation may go on (and counts it against the minute); false means HTTP 429. */
  admit(nowSeconds: number): boolean {
    if (this.concurrent !== 0 && this.inFlight >= this.concurrent) return false;
    if (this.perMinute !== 0) {
      const minute = Math.floor(nowSeconds / 60);
      if (minute !== this.minute) {
        this.minute = minute;
        this.countThisMinute = 0;
      }
      if (this.countThisMinute >= this.perMinute) return false;
      this.countThisMinute++;
    }
    return true;
  }
}
