import type { OpenWhiskParams } from './params.js';
import type { Clock } from './invoker.js';

/** InvokerSupervision's states (common/InvokerState): only Healthy is usable by the balancer. */
export enum InvokerState {
  Healthy,
  Unhealthy,
  Unresponsive,
  Offline,
}

/** A completion as the supervision hears it. The model has no system errors: Success or Timeout (a forced ack). */
const SUCCESS = 0;
const TIMEOUT = 1;

export interface SupervisionOptions {
  sim: Clock;
  /** The balancers' usable flags (1 = Healthy), written on every transition. */
  healthy: Uint8Array;
  health: OpenWhiskParams['health'];
  /**
   * Seconds from sending the health test action to its completion ack: `cold` for the first on an
   * invoker since its (re)start (a 128 MiB nodejs container: docker run, /init), warm after.
   */
  testActionSeconds: (cold: boolean) => number;
}

/**
 * The controller's InvokerSupervision (InvokerSupervision.scala, InvokerActor), run only when
 * faults are scheduled. Pings are not events: an invoker that is up pings every `pingInterval`,
 * which always beats the `offlineAfter` state timeout, so only a stopped invoker needs a timer,
 * armed from its last sign of life (its last ping before the stop, or a later completion). Each
 * message restarts the state timeout, as Akka's FSM does on every event. Shared by all
 * controllers: they all read the same `health` topic (completions that reach only one controller
 * are counted for all).
 */
export class InvokerSupervision {
  readonly states: InvokerState[];
  private readonly o: SupervisionOptions;
  /** Last results (ring buffer of `bufferSize`), how many are in it, where the next goes. */
  private readonly results: Uint8Array[];
  private readonly resultCount: Int32Array;
  private readonly resultNext: Int32Array;
  /** Last message (ping or completion) from each invoker, seconds. */
  private readonly lastMessageAt: Float64Array;
  /** When the invoker's pings (re)started, or -1 while it is stopped. */
  private readonly pingingSince: Float64Array;
  /** Bumped on each stop: test actions sent to an earlier run of the invoker are lost with it. */
  private readonly incarnation: Int32Array;
  /** Test actions waiting in a stopped invoker's topic: they run when it restarts. */
  private readonly queuedTests: Int32Array;
  /** A health container is warm on the invoker (since its last restart). */
  private readonly testWarm: Uint8Array;
  /** The Tick timer of Unhealthy/Unresponsive: events of an older generation are cancelled ones. */
  private readonly tickGeneration: Int32Array;
  private readonly timeoutPending: Uint8Array;

  constructor(invokers: number, o: SupervisionOptions) {
    this.o = o;
    this.states = new Array<InvokerState>(invokers).fill(InvokerState.Healthy);
    this.results = Array.from({ length: invokers }, () => new Uint8Array(o.health.bufferSize));
    this.resultCount = new Int32Array(invokers);
    this.resultNext = new Int32Array(invokers);
    this.lastMessageAt = new Float64Array(invokers);
    this.pingingSince = new Float64Array(invokers);
    this.incarnation = new Int32Array(invokers);
    this.queuedTests = new Int32Array(invokers);
    this.testWarm = new Uint8Array(invokers);
    this.tickGeneration = new Int32Array(invokers);
    this.timeoutPending = new Uint8Array(invokers);
  }

  /** The invoker process stops: no more pings. Its last ping is the last one due strictly before now. */
  stop(i: number): void {
    const now = this.o.sim.now;
    const period = this.o.health.pingIntervalSeconds;
    const since = this.pingingSince[i];
    const lastPing = since + period * (Math.ceil((now - since) / period) - 1);
    this.lastMessageAt[i] = Math.max(this.lastMessageAt[i], lastPing);
    this.pingingSince[i] = -1;
    this.incarnation[i]++;
    this.testWarm[i] = 0;
    this.armTimeout(i);
  }

  /** The invoker is back: it pings at once (Offline -> Unhealthy), and runs the test actions queued in its topic. */
  restart(i: number): void {
    const now = this.o.sim.now;
    this.pingingSince[i] = now;
    this.lastMessageAt[i] = now;
    if (this.states[i] === InvokerState.Offline) this.goto(i, InvokerState.Unhealthy);
    for (; this.queuedTests[i] > 0; this.queuedTests[i]--) this.invokeTestAction(i);
  }

  /** A completion ack from invoker `i` reached the controller (`timedOut`: the controller forced it). */
  completed(i: number, timedOut: boolean): void {
    this.lastMessageAt[i] = this.o.sim.now;
    this.handleCompletion(i, timedOut ? TIMEOUT : SUCCESS);
  }

  /** InvokerActor.handleCompletionMessage, without system errors. */
  private handleCompletion(i: number, result: number): void {
    const { bufferSize, bufferErrorTolerance } = this.o.health;
    const buffer = this.results[i];
    buffer[this.resultNext[i]] = result;
    this.resultNext[i] = (this.resultNext[i] + 1) % bufferSize;
    if (this.resultCount[i] < bufferSize) this.resultCount[i]++;
    const state = this.states[i];
    // clear the buffer faster with one more test action
    if (result === SUCCESS && state === InvokerState.Unhealthy) this.invokeTestAction(i);
    if ((state === InvokerState.Healthy && result === SUCCESS) || state === InvokerState.Offline) return;
    let timeouts = 0;
    for (let k = 0; k < this.resultCount[i]; k++) timeouts += buffer[k];
    if (timeouts > bufferErrorTolerance) this.gotoIfNotThere(i, InvokerState.Unresponsive);
    else if (result === SUCCESS) this.gotoIfNotThere(i, InvokerState.Healthy);
    else if (this.resultCount[i] <= bufferErrorTolerance) this.gotoIfNotThere(i, InvokerState.Unresponsive);
  }

  private gotoIfNotThere(i: number, state: InvokerState): void {
    if (this.states[i] !== state) this.goto(i, state);
  }

  /** A transition: the balancers' flag, and the test-action timer of the states that re-verify the invoker. */
  private goto(i: number, state: InvokerState): void {
    const before = this.states[i];
    this.states[i] = state;
    this.o.healthy[i] = state === InvokerState.Healthy ? 1 : 0;
    if (testing(before)) this.tickGeneration[i]++;
    if (testing(state)) {
      this.invokeTestAction(i);
      this.postTick(i);
    }
    if (state !== InvokerState.Offline) this.armTimeout(i);
  }

  private postTick(i: number): void {
    const generation = this.tickGeneration[i];
    this.o.sim.post(this.o.health.testActionIntervalSeconds, () => {
      if (this.tickGeneration[i] !== generation) return;
      this.lastMessageAt[i] = this.o.sim.now; // a Tick is an event of the FSM too: it restarts the state timeout
      this.invokeTestAction(i);
      this.postTick(i);
    });
  }

  /** invokerHealthTestAction<controller> on the invoker's topic; its completion is a Success. */
  private invokeTestAction(i: number): void {
    if (this.pingingSince[i] < 0) {
      this.queuedTests[i]++; // the topic keeps it until the invoker is back
      return;
    }
    const incarnation = this.incarnation[i];
    const cold = this.testWarm[i] === 0;
    this.testWarm[i] = 1;
    this.o.sim.post(this.o.testActionSeconds(cold), () => {
      if (this.incarnation[i] === incarnation) this.completed(i, false);
    });
  }

  /** The state timeout of a stopped invoker, from its last message; re-armed while messages keep coming. */
  private armTimeout(i: number): void {
    if (this.pingingSince[i] >= 0 || this.timeoutPending[i] === 1) return;
    this.timeoutPending[i] = 1;
    this.o.sim.scheduleAt(Math.max(this.o.sim.now, this.lastMessageAt[i] + this.o.health.offlineAfterSeconds), () => {
      this.timeoutPending[i] = 0;
      if (this.pingingSince[i] >= 0 || this.states[i] === InvokerState.Offline) return;
      if (this.lastMessageAt[i] + this.o.health.offlineAfterSeconds > this.o.sim.now) this.armTimeout(i);
      else this.goto(i, InvokerState.Offline);
    });
  }
}

/** The states that send the health test action on entry and every `testActionInterval`. */
function testing(state: InvokerState): boolean {
  return state === InvokerState.Unhealthy || state === InvokerState.Unresponsive;
}
