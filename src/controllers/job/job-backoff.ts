/**
 * The Job controller's pod failure backoff (pkg/controller/job/backoff_utils.go): a record per Job
 * of the failures since the last success and when the last one finished; a replacement pod is
 * created only once DefaultJobPodFailureBackOff (10 s) doubled for each further failure, capped at
 * MaxJobPodFailureBackOff (10 min), has passed since that failure. A success resets the count to
 * the failures that finished after it.
 */
import type { Micros } from '../../engine/simulation.js';

/** DefaultJobPodFailureBackOff: 10 s (µs). */
export const defaultJobPodFailureBackOff: Micros = 10_000_000;
/** MaxJobPodFailureBackOff: 10 min (µs). */
export const maxJobPodFailureBackOff: Micros = 600_000_000;

/** backoffRecord: failures after the last success and the finish time of the latest of them. */
export interface BackoffRecord {
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureTime: Micros | undefined;
}

/** The record of a Job that has seen no failure. */
export const noBackoff: BackoffRecord = { failuresAfterLastSuccess: 0, lastFailureTime: undefined };

/** newBackoffRecord: `old` updated with the finish times of pods newly counted as succeeded and failed. */
export function nextBackoffRecord(old: BackoffRecord, succeededAt: readonly Micros[], failedAt: readonly Micros[]): BackoffRecord {
  const failed = [...failedAt].sort((a, b) => a - b);
  if (succeededAt.length === 0) {
    if (failed.length === 0) return old;
    return { failuresAfterLastSuccess: old.failuresAfterLastSuccess + failed.length, lastFailureTime: failed[failed.length - 1] };
  }
  const lastSuccess = Math.max(...succeededAt);
  const after = failed.filter((t) => t > lastSuccess);
  return { failuresAfterLastSuccess: after.length, lastFailureTime: after.length === 0 ? undefined : after[after.length - 1] };
}

/** The backoff for `failures` consecutive failures: 10 s, 20 s, 40 s, ... capped at 10 min (0 for none). */
export function backoffDuration(failures: number, base: Micros = defaultJobPodFailureBackOff, cap: Micros = maxJobPodFailureBackOff): Micros {
  if (failures <= 0) return 0;
  let d = base;
  for (let i = 1; i < failures; i++) {
    d *= 2;
    if (d >= cap) return cap;
  }
  return d;
}

/** getRemainingTime: how long from `now` until a replacement may be created (0: at once). */
export function remainingBackoff(record: BackoffRecord, now: Micros): Micros {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  const elapsed = now - record.lastFailureTime;
  const d = backoffDuration(record.failuresAfterLastSuccess);
  return d < elapsed ? 0 : d - elapsed;
}
