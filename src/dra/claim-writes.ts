/**
 * The scheduler's own writes of ResourceClaim status (upstream's claim assume cache,
 * AssumeClaimAfterAPICall): the claims as its writes returned them, newer than the informer's
 * until the watch catches up; the pods being added to a claim's `reservedFor` by writes not
 * answered yet; and one status write per claim at a time, each built on the last one's result,
 * so pods sharing a claim keep each other's reservations.
 */
import { objectKey } from '../api/objects.js';
import type { ResourceClaim, ResourceClaimConsumerReference } from './resource-api.js';

/** Claim writes of one scheduler. */
export class ClaimWrites {
  private readonly assumed = new Map<string, ResourceClaim>();
  private readonly reserving = new Map<string, Map<string, ResourceClaimConsumerReference>>();
  private readonly queues = new Map<string, (() => void)[]>();

  /** `seen` (the informer's claim) or this scheduler's newer write of it. */
  newest(seen: ResourceClaim | undefined): ResourceClaim | undefined {
    if (seen === undefined) return undefined;
    const mine = this.assumed.get(objectKey(seen.metadata));
    return mine !== undefined && mine.metadata.resourceVersion > seen.metadata.resourceVersion ? mine : seen;
  }

  /** Records the claim an API write returned. */
  assume(claim: ResourceClaim): void {
    this.assumed.set(objectKey(claim.metadata), claim);
  }

  /** The informer has caught up with `claim`: an older own write is dropped. */
  seen(claim: ResourceClaim): void {
    const key = objectKey(claim.metadata);
    const mine = this.assumed.get(key);
    if (mine !== undefined && mine.metadata.resourceVersion <= claim.metadata.resourceVersion) this.assumed.delete(key);
  }

  /** The claim is gone. */
  forget(key: string): void {
    this.assumed.delete(key);
  }

  /** Pods being added to claim `key`'s reservedFor by writes not answered yet. */
  pendingReservations(key: string): readonly ResourceClaimConsumerReference[] {
    return [...(this.reserving.get(key)?.values() ?? [])];
  }

  /** Marks `ref` as being reserved on claim `key` (true) or done with (false). */
  setReserving(key: string, ref: ResourceClaimConsumerReference, on: boolean): void {
    let m = this.reserving.get(key);
    if (on) {
      if (m === undefined) this.reserving.set(key, (m = new Map()));
      m.set(ref.uid, ref);
    } else if (m !== undefined) {
      m.delete(ref.uid);
      if (m.size === 0) this.reserving.delete(key);
    }
  }

  /** Runs `write` for claim `key` once earlier writes to it have been answered; `write` calls its argument when its own answer has arrived. */
  serialize(key: string, write: (finished: () => void) => void): void {
    const queue = this.queues.get(key);
    if (queue !== undefined) {
      queue.push(() => write(() => this.next(key)));
      return;
    }
    this.queues.set(key, []);
    write(() => this.next(key));
  }

  private next(key: string): void {
    const next = this.queues.get(key)?.shift();
    if (next === undefined) this.queues.delete(key);
    else next();
  }
}
