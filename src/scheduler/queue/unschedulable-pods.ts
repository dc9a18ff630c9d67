/** unschedulablePods (upstream backend/queue/unschedulable_pods.go): pods rejected in their last attempt and pods gated by PreEnqueue. */
import type { Micros } from '../../engine/simulation.js';
import type { QueuedPodInfo } from '../framework/queued-pod-info.js';

/** Pods by key in insertion order (deterministic iteration), counting gated ones separately. */
export class UnschedulablePods {
  private readonly pods = new Map<string, QueuedPodInfo>();
  private gatedCount = 0;

  /** Pods not gated. */
  get unschedulable(): number {
    return this.pods.size - this.gatedCount;
  }

  /** Pods gated by PreEnqueue. */
  get gated(): number {
    return this.gatedCount;
  }

  /** The pod under `key`, if any. */
  get(key: string): QueuedPodInfo | undefined {
    return this.pods.get(key);
  }

  /** True when `key` is held. */
  has(key: string): boolean {
    return this.pods.has(key);
  }

  /** Adds `qpi` (replacing any entry of its key); true if the key was new. */
  add(qpi: QueuedPodInfo): boolean {
    const key = qpi.podInfo.key;
    const isNew = this.remove(key) === undefined;
    this.pods.set(key, qpi);
    if (qpi.gated) this.gatedCount++;
    return isNew;
  }

  /** Removes and returns the entry under `key`. */
  remove(key: string): QueuedPodInfo | undefined {
    const qpi = this.pods.get(key);
    if (qpi === undefined) return undefined;
    this.pods.delete(key);
    if (qpi.gated) this.gatedCount--;
    return qpi;
  }

  /** A snapshot of the pods in insertion order (safe to mutate the set while iterating it). */
  list(): QueuedPodInfo[] {
    return [...this.pods.values()];
  }

  /** The earliest timestamp of a pod that is not gated (Infinity if none). */
  oldestUngatedTimestamp(): Micros {
    let oldest = Infinity;
    for (const qpi of this.pods.values()) if (!qpi.gated && qpi.timestamp < oldest) oldest = qpi.timestamp;
    return oldest;
  }
}
