/**
 * A binary min-heap of events in typed arrays, ordered by (time, sequence).
 * The sequence number is given at push time, so events with equal time pop in
 * the order they were pushed: that tie-break is what makes runs reproducible.
 * Each entry carries an integer `slot`; what a slot means is the caller's business.
 */
export class EventHeap {
  private times: Float64Array;
  private seqs: Float64Array;
  private slots: Int32Array;
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest entry; Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0] : Infinity;
  }

  peekSlot(): number {
    return this.count > 0 ? this.slots[0] : -1;
  }

  push(time: number, slot: number): void {
    if (this.count === this.times.length) this.grow();
    this.siftUp(this.count++, time, this.nextSeq++, slot);
  }

  /** Removes the earliest entry and returns its slot; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.slots[0];
    const last = --this.count;
    if (last > 0) this.siftDown(0, this.times[last], this.seqs[last], this.slots[last]);
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
    const half = n >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < n && (times[right] < times[child] || (times[right] === times[child] && seqs[right] < seqs[child]))) {
        child = right;
      }
      const ct = times[child];
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
    const cap = this.times.length * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    const s = new Float64Array(cap);
    s.set(this.seqs);
    const sl = new Int32Array(cap);
    sl.set(this.slots);
    this.times = t;
    this.seqs = s;
    this.slots = sl;
  }
}
