// Ledger of finished sequence numbers for the event queue: one bit per
// sequence number, set when its event is popped or cancelled, so "is this
// handle still pending?" needs no scan. Bits live in pages of 1024 inside one
// pooled Int32Array; a page is recycled once every sequence number in it was
// released (popped, or dropped as a cancelled tombstone), so memory follows
// the pending events rather than the total number ever scheduled. Queue slots
// keep a packed ref (pool page << 10 | low bits) so the hot path does no
// page lookup.

const PAGE_BITS = 1024;
const COUNT = PAGE_BITS >>> 5; // word holding the number of sequence numbers not yet released
const PAGE_STRIDE = COUNT + 1;
const MAX_PAGES = 1 << 21; // refs pack (pool page << 10) | (seq & 1023) into a positive int32

/** Per-sequence-number "finished" bits (popped or cancelled) for EventQueue, in pages recycled once all their entries left the queue. */
export class SeqLedger {
  private bits = new Int32Array(PAGE_STRIDE * 16);
  private freePool: number[] = [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
  private pageOfPool: number[] = [];
  private poolOfPage: number[] = []; // page number - base -> pool page, -1 once recycled
  private base = 0;
  private leadingFree = 0;
  private current = 0;

  /** Registers the next sequence number (call for every one, in order); returns its ref. */
  open(seq: number): number {
    if ((seq & (PAGE_BITS - 1)) === 0) this.openPage(seq);
    return (this.current << 10) | (seq & (PAGE_BITS - 1));
  }

  /** True if the bit behind ref is set (the sequence number was popped or cancelled). */
  isSet(ref: number): boolean {
    return (this.bits[(ref >>> 10) * PAGE_STRIDE + ((ref & 1023) >>> 5)]! & (1 << (ref & 31))) !== 0;
  }

  /** Releases ref as its entry leaves the queue and sets its bit; returns false if the bit was already set. */
  take(ref: number): boolean {
    const bits = this.bits;
    const off = (ref >>> 10) * PAGE_STRIDE;
    const w = off + ((ref & 1023) >>> 5);
    const word = bits[w]!;
    const bit = 1 << (ref & 31);
    bits[w] = word | bit;
    const left = bits[off + COUNT]! - 1;
    bits[off + COUNT] = left;
    if (left === 0) this.recycle(ref >>> 10);
    return (word & bit) === 0;
  }

  /** The sequence number behind a ref that has not been released yet. */
  seqOf(ref: number): number {
    return this.pageOfPool[ref >>> 10]! * PAGE_BITS + (ref & (PAGE_BITS - 1));
  }

  /** True if seq (below the next sequence number) was popped or cancelled. */
  isFinished(seq: number): boolean {
    const pool = this.poolOfPage[Math.floor(seq / PAGE_BITS) - this.base] ?? -1;
    return pool < 0 || this.isSet((pool << 10) | (seq & (PAGE_BITS - 1)));
  }

  /** Sets the bit of a pending seq without releasing it (its entry stays in the queue as a tombstone). */
  cancel(seq: number): void {
    const pool = this.poolOfPage[Math.floor(seq / PAGE_BITS) - this.base]!;
    this.bits[pool * PAGE_STRIDE + ((seq & 1023) >>> 5)]! |= 1 << (seq & 31);
  }

  private openPage(seq: number): void {
    let pool = this.freePool.pop();
    if (pool === undefined) {
      const pages = this.bits.length / PAGE_STRIDE;
      if (pages >= MAX_PAGES) throw new RangeError('EventQueue: too many pending sequence-number pages');
      const bits = new Int32Array(this.bits.length * 2);
      bits.set(this.bits);
      this.bits = bits;
      for (let p = pages * 2 - 1; p > pages; p--) this.freePool.push(p);
      pool = pages;
    }
    const off = pool * PAGE_STRIDE;
    this.bits.fill(0, off, off + COUNT);
    this.bits[off + COUNT] = PAGE_BITS;
    this.pageOfPool[pool] = Math.floor(seq / PAGE_BITS);
    this.poolOfPage.push(pool);
    this.current = pool;
  }

  private recycle(pool: number): void {
    const pages = this.poolOfPage;
    pages[this.pageOfPool[pool]! - this.base] = -1;
    this.freePool.push(pool);
    let lead = this.leadingFree;
    while (lead < pages.length && pages[lead] === -1) lead++;
    if (lead >= 64 && lead * 2 > pages.length) {
      pages.splice(0, lead);
      this.base += lead;
      lead = 0;
    }
    this.leadingFree = lead;
  }
}
