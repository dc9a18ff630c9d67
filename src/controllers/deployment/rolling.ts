/**
 * One step of a RollingUpdate (pkg/controller/deployment/rolling.go rolloutRolling), as the
 * ReplicaSet sizes to write: first scale the new ReplicaSet up within replicas + maxSurge
 * (reconcileNewReplicaSet); if it is already as large as allowed, scale old ReplicaSets down
 * while keeping replicas − maxUnavailable available — unhealthy old replicas first
 * (cleanupUnhealthyReplicas), then available ones, oldest ReplicaSet first
 * (scaleDownOldReplicaSetsForRollingUpdate).
 */
import type { Deployment, ReplicaSet } from '../../api/apps.js';
import { maxUnavailable, newRSNewReplicas, specReplicas } from './deployment-util.js';

/** A ReplicaSet and the size to give it. */
export interface ScaleAction {
  readonly rs: ReplicaSet;
  readonly replicas: number;
}

/** Oldest first, by creation time then name (controller.ReplicaSetsByCreationTimestamp). */
export function byCreation(rss: readonly ReplicaSet[]): ReplicaSet[] {
  return [...rss].sort((a, b) => a.metadata.creationTimestamp - b.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** The new ReplicaSet's next size, when it changes (reconcileNewReplicaSet). */
export function reconcileNewReplicaSet(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): ScaleAction | undefined {
  if (newRS.spec.replicas === d.spec.replicas) return undefined;
  if (newRS.spec.replicas > d.spec.replicas) return { rs: newRS, replicas: d.spec.replicas };
  const next = newRSNewReplicas(d, allRSs, newRS);
  return next === newRS.spec.replicas ? undefined : { rs: newRS, replicas: next };
}

/** The old ReplicaSets' scale-downs allowed now (reconcileOldReplicaSets). */
export function reconcileOldReplicaSets(d: Deployment, allRSs: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): ScaleAction[] {
  if (specReplicas(oldRSs) === 0) return [];
  const allPods = specReplicas(allRSs);
  const minAvailable = d.spec.replicas - maxUnavailable(d);
  const newUnavailable = newRS === undefined ? 0 : newRS.spec.replicas - newRS.status.availableReplicas;
  let maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const sizes = new Map<ReplicaSet, number>(oldRSs.map((rs) => [rs, rs.spec.replicas]));
  // cleanupUnhealthyReplicas: old replicas that are not available cost no availability to remove.
  let cleaned = 0;
  for (const rs of byCreation(oldRSs)) {
    if (cleaned >= maxScaledDown) break;
    const size = sizes.get(rs) ?? 0;
    if (size === 0 || size === rs.status.availableReplicas) continue;
    const down = Math.min(maxScaledDown - cleaned, size - rs.status.availableReplicas);
    if (down <= 0) continue;
    sizes.set(rs, size - down);
    cleaned += down;
  }
  maxScaledDown -= cleaned;
  // scaleDownOldReplicaSetsForRollingUpdate: available old replicas, down to minAvailable in all.
  let available = 0;
  for (const rs of allRSs) available += rs.status.availableReplicas;
  if (available > minAvailable) {
    const total = available - minAvailable;
    let scaled = 0;
    for (const rs of byCreation(oldRSs)) {
      if (scaled >= total) break;
      const size = sizes.get(rs) ?? 0;
      if (size === 0) continue;
      const down = Math.min(size, total - scaled);
      sizes.set(rs, size - down);
      scaled += down;
    }
  }
  return oldRSs.flatMap((rs) => (sizes.get(rs) !== rs.spec.replicas ? [{ rs, replicas: sizes.get(rs) ?? 0 }] : []));
}
