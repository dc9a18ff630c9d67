/**
 * Pods popped and not yet finished (upstream activeQueue's inFlightPods, used here only for
 * bookkeeping): a pod deleted while in flight must not be requeued, and an update that arrives
 * while it is in flight is applied when it is requeued (upstream's handleSchedulingFailure
 * requeues the informer's latest version). Marks are kept per QueuedPodInfo object, so they hold
 * whether the loop calls done() before or after requeueing.
 */
import type { PodInfo } from '../framework/pod-info.js';
import type { QueuedPodInfo } from '../framework/queued-pod-info.js';
import { isPodUpdated } from './pod-updated.js';

/** In-flight pods by key, with deletion and update marks. */
export class InFlightPods {
  private readonly pods = new Map<string, QueuedPodInfo>();
  private readonly deleted = new WeakSet<QueuedPodInfo>();
  private readonly updated = new WeakMap<QueuedPodInfo, PodInfo>();

  /** Number of pods in flight. */
  get size(): number {
    return this.pods.size;
  }

  /** Records a popped pod. */
  popped(qpi: QueuedPodInfo): void {
    this.pods.set(qpi.podInfo.key, qpi);
  }

  /** True when `key` is in flight. */
  has(key: string): boolean {
    return this.pods.has(key);
  }

  /** Ends the in-flight state of `key` (idempotent). */
  done(key: string): void {
    this.pods.delete(key);
  }

  /** The pod was deleted: ends its in-flight state and marks it so its requeue is dropped; false if not in flight. */
  markDeleted(key: string): boolean {
    const qpi = this.pods.get(key);
    if (qpi === undefined) return false;
    this.deleted.add(qpi);
    this.pods.delete(key);
    return true;
  }

  /** The pod object changed: keeps the latest PodInfo for the requeue; false if not in flight. */
  markUpdated(pod: PodInfo): boolean {
    const qpi = this.pods.get(pod.key);
    if (qpi === undefined) return false;
    this.updated.set(qpi, pod);
    return true;
  }

  /**
   * A popped pod comes back: ends its in-flight state; undefined if it was deleted meanwhile;
   * else applies a pending update to qpi.podInfo and returns whether it changed the pod (isPodUpdated).
   */
  land(qpi: QueuedPodInfo): boolean | undefined {
    const key = qpi.podInfo.key;
    if (this.pods.get(key) === qpi) this.pods.delete(key);
    if (this.deleted.has(qpi)) return undefined;
    const latest = this.updated.get(qpi);
    if (latest === undefined) return false;
    this.updated.delete(qpi);
    const changed = isPodUpdated(qpi.podInfo.pod, latest.pod);
    qpi.podInfo = latest;
    return changed;
  }
}
