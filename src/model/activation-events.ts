import type { Activation } from './activation.js';

/**
 * What a platform reports back to the run. The run forwards to the metrics recorder and to
 * closed-loop clients; a platform never talks to either directly.
 */
export interface ActivationSink {
  /** The function body starts executing (wait ends). Set `a.start` and `a.startKind` first. */
  started(a: Activation): void;
  /** A non-blocking caller got its 202: it may send its next request. Set `a.response` first. */
  accepted(a: Activation): void;
  /** The work is done (blocking: the caller has the result). Set `a.end` (and `a.response` for blocking) first. */
  finished(a: Activation): void;
  /** Turned away: 'rejected' (no capacity, queue full) or 'throttled' (over a rate limit). */
  rejected(a: Activation, reason: 'rejected' | 'throttled'): void;
}
