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
 */
export class Simulation {
  /** Current simulated time, in seconds. */
  now = 0;
  /** Events handled so far (cancelled ones not counted). */
  eventsHandled = 0;

  private readonly heap = new EventHeap();
  private handlers: (Handler | null)[] = [];
  private args: unknown[] = [];
  private generations: number[] = [];
  private freeSlots: number[] = [];
  private cancelled = 0;
  private stopped = false;

  /** Number of events waiting (cancelled ones excluded). */
  get pending(): number {
    return this.heap.size - this.cancelled;
  }

  /** Time of the next live event; Infinity when none. */
  nextTime(): number {
    this.dropCancelledTop();
    return this.heap.peekTime();
  }

  schedule<T>(delaySeconds: number, handler: Handler<T>, arg?: T): EventId {
    if (!(delaySeconds >= 0)) throw new RangeError(`event delay must be >= 0, got ${delaySeconds}`);
    return this.scheduleAt(this.now + delaySeconds, handler, arg);
  }

  scheduleAt<T>(timeSeconds: number, handler: Handler<T>, arg?: T): EventId {
    if (!(timeSeconds >= this.now)) throw new RangeError(`cannot schedule at ${timeSeconds}, before now (${this.now})`);
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.newSlot();
    this.handlers[slot] = handler;
    this.args[slot] = arg;
    this.heap.push(timeSeconds, slot);
    return this.generations[slot] * SLOT_BITS + slot;
  }

  /** Cancels a scheduled event. Returns false if it already fired or was cancelled. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const generation = (id - slot) / SLOT_BITS;
    if (this.generations[slot] !== generation || this.handlers[slot] === null) return false;
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
    const heap = this.heap;
    while (!this.stopped && heap.size > 0 && heap.peekTime() <= untilSeconds) {
      const time = heap.peekTime();
      const slot = heap.pop();
      const handler = this.handlers[slot];
      const arg = this.args[slot];
      this.release(slot);
      if (handler === null) {
        this.cancelled--;
        continue;
      }
      this.now = time;
      this.eventsHandled++;
      handler(arg);
    }
    if (!this.stopped && untilSeconds !== Infinity && untilSeconds > this.now) this.now = untilSeconds;
  }

  /** Makes `run` return after the current handler. */
  stop(): void {
    this.stopped = true;
  }

  private newSlot(): number {
    const slot = this.handlers.length;
    if (slot >= SLOT_BITS) throw new RangeError('too many pending events');
    this.handlers.push(null);
    this.args.push(undefined);
    this.generations.push(0);
    return slot;
  }

  private release(slot: number): void {
    this.handlers[slot] = null;
    this.args[slot] = undefined;
    this.generations[slot] = (this.generations[slot] + 1) % SLOT_BITS;
    this.freeSlots.push(slot);
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
