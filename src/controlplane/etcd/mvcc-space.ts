/**
 * Space accounting of etcd's MVCC store on bbolt. Every write adds a revision (a create or update
 * stores the whole new value; a delete stores a tombstone); an update or delete makes the key's
 * previous version garbage once compaction passes its revision. Compaction frees those bytes
 * inside the file (`etcd_mvcc_db_total_size_in_use_in_bytes` falls) but the file keeps its size
 * (`etcd_mvcc_db_total_size_in_bytes`) until a defragmentation rewrites it (etcd docs,
 * op-guide/maintenance: "compacting ... leaves gaps in the backend database ... defragmentation
 * releases this storage space back to the file system").
 *
 * Operations carry no key identity, so a superseded version is taken to be the size of the new
 * one; the garbage created up to each revision is kept as a running sum, recorded per applied
 * batch in a bounded checkpoint table that compaction looks revisions up in.
 */

/** Bytes bbolt stores per revision besides key and value: the 17-byte revision key, the mvccpb.KeyValue fields and the page element header. */
export const revisionOverheadBytes = 64;

/** Quota cost of a put beyond its key and value (server/storage/quota.go kvOverhead). */
export const quotaKvOverhead = 256;

const MAX_CHECKPOINTS = 1 << 15;

/** Revision, in-use bytes, garbage awaiting compaction and each member's file size. */
export class MvccSpace {
  /** Current revision (etcd starts at 1). */
  revision = 1;
  /** Revision of the last compaction (0 = never compacted). */
  compactedRevision = 0;
  /** Bytes of live and not-yet-compacted data in the file. */
  inUse: number;
  /** File size per member. */
  readonly fileSize: Float64Array;
  private garbage = 0; // cumulative bytes made garbage by writes so far
  private garbageFreed = 0; // cumulative garbage released by compactions
  private revs = new Float64Array(1024);
  private sums = new Float64Array(1024);
  private n = 0;

  constructor(members: number, initialBytes: number) {
    this.inUse = initialBytes;
    this.fileSize = new Float64Array(members).fill(initialBytes);
    this.record();
  }

  /** Largest member file. */
  get maxFileSize(): number {
    let m = 0;
    for (const s of this.fileSize) if (s > m) m = s;
    return m;
  }

  /** Applies one write of `keyBytes`/`valueBytes`: a new revision, in-use growth and garbage. */
  write(operation: 'create' | 'update' | 'delete', keyBytes: number, valueBytes: number): void {
    this.revision++;
    const full = keyBytes + valueBytes + revisionOverheadBytes;
    if (operation === 'delete') {
      const tombstone = keyBytes + revisionOverheadBytes;
      this.inUse += tombstone;
      this.garbage += full + tombstone;
    } else {
      this.inUse += full;
      if (operation === 'update') this.garbage += full;
    }
  }

  /** Ends a batch of writes: files grow to hold the in-use data and the revision is checkpointed. */
  endBatch(): void {
    const fs = this.fileSize;
    for (let i = 0; i < fs.length; i++) if (fs[i]! < this.inUse) fs[i] = this.inUse;
    this.record();
  }

  /** Compacts history below `rev` (clamped to the current revision); returns the bytes freed (0 if already compacted there). */
  compact(rev: number): number {
    const target = Math.min(Math.floor(rev), this.revision);
    if (target <= this.compactedRevision) return 0;
    const sum = this.garbageAt(target);
    const freed = Math.max(0, sum - this.garbageFreed);
    this.garbageFreed = Math.max(this.garbageFreed, sum);
    this.inUse -= freed;
    this.compactedRevision = target;
    this.dropBefore(target);
    return freed;
  }

  /** A member's file after defragmentation: exactly the in-use data. */
  defragmented(member: number): void {
    this.fileSize[member] = this.inUse;
  }

  private record(): void {
    if (this.n > 0 && this.revs[this.n - 1] === this.revision) {
      this.sums[this.n - 1] = this.garbage;
      return;
    }
    if (this.n === this.revs.length) {
      if (this.n < MAX_CHECKPOINTS) {
        this.revs = grow(this.revs);
        this.sums = grow(this.sums);
      } else {
        this.thin();
      }
    }
    this.revs[this.n] = this.revision;
    this.sums[this.n] = this.garbage;
    this.n++;
  }

  /** Garbage accumulated up to revision `rev`: the latest checkpoint at or below it. */
  private garbageAt(rev: number): number {
    let lo = 0;
    let hi = this.n - 1;
    if (this.revs[0]! > rev) return this.garbageFreed;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.revs[mid]! <= rev) lo = mid;
      else hi = mid - 1;
    }
    return this.sums[lo]!;
  }

  /** Forgets checkpoints strictly below the latest one at or below `rev`. */
  private dropBefore(rev: number): void {
    let k = 0;
    while (k + 1 < this.n && this.revs[k + 1]! <= rev) k++;
    if (k === 0) return;
    this.revs.copyWithin(0, k, this.n);
    this.sums.copyWithin(0, k, this.n);
    this.n -= k;
  }

  /** Halves the table's resolution (keeps every other checkpoint and the newest). */
  private thin(): void {
    let j = 0;
    for (let i = 0; i < this.n; i += 2) {
      this.revs[j] = this.revs[i]!;
      this.sums[j] = this.sums[i]!;
      j++;
    }
    this.n = j;
  }
}

function grow(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
