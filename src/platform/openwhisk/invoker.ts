import type { Simulation } from '../../engine/index.js';

/** What the invoker needs of the simulation: its clock and event posting. */
export type Clock = Pick<Simulation, 'now' | 'post' | 'scheduleAt' | 'cancel'>;
import type { Gauge, Recorder } from '../../model/recording.js';
import type { ActivationSink } from '../../model/activation-events.js';
import type { Demand, ResourceSpec } from '../../resources/ledger.js';
import { SharedCores } from '../../resources/shared-cores.js';
import { Fifo } from '../../resources/fifo.js';
import type { Breakdown } from './breakdown.js';
import { ContainerPool, MEMORY } from './container-pool.js';
import type { FullestInvoker } from './fullest-invoker.js';
import type { Hooks } from './hooks.js';
import type { ActionInfo, Job } from './job.js';
import type { Latencies } from './latency.js';
import { ContainerLifecycle } from './lifecycle.js';
import type { OpenWhiskParams } from './params.js';
import { Placement } from './placement.js';
import { Prewarms } from './prewarms.js';

/** What all invokers share: the clock, the outlets and the controllers' ack handlers. */
export interface InvokerContext {
  /** The clock (a stopped one once the invoker has failed: see faults.ts). */
  sim: Clock;
  sink: ActivationSink;
  recorder: Recorder;
  params: OpenWhiskParams;
  latencies: Latencies;
  actions: ActionInfo[];
  /** Demand vector of a stem cell of each config (memory first, then the hooks' resources). */
  stemCellDemands: Demand[];
  hooks: Hooks;
  /** Alive containers, busy containers, mean memory per invoker (MiB); busy cores over cores, mean over invokers (when cores are simulated). */
  gauges: { alive: Gauge; busy: Gauge; memory: Gauge; cpu: Gauge; cpuJobs: Gauge };
  /** Memory of the fullest invoker (MiB), for the peak over invokers and time. */
  fullest: Pick<FullestInvoker, 'set'>;
  breakdown: Pick<Breakdown, 'observeRunEnd'>;
  /** Result ack arrives at the controller (blocking activations). */
  onResult: (job: Job) => void;
  /** Completion ack arrives at the controller: slots are freed. */
  onCompletion: (job: Job) => void;
  nextContainerId: () => number;
  /** The middle of the metrics window: placements from here on feed `coldStartRatio.secondHalf`. */
  secondHalfFromSeconds: number;
}

/**
 * One invoker: Kafka intake with MessageFeed's credits (at most `maxPeek`) and the pool's FIFO
 * run buffer (model §3.1), here; placement (§3.2), each container's lifecycle (§3.3) and stem cells (§3.4) in
 * their own files, sharing this invoker's pool and buffers.
 */
export class Invoker {
  readonly pool: ContainerPool;
  /** Messages in this invoker's Kafka topic, not yet taken in (flow control). */
  readonly topic = new Fifo<Job>();
  /** The pool's FIFO run buffer: activations that found no container (head-of-line blocking). */
  readonly runBuffer = new Fifo<Job>();
  /** Activations taken from the topic and not yet finished (running + buffered). */
  inFlight = 0;
  readonly maxPeek: number;
  /** MessageFeed's handler capacity: messages it may still hand to the pool (starts at maxPeek). */
  credits: number;
  readonly lifecycle: ContainerLifecycle;
  readonly prewarms: Prewarms;
  /** Running (pinging, taking messages in). A failed invoker's replacement is down until its restart. */
  up = true;
  /** Its cores, shared by the work of its containers; null when its CPU is not simulated. */
  readonly cores: SharedCores | null;
  private readonly placement: Placement;

  constructor(
    readonly id: number,
    /** Replaced by an inert context when the invoker fails (faults.ts), so that its pending events change nothing. */
    public ctx: InvokerContext,
    resources: readonly ResourceSpec[],
    /** Its cores (Infinity: its CPU is not simulated). */
    cores = Infinity,
    /** The platform's clock (the cores' events; ctx.sim may be replaced by a stopped one). */
    sim?: ConstructorParameters<typeof SharedCores>[0],
  ) {
    const p = ctx.params;
    const share = ctx.gauges.cpu;
    const jobs = ctx.gauges.cpuJobs;
    if (Number.isFinite(cores) && sim === undefined) throw new Error('an invoker with simulated cores needs the platform clock');
    this.cores = Number.isFinite(cores) ? new SharedCores(sim!, cores, { add: (d) => share.add(d / p.invokers) }, { add: (d) => jobs.add(d / p.invokers) }) : null;
    this.pool = new ContainerPool(resources, ctx.actions.length, p.prewarm.stemCells.length);
    const maxContainers = Math.floor(this.pool.ledger.resources[MEMORY].capacity / p.minActionMemoryMiB);
    // InvokerReactive: max(maximumContainers, maximumContainers * concurrency-limit.max * concurrentPeekFactor)
    this.maxPeek = Math.max(1, maxContainers, Math.floor(maxContainers * p.concurrencyLimit * p.concurrentPeekFactor));
    this.credits = this.maxPeek;
    this.lifecycle = new ContainerLifecycle(this);
    this.prewarms = new Prewarms(this);
    this.placement = new Placement(this);
    this.deliver = this.deliver.bind(this);
  }

  /** A message arrives in this invoker's topic: taken in at once if the feed has a credit. */
  deliver(job: Job): void {
    if (this.credits > 0) {
      this.credits--;
      this.inFlight++;
      this.run(job);
    } else this.topic.push(job);
  }

  private run(job: Job): void {
    // strict FIFO: while anything waits in the buffer, newcomers queue behind it
    if (this.runBuffer.length > 0 || !this.placement.place(job)) this.runBuffer.push(job);
  }

  /**
   * ContainerPool's processBufferOrFeed: the buffer head first (strict FIFO, may block the rest);
   * only when the buffer is (or becomes) empty does the feed get one credit (`Processed`), and
   * then new messages come in while credits last. A completion while the buffer stays non-empty
   * returns no credit: under overload the intake window shrinks, as OpenWhisk's does.
   */
  processBufferOrFeed(): void {
    const buffer = this.runBuffer;
    while (buffer.length > 0 && this.placement.place(buffer.peek()!)) buffer.shift();
    if (buffer.length > 0) return;
    if (this.credits < this.maxPeek) this.credits++; // MessageFeed caps its capacity at maxPeek
    this.feed();
  }

  /** MessageFeed hands messages of the topic to the pool while it has credits. */
  feed(): void {
    while (this.credits > 0 && this.topic.length > 0) {
      this.credits--;
      this.inFlight++;
      this.run(this.topic.shift()!);
    }
  }

  /** An activation's container is free again (logs collected): NeedWork. */
  finished(): void {
    this.inFlight--;
    this.processBufferOrFeed();
  }

  /**
   * ContainerRemoved from a container that left the pool unpaused (an evicted Ready container:
   * `replacePrewarm`, or an expired stem cell). The stem cells are backfilled first (synchronous
   * in the pool, while the buffer head is resent as a message), then the buffer or the feed.
   */
  containerRemoved(replacePrewarm: boolean): void {
    if (replacePrewarm) this.prewarms.backfill();
    this.processBufferOrFeed();
  }
}
