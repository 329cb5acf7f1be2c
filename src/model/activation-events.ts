import type { Activation } from './activation.js';

/** Why an activation was turned away: 'rejected' (no capacity, queue full) or 'throttled' (over a rate limit). */
export type RejectReason = 'rejected' | 'throttled';

/**
 * The events of an activation's life, declared once. The run fans each out, in this order, to the
 * metrics recorder, the workload (closed-loop clients answered), every listener a model adds (the
 * next step of a chain, a tracer) and the caller's observer.
 */
export interface ActivationEvents {
  /** A new activation reaches the platform's front door (before the platform sees it). */
  arrived(a: Activation): void;
  /** The function body starts executing (wait ends). `a.start` and `a.startKind` are set. */
  started(a: Activation): void;
  /** A non-blocking caller got its 202: it may send its next request. `a.response` is set. */
  accepted(a: Activation): void;
  /** The work is done (blocking: the caller has the result). `a.end` (and `a.response` for blocking) are set. */
  finished(a: Activation): void;
  /** Turned away. */
  rejected(a: Activation, reason: RejectReason): void;
  /**
   * Lost inside the platform (an OpenWhisk invoker failed while it held it): it will never have a
   * result. Reported when it is lost; what its caller is told is the platform's (`accepted`).
   */
  failed(a: Activation): void;
}

/** A listener implements the events it needs. */
export type ActivationListener = Partial<ActivationEvents>;

/** What a platform reports back to the run: every event after the arrival, which the run saw first. */
export type ActivationSink = Omit<ActivationEvents, 'arrived'>;

type Listeners<E extends keyof ActivationEvents> = Pick<ActivationEvents, E>[];

/**
 * Calls every listener of an event, in the order they were added. Listeners are kept per event,
 * so an event nobody listens to costs an empty loop, and a listener is called only for what it has.
 * The lists hold the listeners themselves and call their methods (not bound copies): a call site
 * that sees a few listener classes stays polymorphic and inlinable, a bound function is not.
 */
export class ActivationFanOut implements ActivationEvents {
  private readonly onArrived: Listeners<'arrived'> = [];
  private readonly onStarted: Listeners<'started'> = [];
  private readonly onAccepted: Listeners<'accepted'> = [];
  private readonly onFinished: Listeners<'finished'> = [];
  private readonly onRejected: Listeners<'rejected'> = [];
  private readonly onFailed: Listeners<'failed'> = [];
  /** Every event's list (tsc checks that none is missing): `add` walks it. */
  private readonly lists: { [E in keyof ActivationEvents]: Listeners<E> } = {
    arrived: this.onArrived,
    started: this.onStarted,
    accepted: this.onAccepted,
    finished: this.onFinished,
    rejected: this.onRejected,
    failed: this.onFailed,
  };

  add(listener: ActivationListener): void {
    for (const event of Object.keys(this.lists) as (keyof ActivationEvents)[]) {
      if (listener[event] !== undefined) (this.lists[event] as ActivationListener[]).push(listener);
    }
  }

  arrived(a: Activation): void {
    const list = this.onArrived;
    for (let i = 0; i < list.length; i++) list[i].arrived(a);
  }

  started(a: Activation): void {
    const list = this.onStarted;
    for (let i = 0; i < list.length; i++) list[i].started(a);
  }

  accepted(a: Activation): void {
    const list = this.onAccepted;
    for (let i = 0; i < list.length; i++) list[i].accepted(a);
  }

  finished(a: Activation): void {
    const list = this.onFinished;
    for (let i = 0; i < list.length; i++) list[i].finished(a);
  }

  rejected(a: Activation, reason: RejectReason): void {
    const list = this.onRejected;
    for (let i = 0; i < list.length; i++) list[i].rejected(a, reason);
  }

  failed(a: Activation): void {
    const list = this.onFailed;
    for (let i = 0; i < list.length; i++) list[i].failed(a);
  }
}
