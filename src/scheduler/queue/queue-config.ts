/** Scheduling queue settings (KubeSchedulerConfiguration podInitialBackoffSeconds etc.) and the backoff formula. */
import type { Micros } from '../../engine/simulation.js';
import type { QueuedPodInfo } from '../framework/queued-pod-info.js';

/** Backoff and leftover-flush durations of a SchedulingQueue, in µs. */
export interface SchedulingQueueConfig {
  readonly podInitialBackoff: Micros;
  readonly podMaxBackoff: Micros;
  readonly podMaxInUnschedulablePodsDuration: Micros;
}

/** Upstream defaults: 1 s initial backoff, 10 s max backoff, 5 min max in unschedulablePods. */
export const defaultSchedulingQueueConfig: SchedulingQueueConfig = {
  podInitialBackoff: 1_000_000,
  podMaxBackoff: 10_000_000,
  podMaxInUnschedulablePodsDuration: 300_000_000,
};

/** Period of the backoffQ flush (upstream flushBackoffQCompleted runs every 1 s). */
export const backoffFlushPeriod: Micros = 1_000_000;

/** Period of the unschedulablePods leftover flush (upstream flushUnschedulablePodsLeftover runs every 30 s). */
export const unschedulableFlushPeriod: Micros = 30_000_000;

// Upstream calculateBackoffDuration (backend/queue/backoff_queue.go): doubling from the initial
// backoff per attempt after the first, capped; a pod never attempted has no backoff.
/** Backoff after `attempts` attempts: podInitialBackoff · 2^(attempts−1) capped at podMaxBackoff; 0 for 0 attempts. */
export function calculateBackoffDuration(attempts: number, config: SchedulingQueueConfig): Micros {
  if (attempts <= 0) return 0;
  let d = config.podInitialBackoff;
  for (let i = 1; i < attempts; i++) {
    if (d > config.podMaxBackoff - d) return config.podMaxBackoff; // doubling would pass the cap
    d += d;
  }
  return Math.min(d, config.podMaxBackoff);
}

/** When the pod's backoff ends: its (re)queue timestamp plus its backoff duration (upstream calculateBackoffTime). */
export function backoffExpiry(qpi: QueuedPodInfo, config: SchedulingQueueConfig): Micros {
  return qpi.timestamp + calculateBackoffDuration(qpi.attempts, config);
}
