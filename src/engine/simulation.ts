import { EventHeap } from './heap.js';

/** An event handler: a plain function of one argument. The event path never awaits. */
export type Handler<T = any> = (arg: T) => void;

/** Identifies a scheduled event for `cancel`: slot and generation packed in one number. */
export type EventId = number;

const SLOT_BITS = 2 ** 26;

/**
 * The discrete-event kernel: a clock in seconds and a queue of (time, handler, argument).
 *
 * Handlers and arguments live in slot arrays reused through a free list, so scheduling
 * allocates nothing once the arrays have grown. `cancel` is O(1): it clears the slot and
 * bumps its generation, and the heap entry is skipped when it surfaces. When cancelled
 * entries outnumber live ones the heap is compacted, so memory stays proportional to the
 * live events, not to how many were ever cancelled.
 *
 * The event being handled stays at the top of the heap while its handler runs (`topDone`):
 * most handlers schedule a next event, and the first one replaces it in one sift instead of a
 * pop and a push. Anything else that looks at the heap removes it first (`settleTop`).
 *
 * `post` and `postAt` are `schedule` and `scheduleAt` for events that are never cancelled:
 * an EventId is a number beyond the small-integer range, so returning one from a call the
 * compiler does not inline allocates it on the heap, once per event.
 */
export class Simulation {
  /** Current simulated time, in seconds. */
  now = 0;
  /** Events handled so far (cancelled ones not counted). */
  eventsHandled = 0;

  private readonly heap = new EventHeap();
  private handlers: (Handler | null)[] = [];
  private args: unknown[] = [];
  private generations = new Int32Array(1024);
  /** Free slots, a stack in `freeSlots[0 .. freeCount)`. */
  private freeSlots = new Int32Array(1024);
  private freeCount = 0;
  private cancelled = 0;
  private stopped = false;
  /** The heap's top entry is the event being handled (already released): the next enqueue replaces it. */
  private topDone = false;

  /** Number of events waiting (cancelled ones excluded). */
  get pending(): number {
    this.settleTop();
    return this.heap.size - this.cancelled;
  }

  /** Time of the next live event; Infinity when none. */
  nextTime(): number {
    this.settleTop();
    this.dropCancelledTop();
    return this.heap.peekTime();
  }

  schedule<T>(delaySeconds: number, handler: Handler<T>, arg?: T): EventId {
    if (!(delaySeconds >= 0)) throw new RangeError(`event delay must be >= 0, got ${delaySeconds}`);
    const slot = this.enqueue(this.now + delaySeconds, handler, arg);
    return this.generations[slot] * SLOT_BITS + slot;
  }

  scheduleAt<T>(timeSeconds: number, handler: Handler<T>, arg?: T): EventId {
    if (!(timeSeconds >= this.now)) throw new RangeError(`cannot schedule at ${timeSeconds}, before now (${this.now})`);
    const slot = this.enqueue(timeSeconds, handler, arg);
    return this.generations[slot] * SLOT_BITS + slot;
  }

  /** `schedule` without an id: the event cannot be cancelled. */
  post<T>(delaySeconds: number, handler: Handler<T>, arg?: T): void {
    if (!(delaySeconds >= 0)) throw new RangeError(`event delay must be >= 0, got ${delaySeconds}`);
    this.enqueue(this.now + delaySeconds, handler, arg);
  }

  /** `scheduleAt` without an id: the event cannot be cancelled. */
  postAt<T>(timeSeconds: number, handler: Handler<T>, arg?: T): void {
    if (!(timeSeconds >= this.now)) throw new RangeError(`cannot schedule at ${timeSeconds}, before now (${this.now})`);
    this.enqueue(timeSeconds, handler, arg);
  }

  /** Cancels a scheduled event. Returns false if it already fired or was cancelled. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const generation = (id - slot) / SLOT_BITS;
    if (slot >= this.handlers.length || this.generations[slot] !== generation || this.handlers[slot] === null) return false;
    this.settleTop();
    this.handlers[slot] = null;
    this.args[slot] = undefined;
    this.cancelled++;
    if (this.cancelled > 4096 && this.cancelled * 2 > this.heap.size) this.compact();
    return true;
  }

  /**
   * Handles events in (time, sequence) order while their time is <= `untilSeconds`,
   * then sets the clock to `untilSeconds` (if it was not stopped earlier).
   */
  run(untilSeconds = Infinity): void {
    this.stopped = false;
    this.settleTop();
    const heap = this.heap;
    const handlers = this.handlers;
    const args = this.args;
    while (!this.stopped && heap.size > 0) {
      const time = heap.peekTime();
      if (!(time <= untilSeconds)) break;
      const slot = heap.peekSlot();
      const handler = handlers[slot];
      const arg = args[slot];
      this.release(slot);
      if (handler === null) {
        heap.pop();
        this.cancelled--;
        continue;
      }
      this.now = time;
      this.eventsHandled++;
      this.topDone = true;
      handler(arg);
      this.settleTop();
    }
    if (!this.stopped && untilSeconds !== Infinity && untilSeconds > this.now) this.now = untilSeconds;
  }

  /** Makes `run` return after the current handler. */
  stop(): void {
    this.stopped = true;
  }

  /** Puts an event in a free slot and in the heap; returns the slot. */
  private enqueue(timeSeconds: number, handler: Handler, arg: unknown): number {
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.newSlot();
    this.handlers[slot] = handler;
    this.args[slot] = arg;
    if (this.topDone) {
      this.topDone = false;
      this.heap.replaceTop(timeSeconds, slot);
    } else this.heap.push(timeSeconds, slot);
    return slot;
  }

  /** Removes the handled event from the top of the heap if no enqueue replaced it. */
  private settleTop(): void {
    if (this.topDone) {
      this.topDone = false;
      this.heap.pop();
    }
  }

  private newSlot(): number {
    const slot = this.handlers.length;
    if (slot >= SLOT_BITS) throw new RangeError('too many pending events');
    this.handlers.push(null);
    this.args.push(undefined);
    if (slot === this.generations.length) {
      const generations = new Int32Array(slot * 2);
      generations.set(this.generations);
      this.generations = generations;
      const free = new Int32Array(slot * 2);
      free.set(this.freeSlots);
      this.freeSlots = free;
    }
    return slot;
  }

  private release(slot: number): void {
    this.handlers[slot] = null;
    this.args[slot] = undefined;
    this.generations[slot] = (this.generations[slot] + 1) % SLOT_BITS;
    this.freeSlots[this.freeCount++] = slot;
  }

  private dropCancelledTop(): void {
    while (this.heap.size > 0 && this.handlers[this.heap.peekSlot()] === null) {
      this.release(this.heap.pop());
      this.cancelled--;
    }
  }

  private compact(): void {
    const dead: number[] = [];
    this.heap.filter((slot) => {
      if (this.handlers[slot] !== null) return true;
      dead.push(slot);
      return false;
    });
    for (const slot of dead) this.release(slot);
    this.cancelled = 0;
  }
}
