/**
 * A binary min-heap of events in typed arrays, ordered by (time, sequence).
 * The sequence number is given at push time, so events with equal time pop in
 * the order they were pushed: that tie-break is what makes runs reproducible.
 * Each entry carries an integer `slot`; what a slot means is the caller's business.
 *
 * `times` has one entry more than the capacity and every position from `count` on holds
 * Infinity: a missing right child then compares as larger, so picking the smaller child needs
 * no bounds check on the common path.
 */
export class EventHeap {
  private times: Float64Array;
  private seqs: Float64Array;
  private slots: Int32Array;
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity + 1).fill(Infinity);
    this.seqs = new Float64Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest entry; Infinity when empty (the sentinel). */
  peekTime(): number {
    return this.times[0];
  }

  peekSlot(): number {
    return this.count > 0 ? this.slots[0] : -1;
  }

  push(time: number, slot: number): void {
    if (this.count === this.slots.length) this.grow();
    this.siftUp(this.count++, time, this.nextSeq++, slot);
  }

  /** Removes the earliest entry and returns its slot; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.slots[0];
    const last = --this.count;
    const time = this.times[last];
    this.times[last] = Infinity; // before the sift: position `count` must read as missing
    if (last > 0) this.siftDown(0, time, this.seqs[last], this.slots[last]);
    return top;
  }

  /**
   * Removes the earliest entry and adds (time, slot) in one sift: the same as `pop()` then
   * `push(time, slot)` (the new entry gets the next sequence number), at about half the cost.
   * Returns the removed slot; on an empty heap it only pushes and returns -1.
   */
  replaceTop(time: number, slot: number): number {
    if (this.count === 0) {
      this.push(time, slot);
      return -1;
    }
    const top = this.slots[0];
    this.siftDown(0, time, this.nextSeq++, slot);
    return top;
  }

  /** Keeps only the entries whose slot passes `keep`, then restores heap order. O(n). */
  filter(keep: (slot: number) => boolean): void {
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      if (!keep(this.slots[i])) continue;
      this.times[n] = this.times[i];
      this.seqs[n] = this.seqs[i];
      this.slots[n] = this.slots[i];
      n++;
    }
    this.times.fill(Infinity, n, this.count + 1);
    this.count = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, this.times[i], this.seqs[i], this.slots[i]);
  }

  private siftUp(i: number, time: number, seq: number, slot: number): void {
    const { times, seqs, slots } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && seqs[parent] < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent];
      slots[i] = slots[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    slots[i] = slot;
  }

  private siftDown(i: number, time: number, seq: number, slot: number): void {
    const { times, seqs, slots } = this;
    const n = this.count;
    for (let child = 2 * i + 1; child < n; child = 2 * i + 1) {
      // times[n] is Infinity: a missing right child is never picked (ties need the bounds check)
      let ct = times[child];
      const rt = times[child + 1];
      if (rt < ct || (rt === ct && child + 1 < n && seqs[child + 1] < seqs[child])) {
        child++;
        ct = rt;
      }
      if (time < ct || (time === ct && seq < seqs[child])) break;
      times[i] = ct;
      seqs[i] = seqs[child];
      slots[i] = slots[child];
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    slots[i] = slot;
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    const t = new Float64Array(cap + 1).fill(Infinity);
    t.set(this.times.subarray(0, this.count));
    const s = new Float64Array(cap);
    s.set(this.seqs);
    const sl = new Int32Array(cap);
    sl.set(this.slots);
    this.times = t;
    this.seqs = s;
    this.slots = sl;
  }
}
