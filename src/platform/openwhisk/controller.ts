import type { Random, Simulation } from '../../engine/index.js';
import type { Activation } from '../../model/activation.js';
import type { ActivationSink } from '../../model/activation-events.js';
import type { Recorder, TallyStat } from '../../model/recording.js';
import { ShardingBalancer } from './balancer.js';
import { Fifo } from '../../resources/fifo.js';
import { Job, type ActionInfo } from './job.js';
import type { OpenWhiskParams } from './params.js';
import { NamespaceThrottle } from './throttle.js';
import { OPENWHISK_METRICS } from './metrics.js';

/**
 * One controller (model §1 C3-C6, §2): throttles per namespace, its own ShardingBalancer, and
 * the bookkeeping of its activations until their completion ack. Controllers share nothing.
 *
 * The two per-activation timers OpenWhisk keeps (forced completion after
 * max(timeLimit, 60 s) * factor + addon; the blocking wait of 60 s) have the same length for
 * every activation of a run, so each is one FIFO sorted by submit time with one pending event,
 * not one heap entry per activation (the blocking wait then adds the publish delay, see
 * `onBlockingDeadline`).
 */
export class Controller {
  readonly balancer: ShardingBalancer;
  readonly throttles: NamespaceThrottle[];
  /** Activations whose completion timed out (slots freed by force). */
  forcedCompletions = 0;
  /**
   * Told of every forced completion (InvokerSupervision hears a Timeout) when faults are
   * scheduled; it then also keeps `forcedOpen`. Absent otherwise: nothing more is done per job.
   */
  onForced: ((job: Job) => void) | undefined;
  /** Forced jobs whose invoker may still hold them (not lost, no ack yet): a fault must find them too. */
  readonly forcedOpen = new Set<Job>();
  private readonly completionTimeout: number;
  private readonly maxWaitBlocking: number;
  private readonly completionQueue = new Fifo<Job>();
  private readonly blockingQueue = new Fifo<Job>();
  private completionArmed = false;
  private blockingArmed = false;
  /** Blocking calls answered by the blocking wait's 202 (`timedOut`). */
  private readonly timedOut: TallyStat;

  constructor(
    readonly id: number,
    private readonly sim: Simulation,
    private readonly sink: ActivationSink,
    params: OpenWhiskParams,
    cluster: { namespaceCount: number; functionCount: number; invokerMemoryMiB: readonly number[]; healthy: Uint8Array; overloadRandom: Random; recorder: Recorder },
  ) {
    const c = params.controllers;
    const { namespaceCount, functionCount, invokerMemoryMiB, healthy, overloadRandom, recorder } = cluster;
    this.balancer = new ShardingBalancer({ invokerMemoryMiB, functionCount, controllers: c, minActionMemoryMiB: params.minActionMemoryMiB, healthy, overloadRandom, recorder });
    this.throttles = Array.from({ length: namespaceCount }, () =>
      NamespaceThrottle.forController(params.throttles.invocationsPerMinute, params.throttles.concurrentInvocations, c),
    );
    const t = params.timeouts;
    this.completionTimeout = Math.max(params.actionTimeLimitSeconds, 60) * t.timeoutFactor + t.timeoutAddonSeconds;
    this.maxWaitBlocking = t.maxWaitBlockingSeconds;
    this.timedOut = recorder.tally(OPENWHISK_METRICS.timedOut.name);
    this.onCompletionDeadline = this.onCompletionDeadline.bind(this);
    this.onBlockingDeadline = this.onBlockingDeadline.bind(this);
    this.onBlockingWaitOver = this.onBlockingWaitOver.bind(this);
  }

  /**
   * Entitlement and load balancing. Returns the job (slots taken) or a rejection reason.
   * Decisions are taken on arrival; the controller's processing time is charged as a delay
   * before the publish (it moves slot accounting earlier by a few ms and saves an event).
   */
  admit(a: Activation, action: ActionInfo): Job | 'throttled' | 'rejected' {
    const now = this.sim.now;
    const throttle = this.throttles[action.namespace];
    if (!throttle.admit(now)) return 'throttled';
    const invoker = this.balancer.publish(action.route, action.memoryMiB, action.fn, action.maxConcurrent);
    if (invoker < 0) return 'rejected';
    throttle.inFlight++;
    const job = new Job(a, action, this.id, invoker, now);
    this.completionQueue.push(job);
    if (!this.completionArmed) this.arm('completion');
    if (a.blocking && this.maxWaitBlocking > 0) {
      this.blockingQueue.push(job);
      if (!this.blockingArmed) this.arm('blocking');
    }
    return job;
  }

  /** Result ack (blocking): the caller gets its answer unless the blocking wait already answered 202. */
  result(job: Job): void {
    const a = job.a;
    if (!job.answered) {
      job.answered = true;
      a.response = this.sim.now;
    }
    this.sink.finished(a);
    const q = this.blockingQueue;
    while (q.length > 0 && q.peek()!.answered) q.shift();
  }

  /** Completion ack: frees the slots (unless the forced timeout did). Acks after a timeout are ignored. */
  completion(job: Job): void {
    if (job.completed) {
      if (job.forced) this.forcedOpen.delete(job); // an ack after the forced completion: ignored, as OpenWhisk does
      return;
    }
    this.free(job);
    const q = this.completionQueue;
    while (q.length > 0 && q.peek()!.completed) q.shift();
  }

  /** Every job of `invoker` whose completion ack has not come: those it may still hold. */
  openJobsOf(invoker: number, visit: (job: Job) => void): void {
    this.completionQueue.forEach((job) => {
      if (!job.completed && job.invoker === invoker) visit(job);
    });
    for (const job of this.forcedOpen) if (job.invoker === invoker) visit(job);
  }

  private free(job: Job): void {
    job.completed = true;
    this.balancer.release(job.invoker, job.action.memoryMiB, job.action.fn, job.action.maxConcurrent);
    this.throttles[job.action.namespace].inFlight--;
  }

  private arm(which: 'completion' | 'blocking'): void {
    const q = which === 'completion' ? this.completionQueue : this.blockingQueue;
    const head = q.peek();
    const armed = head !== undefined;
    if (which === 'completion') this.completionArmed = armed;
    else this.blockingArmed = armed;
    if (!armed) return;
    if (which === 'completion') this.sim.postAt(head.submittedAt + this.completionTimeout, this.onCompletionDeadline);
    else this.sim.postAt(head.submittedAt + this.maxWaitBlocking, this.onBlockingDeadline);
  }

  private onCompletionDeadline(): void {
    const q = this.completionQueue;
    const now = this.sim.now;
    while (q.length > 0 && (q.peek()!.completed || q.peek()!.submittedAt + this.completionTimeout <= now)) {
      const job = q.shift()!;
      if (!job.completed) {
        job.forced = true;
        this.forcedCompletions++;
        this.free(job);
        if (this.onForced !== undefined) {
          if (!job.lost) this.forcedOpen.add(job);
          this.onForced(job);
        }
      }
    }
    this.arm('completion');
  }

  /**
   * `maxWaitBlocking` after the controller's arrival. OpenWhisk starts the blocking wait once the
   * message is published (`controller + publish` later, random per activation, so not in queue
   * order): a job still unanswered here gets its own event at `publishedAt + maxWaitBlocking`.
   * Only activations that run that long pay for an event.
   */
  private onBlockingDeadline(): void {
    const q = this.blockingQueue;
    const now = this.sim.now;
    while (q.length > 0 && (q.peek()!.answered || q.peek()!.submittedAt + this.maxWaitBlocking <= now)) {
      const job = q.shift()!;
      if (!job.answered) this.sim.postAt(Math.max(now, job.publishedAt + this.maxWaitBlocking), this.onBlockingWaitOver, job);
    }
    this.arm('blocking');
  }

  /** Blocking wait over: the caller gets HTTP 202 with the id (sink.accepted); the work goes on. */
  private onBlockingWaitOver(job: Job): void {
    if (job.answered) return; // the result came meanwhile
    job.answered = true;
    job.a.response = this.sim.now;
    this.timedOut.observe(job.a);
    this.sink.accepted(job.a);
  }
}
