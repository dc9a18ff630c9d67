// Event queue: a struct-of-arrays binary min-heap of time buckets.
//
// Events are stored in slots (an Int32Array of per-slot fields: handler id,
// links, ledger reference; a plain array of args). All pending events with the same time form
// one bucket, a FIFO linked list of slots, so equal times pop in push order
// without ever comparing sequence numbers. The heap orders buckets by time
// (Float64Array of times + Int32Array of head slots); an open-addressing hash
// maps a time to its bucket so a push at an already-pending time is O(1).
//
// Cancellation is lazy: the ledger keeps one bit per sequence number, set when
// the event is popped or cancelled; a popped event whose bit is already set is
// a tombstone and is skipped. When tombstones exceed half of the stored events
// the queue is compacted, so memory stays bounded.

import { SeqLedger } from './seq-ledger.js';

const EMPTY = -1; // hash key of a free hash cell (times are >= 0)
const MIN_COMPACT = 64;
// meta layout per slot: [handler, next slot in bucket, tail slot (head only), hash cell (head only), ledger ref]
const STRIDE = 8;
const M_HANDLER = 0;
const M_NEXT = 1;
const M_TAIL = 2;
const M_CELL = 3;
const M_REF = 4;

function hashOf(time: number, shift: number): number {
  return Math.imul((time >>> 0) ^ ((time * 2.3283064365386963e-10) | 0), 0x9e3779b1) >>> shift; // 2.33e-10 = 2^-32
}

/** Priority queue of (time, handler id, arg) entries popped in (time, push order); sequence numbers double as cancel handles. */
export class EventQueue {
  // slots
  private meta: Int32Array;
  private args: unknown[];
  private freeSlots: Int32Array;
  private freeCount: number;
  private capacity: number;
  private tombstones = 0;
  private nextSeq = 0;
  // heap of buckets
  private heapTimes: Float64Array;
  private heapSlots: Int32Array;
  private heapCount = 0;
  // hash: time -> head slot of its bucket
  private hashKeys: Float64Array;
  private hashSlots: Int32Array;
  private hashShift: number;
  private readonly ledger = new SeqLedger();

  /** Time of the entry returned by the last successful pop(). */
  poppedTime = 0;
  /** Argument of the entry returned by the last successful pop(). */
  poppedArg: unknown = undefined;

  /** Creates an empty queue; initialCapacity is a sizing hint (storage grows by doubling). */
  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, 1 << Math.ceil(Math.log2(Math.max(1, initialCapacity))));
    this.capacity = cap;
    this.meta = new Int32Array(STRIDE * cap);
    this.args = new Array<unknown>(cap).fill(undefined);
    this.freeSlots = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.freeSlots[i] = cap - 1 - i;
    this.freeCount = cap;
    this.heapTimes = new Float64Array(cap);
    this.heapSlots = new Int32Array(cap);
    this.hashShift = 32 - 6;
    this.hashKeys = new Float64Array(64).fill(EMPTY);
    this.hashSlots = new Int32Array(64);
  }

  /** Number of live (not cancelled) entries. */
  get size(): number {
    return this.capacity - this.freeCount - this.tombstones;
  }

  /** Number of stored entries including cancelled tombstones (at most about twice size, or a small constant). */
  get physicalSize(): number {
    return this.capacity - this.freeCount;
  }

  /** Adds an entry; the caller guarantees time is a finite number >= 0. Returns its sequence number. */
  push(time: number, handler: number, arg: unknown): number {
    const seq = this.nextSeq++;
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount]!;
    const meta = this.meta;
    const m = slot * STRIDE;
    this.args[slot] = arg;
    meta[m + M_HANDLER] = handler;
    meta[m + M_NEXT] = -1;
    meta[m + M_REF] = this.ledger.open(seq);
    const keys = this.hashKeys;
    const mask = keys.length - 1;
    let cell = hashOf(time, this.hashShift);
    for (;;) {
      const k = keys[cell]!;
      if (k === time) {
        // append to the existing bucket
        const head = this.hashSlots[cell]! * STRIDE;
        meta[meta[head + M_TAIL]! * STRIDE + M_NEXT] = slot;
        meta[head + M_TAIL] = slot;
        return seq;
      }
      if (k === EMPTY) break;
      cell = (cell + 1) & mask;
    }
    keys[cell] = time;
    this.hashSlots[cell] = slot;
    meta[m + M_TAIL] = slot;
    meta[m + M_CELL] = cell;
    this.heapPush(time, slot);
    if (this.heapCount * 4 > mask) this.rehash();
    return seq;
  }

  /** Removes the first live entry with time <= limit; returns its handler id (time/arg in poppedTime/poppedArg), or -1 if none. */
  pop(limit: number): number {
    while (this.heapCount > 0) {
      const t = this.heapTimes[0]!;
      if (t > limit) return -1;
      const slot = this.takeHead();
      const m = slot * STRIDE;
      const a = this.args[slot];
      this.args[slot] = undefined;
      if (this.ledger.take(this.meta[m + M_REF]!)) {
        this.poppedTime = t;
        this.poppedArg = a;
        return this.meta[m + M_HANDLER]!;
      }
      this.tombstones--;
    }
    return -1;
  }

  /** Time of the first live entry, or undefined if there is none (drops tombstones found at the front). */
  peekTime(): number | undefined {
    while (this.heapCount > 0) {
      const ref = this.meta[this.heapSlots[0]! * STRIDE + M_REF]!;
      if (!this.ledger.isSet(ref)) return this.heapTimes[0]!;
      this.args[this.takeHead()] = undefined;
      this.ledger.take(ref);
      this.tombstones--;
    }
    return undefined;
  }

  /** True if seq was pushed and has been neither popped nor cancelled. */
  isPending(seq: number): boolean {
    return Number.isInteger(seq) && seq >= 0 && seq < this.nextSeq && !this.ledger.isFinished(seq);
  }

  /** Cancels a pending entry; returns false if seq is unknown, already popped or already cancelled. */
  cancel(seq: number): boolean {
    if (!this.isPending(seq)) return false;
    this.ledger.cancel(seq);
    this.tombstones++;
    if (this.tombstones >= MIN_COMPACT && this.tombstones * 2 > this.capacity - this.freeCount) this.compact();
    return true;
  }

  /** Unlinks the head slot of the earliest bucket (removing the bucket if it empties), frees and returns the slot. */
  private takeHead(): number {
    const meta = this.meta;
    const slot = this.heapSlots[0]!;
    const m = slot * STRIDE;
    const next = meta[m + M_NEXT]!;
    if (next < 0) {
      this.hashDelete(meta[m + M_CELL]!);
      this.heapRemoveTop();
    } else {
      const n = next * STRIDE;
      const cell = meta[m + M_CELL]!;
      meta[n + M_TAIL] = meta[m + M_TAIL]!;
      meta[n + M_CELL] = cell;
      this.hashSlots[cell] = next;
      this.heapSlots[0] = next;
    }
    this.freeSlots[this.freeCount++] = slot;
    return slot;
  }

  private heapPush(time: number, slot: number): void {
    const times = this.heapTimes;
    const slots = this.heapSlots;
    let i = this.heapCount++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt <= time) break;
      times[i] = pt;
      slots[i] = slots[p]!;
      i = p;
    }
    times[i] = time;
    slots[i] = slot;
  }

  private heapRemoveTop(): void {
    const last = --this.heapCount;
    this.sift(0, this.heapTimes[last]!, this.heapSlots[last]!, last);
  }

  /** Places (time, slot) at the hole i and sifts it down within the first n entries. */
  private sift(i: number, time: number, slot: number, n: number): void {
    const times = this.heapTimes;
    const slots = this.heapSlots;
    const half = n >> 1;
    while (i < half) {
      const left = 2 * i + 1;
      const right = left + 1;
      const child = left + (+(right < n) & +(times[right]! < times[left]!));
      const ct = times[child]!;
      if (ct >= time) break;
      times[i] = ct;
      slots[i] = slots[child]!;
      i = child;
    }
    times[i] = time;
    slots[i] = slot;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    const meta = new Int32Array(STRIDE * cap);
    meta.set(this.meta);
    const heapTimes = new Float64Array(cap);
    heapTimes.set(this.heapTimes);
    const heapSlots = new Int32Array(cap);
    heapSlots.set(this.heapSlots);
    const free = new Int32Array(cap);
    free.set(this.freeSlots.subarray(0, this.freeCount));
    for (let s = cap - 1; s >= old; s--) free[this.freeCount++] = s;
    for (let s = old; s < cap; s++) this.args.push(undefined);
    this.meta = meta;
    this.heapTimes = heapTimes;
    this.heapSlots = heapSlots;
    this.freeSlots = free;
    this.capacity = cap;
  }

  /** Frees hash cell i, shifting back later cells of its probe run (linear probing without tombstones). */
  private hashDelete(i: number): void {
    const keys = this.hashKeys;
    const slots = this.hashSlots;
    const mask = keys.length - 1;
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const k = keys[j]!;
      if (k === EMPTY) break;
      const home = hashOf(k, this.hashShift);
      // keep k at j if its home lies cyclically in (i, j]
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
      const slot = slots[j]!;
      keys[i] = k;
      slots[i] = slot;
      this.meta[slot * STRIDE + M_CELL] = i;
      i = j;
    }
    keys[i] = EMPTY;
  }

  /** Rebuilds the hash from the heap with a load factor between 1/16 and 1/8. */
  private rehash(): void {
    let bits = 6;
    while (1 << bits < this.heapCount * 8) bits++;
    const size = 1 << bits;
    const keys = new Float64Array(size).fill(EMPTY);
    const cells = new Int32Array(size);
    const shift = 32 - bits;
    for (let h = 0; h < this.heapCount; h++) {
      const t = this.heapTimes[h]!;
      const slot = this.heapSlots[h]!;
      let c = hashOf(t, shift);
      while (keys[c] !== EMPTY) c = (c + 1) & (size - 1);
      keys[c] = t;
      cells[c] = slot;
      this.meta[slot * STRIDE + M_CELL] = c;
    }
    this.hashKeys = keys;
    this.hashSlots = cells;
    this.hashShift = shift;
  }

  /** Unlinks every cancelled event, drops empty buckets, then rebuilds heap and hash. */
  private compact(): void {
    const meta = this.meta;
    let kept = 0;
    for (let h = 0; h < this.heapCount; h++) {
      let head = -1;
      let tail = -1;
      for (let s = this.heapSlots[h]!; s >= 0; ) {
        const next = meta[s * STRIDE + M_NEXT]!;
        const ref = meta[s * STRIDE + M_REF]!;
        if (this.ledger.isSet(ref)) {
          this.ledger.take(ref);
          this.args[s] = undefined;
          this.freeSlots[this.freeCount++] = s;
        } else {
          if (tail < 0) head = s;
          else meta[tail * STRIDE + M_NEXT] = s;
          tail = s;
        }
        s = next;
      }
      if (head < 0) continue;
      meta[tail * STRIDE + M_NEXT] = -1;
      meta[head * STRIDE + M_TAIL] = tail;
      this.heapTimes[kept] = this.heapTimes[h]!;
      this.heapSlots[kept] = head;
      kept++;
    }
    this.heapCount = kept;
    this.tombstones = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.sift(i, this.heapTimes[i]!, this.heapSlots[i]!, kept);
    this.rehash();
  }
}
