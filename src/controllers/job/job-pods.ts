/**
 * What the Job controller reads from its pods (pkg/controller/job/job_controller.go,
 * indexed_job_utils.go, backoff_utils.go): a pod's completion index, when it finished, the lowest
 * indexes still to run, and the container restarts that count toward backoffLimit under
 * `restartPolicy: OnFailure`.
 */
import { jobCompletionIndexKey, type Job } from '../../api/batch.js';
import { findCondition, type Pod } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';

/** The pod's completion index (its annotation), or undefined when absent or not a valid index of `completions`. */
export function completionIndex(pod: Pod, completions: number | undefined): number | undefined {
  const v = pod.metadata.annotations?.[jobCompletionIndexKey];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const i = Number(v);
  return completions !== undefined && i >= completions ? undefined : i;
}

/**
 * getFinishedTime: the latest container finish when every container has terminated, else when
 * Ready turned False, else the start of its deletion (deletionTimestamp minus the grace period),
 * else its creation.
 */
export function podFinishedTime(pod: Pod): Micros {
  const statuses = pod.status.containerStatuses ?? [];
  if (statuses.length > 0 && statuses.every((c) => c.state.state === 'terminated' && c.state.finishedAt !== undefined)) {
    return Math.max(...statuses.map((c) => c.state.finishedAt as number));
  }
  const ready = findCondition(pod.status.conditions, 'Ready');
  if (ready?.status === 'False') return ready.lastTransitionTime;
  const m = pod.metadata;
  if (m.deletionTimestamp !== undefined) return m.deletionTimestamp - (m.deletionGracePeriodSeconds ?? 0) * 1e6;
  return m.creationTimestamp;
}

/** firstPendingIndexes: the `count` lowest indexes below `completions` that are neither completed nor held by an active pod. */
export function firstPendingIndexes(completions: number, completed: ReadonlySet<number>, active: ReadonlySet<number>, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!completed.has(i) && !active.has(i)) out.push(i);
  return out;
}

/**
 * pastBackoffLimitOnFailure: with `restartPolicy: OnFailure` the kubelet restarts failed
 * containers instead of failing the pod, so the restarts of the pending and running pods count:
 * the limit is reached at `backoffLimit` restarts (at the first one when the limit is 0).
 */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec.template.spec.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status.phase !== 'Running' && p.status.phase !== 'Pending') continue;
    for (const c of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) restarts += c.restartCount;
  }
  return job.spec.backoffLimit === 0 ? restarts > 0 : restarts >= job.spec.backoffLimit;
}
