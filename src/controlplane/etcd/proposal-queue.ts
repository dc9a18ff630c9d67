/**
 * Proposals waiting for the leader's raft loop: one FIFO lane per member the client is connected
 * to (a follower forwards its clients' proposals over its own peer stream, in order), plus the
 * proposals of batches a deposed leader never applied, which the next leader takes first.
 */
import type { Micros } from '../../engine/simulation.js';
import type { EtcdFailure, EtcdOperation } from './etcd-backend.js';

/** One write on its way through the cluster. */
export interface Proposal {
  readonly op: EtcdOperation<unknown>;
  /** Member the client sent it to. */
  readonly origin: number;
  readonly submitAt: Micros;
  /** When it reaches the leader's raft loop. */
  readyAt: Micros;
  readonly keyBytes: number;
  /** Set at apply time. */
  result: unknown;
  failure: EtcdFailure | undefined;
}

/** Per-origin FIFO lanes of pending proposals with O(1) amortised push/take. */
export class ProposalQueue {
  private readonly lanes: Proposal[][];
  private readonly heads: number[];
  private requeued: Proposal[] = [];
  /** Proposals queued (lanes and requeued). */
  size = 0;

  constructor(members: number) {
    this.lanes = Array.from({ length: members }, () => []);
    this.heads = new Array<number>(members).fill(0);
  }

  /** Appends `p` to its origin's lane; its readyAt is raised to keep the lane in order. */
  push(p: Proposal): void {
    const lane = this.lanes[p.origin]!;
    const last = lane[lane.length - 1];
    if (last !== undefined && lane.length > this.heads[p.origin]! && last.readyAt > p.readyAt) p.readyAt = last.readyAt;
    lane.push(p);
    this.size++;
  }

  /** Puts proposals of an abandoned batch (in log order) ahead of everything else. */
  requeue(ps: readonly Proposal[], now: Micros): void {
    for (const p of ps) {
      p.readyAt = now;
      this.requeued.push(p);
    }
    this.size += ps.length;
  }

  /** Moves proposals ready by `now` into `out` in arrival order (requeued first), at most `max` (0 = all); returns how many. */
  take(now: Micros, max: number, out: Proposal[]): number {
    const limit = max > 0 ? max : Infinity;
    let taken = 0;
    if (this.requeued.length > 0) {
      const rq = this.requeued;
      const k = Math.min(rq.length, limit);
      for (let i = 0; i < k; i++) out.push(rq[i]!);
      this.requeued = k === rq.length ? [] : rq.slice(k);
      taken = k;
    }
    const lanes = this.lanes;
    const heads = this.heads;
    while (taken < limit) {
      let best = -1;
      let bestAt = Infinity;
      for (let i = 0; i < lanes.length; i++) {
        const p = lanes[i]![heads[i]!];
        if (p !== undefined && p.readyAt <= now && p.readyAt < bestAt) {
          best = i;
          bestAt = p.readyAt;
        }
      }
      if (best < 0) break;
      out.push(lanes[best]![heads[best]!]!);
      heads[best]!++;
      taken++;
      this.compact(best);
    }
    this.size -= taken;
    return taken;
  }

  /** Earliest readyAt among queued proposals (Infinity if none). */
  nextReadyAt(): Micros {
    if (this.requeued.length > 0) return this.requeued[0]!.readyAt;
    let t = Infinity;
    for (let i = 0; i < this.lanes.length; i++) {
      const p = this.lanes[i]![this.heads[i]!];
      if (p !== undefined && p.readyAt < t) t = p.readyAt;
    }
    return t;
  }

  /** Earliest submit time among queued proposals (Infinity if none). */
  earliestSubmit(): Micros {
    let t = Infinity;
    for (const p of this.requeued) if (p.submitAt < t) t = p.submitAt;
    for (let i = 0; i < this.lanes.length; i++) {
      const p = this.lanes[i]![this.heads[i]!];
      if (p !== undefined && p.submitAt < t) t = p.submitAt;
    }
    return t;
  }

  /** Removes every proposal submitted at or before `cutoff` into `out` (lanes are FIFO by submit time). */
  expire(cutoff: Micros, out: Proposal[]): void {
    if (this.requeued.length > 0) {
      const keep: Proposal[] = [];
      for (const p of this.requeued) (p.submitAt <= cutoff ? out : keep).push(p);
      this.size -= this.requeued.length - keep.length;
      this.requeued = keep;
    }
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[i]!;
      let h = this.heads[i]!;
      while (h < lane.length && lane[h]!.submitAt <= cutoff) {
        out.push(lane[h]!);
        h++;
        this.size--;
      }
      this.heads[i] = h;
      this.compact(i);
    }
  }

  private compact(i: number): void {
    const lane = this.lanes[i]!;
    const h = this.heads[i]!;
    if (h === lane.length) {
      lane.length = 0;
      this.heads[i] = 0;
    } else if (h >= 1024 && h * 2 >= lane.length) {
      lane.splice(0, h);
      this.heads[i] = 0;
    }
  }
}
