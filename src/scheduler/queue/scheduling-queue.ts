/**
 * The kube-scheduler's scheduling queue (upstream PriorityQueue, pkg/scheduler/backend/queue/
 * scheduling_queue.go; pkg/scheduler/internal/queue/ before v1.32) in virtual time:
 * - activeQ: heap ordered by the profile's QueueSort `less`, FIFO among equals; pop() takes its head;
 * - backoffQ: heap ordered by backoff expiry; a 1 s flush moves expired pods to activeQ;
 * - unschedulablePods: pods rejected in their last attempt (moved out by cluster events, by a pod
 *   update, or after podMaxInUnschedulablePodsDuration by a 30 s leftover flush), plus pods
 *   gated by PreEnqueue, which stay until an update lets them pass.
 * Requeueing after a failure follows the pre-QueueingHint path (addUnschedulableWithoutQueueingHint):
 * a move request since the pod's scheduling cycle began sends it to backoffQ (moveRequestCycle).
 * Flushes are engine events on a grid anchored at t=0 and exist only while there is work: the
 * backoff flush is scheduled straight at the first tick at/after the earliest expiry (ticks in
 * between would do nothing), the leftover flush likewise; an idle queue leaves no event pending.
 */
import type { Micros, Simulation } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { QueuedPodInfo } from '../framework/queued-pod-info.js';
import type { Result } from '../framework/status.js';
import { eventMayHelp, type ClusterEvent } from './cluster-events.js';
import { KeyedHeap } from './keyed-heap.js';
import { InFlightPods } from './in-flight.js';
import { isPodUpdated } from './pod-updated.js';
import { backoffExpiry, backoffFlushPeriod, unschedulableFlushPeriod, type SchedulingQueueConfig } from './queue-config.js';
import { QueueMetrics, type PendingCounts } from './queue-metrics.js';
import { TickTimer } from './tick-timer.js';
import { UnschedulablePods } from './unschedulable-pods.js';

/** Re-exported: the cluster events moveAllToActiveOrBackoffQueue takes. */
export type { ClusterEvent } from './cluster-events.js';
/** Re-exported: the queue's settings and their upstream defaults. */
export { defaultSchedulingQueueConfig, type SchedulingQueueConfig } from './queue-config.js';

interface BackoffEntry {
  readonly qpi: QueuedPodInfo;
  readonly expiry: Micros;
}

/** Upstream's `event` label values of scheduler_queue_incoming_pods_total besides the cluster events. */
type QueueEvent = ClusterEvent | 'PodAdd' | 'PodUpdate' | 'ScheduleAttemptFailure' | 'BackoffComplete' | 'UnschedulableTimeout';

/** activeQ + backoffQ + unschedulablePods of one scheduler profile, with upstream's moves between them. */
export class SchedulingQueue {
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ = new KeyedHeap<BackoffEntry>((a, b) => a.expiry < b.expiry);
  private readonly unschedulable = new UnschedulablePods();
  private readonly inFlight = new InFlightPods();
  private cycle = 0;
  private moveRequestCycle = -1;
  private readonly listeners: (() => void)[] = [];
  private readonly backoffTimer: TickTimer;
  private readonly leftoverTimer: TickTimer;
  private closed = false;
  private readonly metrics: QueueMetrics;

  /** A queue ordered by `less`, admitting pods through `preEnqueue` (null = admit); metrics get a `profile` label when given. */
  constructor(
    private readonly sim: Simulation,
    less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean,
    private readonly preEnqueue: (pod: PodInfo) => Result,
    metrics: MetricsSink,
    private readonly config: SchedulingQueueConfig,
    profileLabel?: string,
  ) {
    this.activeQ = new KeyedHeap(less);
    this.metrics = new QueueMetrics(metrics, profileLabel);
    this.backoffTimer = new TickTimer(sim, backoffFlushPeriod, () => this.flushBackoffQCompleted());
    this.leftoverTimer = new TickTimer(sim, unschedulableFlushPeriod, () => this.flushUnschedulablePodsLeftover());
  }

  /** New unscheduled pod: activeQ if PreEnqueue admits it, else unschedulablePods as gated (upstream Add). A known key is treated as update. */
  add(pod: PodInfo): void {
    if (this.isKnown(pod.key)) return this.update(pod);
    const now = this.sim.now;
    const qpi: QueuedPodInfo = { podInfo: pod, timestamp: now, initialAttemptTimestamp: now, attempts: 0, unschedulablePlugins: new Set(), gated: false };
    this.finish(this.enterActive(qpi, 'PodAdd'));
  }

  /**
   * The pod object changed (upstream Update): stored PodInfo replaced wherever the pod is; a gated
   * pod re-runs PreEnqueue; an unschedulable pod whose spec/metadata changed (isPodUpdated)
   * moves to backoffQ/activeQ; an in-flight pod gets the new PodInfo when requeued (and goes to
   * backoffQ). An assigned pod (spec.nodeName set) is deleted; an unknown pod is ignored.
   */
  update(pod: PodInfo): void {
    const key = pod.key;
    if (pod.pod.spec.nodeName !== undefined && pod.pod.spec.nodeName !== '') return this.delete(key);
    let activated = false;
    const active = this.activeQ.get(key);
    const backoff = this.backoffQ.get(key);
    const unsched = this.unschedulable.get(key);
    if (this.inFlight.markUpdated(pod)) {
      // applied when the pod is requeued
    } else if (active !== undefined) {
      active.podInfo = pod;
      this.activeQ.fix(key);
    } else if (backoff !== undefined) {
      backoff.qpi.podInfo = pod;
    } else if (unsched !== undefined) {
      const prev = unsched.podInfo;
      unsched.podInfo = pod;
      if (unsched.gated || isPodUpdated(prev.pod, pod.pod)) activated = this.release(unsched, 'PodUpdate');
    }
    this.finish(activated);
  }

  /** Removes the pod from every queue; an in-flight pod's later requeue is dropped (upstream Delete). */
  delete(key: string): void {
    this.activeQ.remove(key);
    if (this.backoffQ.remove(key) !== undefined) this.armBackoffFlush();
    if (this.unschedulable.remove(key) !== undefined) this.armLeftoverFlush();
    this.inFlight.markDeleted(key);
    this.finish(false);
  }

  /** Removes and returns activeQ's head with attempts+1, bumping schedulingCycle; undefined when activeQ is empty (upstream Pop, non-blocking). */
  pop(): QueuedPodInfo | undefined {
    const qpi = this.activeQ.pop();
    if (qpi === undefined) return undefined;
    qpi.attempts++;
    this.cycle++;
    this.inFlight.popped(qpi);
    this.metrics.setPending(this.pendingCounts());
    return qpi;
  }

  /** Registers a listener called synchronously, once per queue operation, after it put at least one pod into activeQ. */
  onActive(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * After a failed attempt (upstream AddUnschedulableIfNotPresent without queueing hints): to
   * backoffQ if a move request came at or after `podSchedulingCycle`, if the pod was updated
   * while in flight, or if no plugin rejected it; else to unschedulablePods. Ends the in-flight state.
   */
  addUnschedulableIfNotPresent(qpi: QueuedPodInfo, podSchedulingCycle: number): void {
    const updated = this.land(qpi);
    if (updated === undefined) return;
    if (updated || this.moveRequestCycle >= podSchedulingCycle || qpi.unschedulablePlugins.size === 0) {
      this.pushBackoff(qpi, 'ScheduleAttemptFailure');
    } else {
      this.putUnschedulable(qpi, 'ScheduleAttemptFailure');
    }
    this.finish(false);
  }

  /** After an error (e.g. a failed bind): to backoffQ with a fresh timestamp. Ends the in-flight state. */
  requeueWithBackoff(qpi: QueuedPodInfo): void {
    if (this.land(qpi) === undefined) return;
    this.pushBackoff(qpi, 'ScheduleAttemptFailure');
    this.finish(false);
  }

  /** Moves unschedulable (not gated) pods that `event` may help to backoffQ (still backing off) or activeQ, and records a move request (upstream MoveAllToActiveOrBackoffQueue). */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent): void {
    let activated = false;
    for (const qpi of this.unschedulable.list()) {
      if (qpi.gated || !eventMayHelp(qpi.unschedulablePlugins, event)) continue;
      if (this.release(qpi, event)) activated = true;
    }
    this.moveRequestCycle = this.cycle;
    this.finish(activated);
  }

  /** Number of pops so far (upstream SchedulingCycle). */
  schedulingCycle(): number {
    return this.cycle;
  }

  /** The attempt of pod `key` finished (upstream Done); idempotent. */
  done(key: string): void {
    this.inFlight.done(key);
  }

  /** Current sizes: activeQ, backoffQ, unschedulablePods without gated pods, gated pods. */
  pendingCounts(): PendingCounts {
    const u = this.unschedulable;
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: u.unschedulable, gated: u.gated };
  }

  /** Cancels the flush timers and stops notifying listeners (run end). */
  close(): void {
    this.closed = true;
    this.backoffTimer.cancel();
    this.leftoverTimer.cancel();
  }

  /** flushBackoffQCompleted: every pod whose backoff expired goes to activeQ (PreEnqueue permitting). */
  private flushBackoffQCompleted(): void {
    let activated = false;
    const now = this.sim.now;
    for (let head = this.backoffQ.peek(); head !== undefined && head.expiry <= now; head = this.backoffQ.peek()) {
      this.backoffQ.pop();
      if (this.enterActive(head.qpi, 'BackoffComplete')) activated = true;
    }
    this.armBackoffFlush();
    this.finish(activated);
  }

  /** flushUnschedulablePodsLeftover: pods unschedulable for longer than podMaxInUnschedulablePodsDuration move on. */
  private flushUnschedulablePodsLeftover(): void {
    let activated = false;
    let moved = false;
    const now = this.sim.now;
    for (const qpi of this.unschedulable.list()) {
      if (qpi.gated || now - qpi.timestamp <= this.config.podMaxInUnschedulablePodsDuration) continue;
      moved = true;
      if (this.release(qpi, 'UnschedulableTimeout')) activated = true;
    }
    if (moved) this.moveRequestCycle = this.cycle; // upstream movePodsToActiveOrBackoffQueue records it too
    this.armLeftoverFlush();
    this.finish(activated);
  }

  /** Runs PreEnqueue: admitted → activeQ (true); rejected → unschedulablePods as gated (false). */
  private enterActive(qpi: QueuedPodInfo, event: QueueEvent, admitted = false): boolean {
    const status = admitted ? null : this.preEnqueue(qpi.podInfo);
    if (status !== null) {
      qpi.gated = true;
      if (status.plugin !== '') qpi.unschedulablePlugins.add(status.plugin);
      this.putUnschedulable(qpi, event);
      return false;
    }
    if (qpi.gated) qpi = this.ungated(qpi);
    this.activeQ.push(qpi.podInfo.key, qpi);
    this.metrics.incoming('active', event);
    return true;
  }

  /** Takes a pod out of unschedulablePods to backoffQ or activeQ; a gated pod only if PreEnqueue now admits it. True if it entered activeQ. */
  private release(qpi: QueuedPodInfo, event: QueueEvent): boolean {
    const wasGated = qpi.gated;
    if (wasGated && this.preEnqueue(qpi.podInfo) !== null) return false;
    this.unschedulable.remove(qpi.podInfo.key);
    if (wasGated) qpi = this.ungated(qpi);
    if (backoffExpiry(qpi, this.config) > this.sim.now) {
      this.pushBackoff(qpi, event); // upstream isPodBackingoff → backoffQ
      return false;
    }
    return this.enterActive(qpi, event, wasGated);
  }

  /** A gated pod cleared by PreEnqueue: a fresh record (first attempt timestamp = now if never tried, as upstream moveToActiveQ). */
  private ungated(qpi: QueuedPodInfo): QueuedPodInfo {
    const first = qpi.attempts === 0 ? this.sim.now : qpi.initialAttemptTimestamp;
    return { ...qpi, gated: false, unschedulablePlugins: new Set(), initialAttemptTimestamp: first };
  }

  /** Common part of requeues: ends in-flight state; undefined if the pod must be dropped (deleted, or already queued); else whether it was updated in flight. */
  private land(qpi: QueuedPodInfo): boolean | undefined {
    const updated = this.inFlight.land(qpi);
    if (updated === undefined || this.isQueued(qpi.podInfo.key)) return undefined;
    qpi.timestamp = this.sim.now; // upstream: "Refresh the timestamp since the pod is re-added."
    qpi.gated = false;
    return updated;
  }

  private pushBackoff(qpi: QueuedPodInfo, event: QueueEvent): void {
    this.backoffQ.push(qpi.podInfo.key, { qpi, expiry: backoffExpiry(qpi, this.config) });
    this.metrics.incoming('backoff', event);
    this.armBackoffFlush();
  }

  private putUnschedulable(qpi: QueuedPodInfo, event: QueueEvent): void {
    if (this.unschedulable.add(qpi)) this.metrics.incoming('unschedulable', event);
    this.armLeftoverFlush();
  }

  /** Arms the backoff flush for the first 1 s tick at/after the earliest expiry; cancels it when backoffQ is empty. */
  private armBackoffFlush(): void {
    const head = this.backoffQ.peek();
    if (head === undefined || this.closed) this.backoffTimer.cancel();
    else this.backoffTimer.armFor(head.expiry);
  }

  /** Arms the leftover flush for the first 30 s tick at which the oldest non-gated unschedulable pod is overdue; cancels it when there is none. */
  private armLeftoverFlush(): void {
    if (this.unschedulable.unschedulable === 0 || this.closed) return this.leftoverTimer.cancel();
    if (this.leftoverTimer.pending) return; // the tick rescans and re-arms; pods added later are younger
    const oldest = this.unschedulable.oldestUngatedTimestamp();
    this.leftoverTimer.armFor(oldest + this.config.podMaxInUnschedulablePodsDuration + 1); // overdue when now - timestamp > max
  }

  private isQueued(key: string): boolean {
    return this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key);
  }

  private isKnown(key: string): boolean {
    return this.isQueued(key) || this.inFlight.has(key);
  }

  /** Ends a public operation: gauges, then listeners if a pod entered activeQ. */
  private finish(activated: boolean): void {
    this.metrics.setPending(this.pendingCounts());
    if (!activated || this.closed) return;
    for (const l of this.listeners) l();
  }
}
