// Event queue: a struct-of-arrays binary min-heap of time buckets.
//
// Events live in slots (Int32Array of handler id, next slot, tail slot, ledger
// ref; plain array of args). Pending events with the same time are chained in
// FIFO buckets, so equal times pop in push order without comparing sequence
// numbers; the heap (Float64Array times + Int32Array head slots) orders buckets
// by time alone. A push finds the newest bucket of its time through a small
// direct-mapped cache on the time's low bits (a hit is an O(1) append); a miss
// starts a new bucket, so a time may own several buckets, whose sequence ranges
// never interleave and which are merged in order when that time reaches the
// root. Cancellation is lazy: the ledger (seq-ledger.ts) marks popped and
// cancelled sequence numbers; a popped event already marked is a tombstone and
// is skipped, and tombstones beyond half of the stored events trigger a
// compaction, so memory stays bounded.

import { SeqLedger } from './seq-ledger.js';

const MIN_COMPACT = 64;
const CACHE_SIZE = 8192; // power of two
// meta layout per slot: [handler, next slot in bucket or -1, tail slot (bucket heads only), ledger ref]
const M_HANDLER = 0;
const M_NEXT = 1;
const M_TAIL = 2;
const M_REF = 3;

function grown<A extends Int32Array | Float64Array>(a: A, length: number): A {
  const b = new (a.constructor as new (n: number) => A)(length);
  b.set(a);
  return b;
}

/** Priority queue of (time, handler id, arg) entries popped in (time, push order); sequence numbers double as cancel handles. */
export class EventQueue {
  // Every field gets its final type at declaration (monomorphic field types keep the hot paths fast).
  private meta = new Int32Array(0);
  private args: unknown[] = [];
  private freeSlots = new Int32Array(0);
  private freeCount = 0;
  private capacity = 0;
  private tombstones = 0;
  private nextSeq = 0;
  private heapTimes = new Float64Array(0);
  private heapSlots = new Int32Array(0);
  private heapCount = 0;
  private readonly cacheTimes = new Float64Array(CACHE_SIZE).fill(-1); // -1: empty (times are >= 0)
  private readonly cacheSlots = new Int32Array(CACHE_SIZE); // head slot of the newest bucket of that time
  private mergeBuf = new Int32Array(16);
  private readonly ledger = new SeqLedger();

  /** Time of the entry returned by the last successful pop(). */
  poppedTime = 0;
  /** Argument of the entry returned by the last successful pop(). */
  poppedArg: unknown = undefined;

  /** Creates an empty queue; initialCapacity is a sizing hint (storage grows by doubling). */
  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, 1 << Math.ceil(Math.log2(Math.max(1, initialCapacity))));
    this.capacity = cap;
    this.meta = new Int32Array(4 * cap);
    this.args = new Array<unknown>(cap).fill(undefined);
    this.freeSlots = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.freeSlots[i] = cap - 1 - i;
    this.freeCount = cap;
    this.heapTimes = new Float64Array(cap);
    this.heapSlots = new Int32Array(cap);
  }

  /** Number of live (not cancelled) entries. */
  get size(): number {
    return this.capacity - this.freeCount - this.tombstones;
  }

  /** Number of stored entries including cancelled tombstones (at most about twice size, or a small constant). */
  get physicalSize(): number {
    return this.capacity - this.freeCount;
  }

  /** Adds an entry; the caller guarantees time is an integer >= 0. Returns its sequence number. */
  push(time: number, handler: number, arg: unknown): number {
    const seq = this.nextSeq++;
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount]!;
    const meta = this.meta;
    const m = slot << 2;
    this.args[slot] = arg;
    meta[m + M_HANDLER] = handler;
    meta[m + M_NEXT] = -1;
    meta[m + M_REF] = this.ledger.open(seq);
    const c = (time >>> 0) & (CACHE_SIZE - 1);
    if (this.cacheTimes[c] === time) {
      const head = this.cacheSlots[c]! << 2; // append to the newest bucket of this time
      meta[(meta[head + M_TAIL]! << 2) + M_NEXT] = slot;
      meta[head + M_TAIL] = slot;
      return seq;
    }
    this.cacheTimes[c] = time;
    this.cacheSlots[c] = slot;
    meta[m + M_TAIL] = slot;
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
    return seq;
  }

  /** Removes the first live entry with time <= limit; returns its handler id (time/arg in poppedTime/poppedArg), or -1 if none. */
  pop(limit: number): number {
    while (this.heapCount > 0) {
      const t = this.heapTimes[0]!;
      if (t > limit) return -1;
      const slot = this.takeFirst(t);
      const m = slot << 2;
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
      const t = this.heapTimes[0]!;
      this.mergeIfShared(t);
      const ref = this.meta[(this.heapSlots[0]! << 2) + M_REF]!;
      if (!this.ledger.isSet(ref)) return t;
      this.args[this.takeFirst(t)] = undefined;
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
    if (this.tombstones >= MIN_COMPACT && this.tombstones * 2 > this.physicalSize) this.compact();
    return true;
  }

  /** Unlinks and frees the first slot of the root bucket (time t), dropping the bucket when it empties. */
  private takeFirst(t: number): number {
    this.mergeIfShared(t);
    const meta = this.meta;
    const slot = this.heapSlots[0]!;
    const m = slot << 2;
    const next = meta[m + M_NEXT]!;
    const c = (t >>> 0) & (CACHE_SIZE - 1);
    const cached = this.cacheSlots[c] === slot && this.cacheTimes[c] === t;
    if (next < 0) {
      if (cached) this.cacheTimes[c] = -1;
      const last = --this.heapCount;
      this.sift(0, this.heapTimes[last]!, this.heapSlots[last]!, last);
    } else {
      meta[(next << 2) + M_TAIL] = meta[m + M_TAIL]!;
      this.heapSlots[0] = next;
      if (cached) this.cacheSlots[c] = next;
    }
    this.freeSlots[this.freeCount++] = slot;
    return slot;
  }

  /** If other buckets share the root's time t, chains them all into one bucket in sequence order at the root. */
  private mergeIfShared(t: number): void {
    const times = this.heapTimes;
    const n = this.heapCount;
    if (!((n > 1 && times[1] === t) || (n > 2 && times[2] === t))) return;
    let k = 0;
    while (this.heapCount > 0 && times[0] === t) {
      if (k === this.mergeBuf.length) this.mergeBuf = grown(this.mergeBuf, 2 * k);
      this.mergeBuf[k++] = this.heapSlots[0]!;
      const last = --this.heapCount;
      this.sift(0, times[last]!, this.heapSlots[last]!, last);
    }
    const heads = this.mergeBuf;
    this.sortBySeq(k);
    const meta = this.meta;
    const first = heads[0]!;
    for (let i = 1; i < k; i++) meta[(meta[(heads[i - 1]! << 2) + M_TAIL]! << 2) + M_NEXT] = heads[i]!;
    meta[(first << 2) + M_TAIL] = meta[(heads[k - 1]! << 2) + M_TAIL]!;
    const c = (t >>> 0) & (CACHE_SIZE - 1);
    if (this.cacheTimes[c] === t) this.cacheSlots[c] = first;
    // t is the minimum: the merged bucket goes back in at the root
    for (let i = this.heapCount++; i > 0; ) {
      const p = (i - 1) >> 1;
      times[i] = times[p]!;
      this.heapSlots[i] = this.heapSlots[p]!;
      i = p;
    }
    times[0] = t;
    this.heapSlots[0] = first;
  }

  /** Sorts the first k head slots in mergeBuf by sequence number (insertion sort: k is almost always 2). */
  private sortBySeq(k: number): void {
    const heads = this.mergeBuf;
    const seqs = new Float64Array(k);
    for (let i = 0; i < k; i++) seqs[i] = this.ledger.seqOf(this.meta[(heads[i]! << 2) + M_REF]!);
    for (let i = 1; i < k; i++) {
      const h = heads[i]!;
      const s = seqs[i]!;
      let j = i - 1;
      for (; j >= 0 && seqs[j]! > s; j--) {
        heads[j + 1] = heads[j]!;
        seqs[j + 1] = seqs[j]!;
      }
      heads[j + 1] = h;
      seqs[j + 1] = s;
    }
  }

  /** Places (time, slot) at the hole i and sifts it down within the first n heap entries. */
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
    this.meta = grown(this.meta, 4 * cap);
    this.heapTimes = grown(this.heapTimes, cap);
    this.heapSlots = grown(this.heapSlots, cap);
    this.freeSlots = grown(this.freeSlots, cap);
    for (let s = cap - 1; s >= old; s--) this.freeSlots[this.freeCount++] = s;
    for (let s = old; s < cap; s++) this.args.push(undefined);
    this.capacity = cap;
  }

  /** Unlinks every cancelled event, drops empty buckets, rebuilds the heap and forgets the cache. */
  private compact(): void {
    const meta = this.meta;
    let kept = 0;
    for (let h = 0; h < this.heapCount; h++) {
      let head = -1;
      let tail = -1;
      for (let s = this.heapSlots[h]!; s >= 0; ) {
        const next = meta[(s << 2) + M_NEXT]!;
        const ref = meta[(s << 2) + M_REF]!;
        if (this.ledger.isSet(ref)) {
          this.ledger.take(ref);
          this.args[s] = undefined;
          this.freeSlots[this.freeCount++] = s;
        } else {
          if (tail < 0) head = s;
          else meta[(tail << 2) + M_NEXT] = s;
          tail = s;
        }
        s = next;
      }
      if (head < 0) continue;
      meta[(tail << 2) + M_NEXT] = -1;
      meta[(head << 2) + M_TAIL] = tail;
      this.heapTimes[kept] = this.heapTimes[h]!;
      this.heapSlots[kept] = head;
      kept++;
    }
    this.heapCount = kept;
    this.tombstones = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.sift(i, this.heapTimes[i]!, this.heapSlots[i]!, kept);
    this.cacheTimes.fill(-1); // later pushes start new buckets; merging keeps them in order
  }
}
