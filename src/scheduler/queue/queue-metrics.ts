/** The scheduling queue's metrics, named as upstream pkg/scheduler/metrics: pending pods per queue and incoming pods per (queue, event). */
import type { Counter, Gauge, MetricsSink } from '../../metrics/sink.js';

/** Queues a pod can enter, as the `queue` label of scheduler_queue_incoming_pods_total. */
export type IncomingQueue = 'active' | 'backoff' | 'unschedulable';

/** Sizes reported by scheduler_pending_pods{queue}. */
export interface PendingCounts {
  active: number;
  backoff: number;
  unschedulable: number;
  gated: number;
}

/** Sampled gauges scheduler_pending_pods{queue} and counters scheduler_queue_incoming_pods_total{queue,event}, with an optional `profile` label. */
export class QueueMetrics {
  private readonly labels: Readonly<Record<string, string>>;
  private readonly pending: Readonly<Record<keyof PendingCounts, Gauge>>;
  private readonly counters = new Map<string, Counter>();

  /** Creates the gauges in `sink` (sampled), labelled `profile` when `profileLabel` is given. */
  constructor(private readonly sink: MetricsSink, profileLabel?: string) {
    this.labels = profileLabel === undefined ? {} : { profile: profileLabel };
    const g = (queue: keyof PendingCounts): Gauge => sink.gauge('scheduler_pending_pods', { ...this.labels, queue }, true);
    this.pending = { active: g('active'), backoff: g('backoff'), unschedulable: g('unschedulable'), gated: g('gated') };
  }

  /** Counts one pod entering `queue` because of `event`. */
  incoming(queue: IncomingQueue, event: string): void {
    const id = `${queue}\u0000${event}`;
    let c = this.counters.get(id);
    if (c === undefined) {
      c = this.sink.counter('scheduler_queue_incoming_pods_total', { ...this.labels, queue, event });
      this.counters.set(id, c);
    }
    c.inc();
  }

  /** Sets the pending-pods gauges. */
  setPending(c: PendingCounts): void {
    this.pending.active.set(c.active);
    this.pending.backoff.set(c.backoff);
    this.pending.unschedulable.set(c.unschedulable);
    this.pending.gated.set(c.gated);
  }
}
