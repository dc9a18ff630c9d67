/**
 * Pod states the workload controllers count (k8s.io/kubernetes/pkg/api/v1/pod/util.go and
 * pkg/controller/controller_utils.go): active, ready, and available — ready for at least
 * minReadySeconds.
 */
import { findCondition, type Pod } from '../api/objects.js';
import type { Micros } from '../engine/simulation.js';

/** Neither finished (Succeeded or Failed) nor being deleted gracefully (IsPodActive: a terminating pod is already replaced). */
export function isPodActive(pod: Pod): boolean {
  return pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}

/** The Ready condition is True (IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return findCondition(pod.status.conditions, 'Ready')?.status === 'True';
}

/** When the pod became ready, if it is. */
export function readySince(pod: Pod): Micros | undefined {
  const c = findCondition(pod.status.conditions, 'Ready');
  return c?.status === 'True' ? c.lastTransitionTime : undefined;
}

/** Ready for at least `minReadySeconds` at `now` (IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Micros): boolean {
  const since = readySince(pod);
  if (since === undefined) return false;
  return minReadySeconds === 0 || since + minReadySeconds * 1_000_000 <= now;
}
