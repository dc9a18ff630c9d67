/**
 * The arithmetic of pkg/controller/deployment/util/deployment_util.go: fenceposts (maxSurge
 * rounded up, maxUnavailable rounded down, both 0 → 1 unavailable), the new ReplicaSet's next
 * size, revisions, and when a Deployment is complete, progressing or past its progress deadline.
 */
import type { Deployment, DeploymentCondition, ReplicaSet } from '../../api/apps.js';
import type { Micros } from '../../engine/simulation.js';
import { scaledValue } from '../../workload/int-or-percent.js';

/** Annotation with a ReplicaSet's (and its Deployment's) revision. */
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
/** Annotation listing the earlier revisions a ReplicaSet had (a rollback reuses an old ReplicaSet). */
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
/** Annotation with the Deployment's replicas when the ReplicaSet was last scaled. */
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
/** Annotation with replicas + maxSurge when the ReplicaSet was last scaled. */
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';

/** Progressing reasons (deployment_util.go). */
export const reasons = {
  newRSAvailable: 'NewReplicaSetAvailable',
  rsUpdated: 'ReplicaSetUpdated',
  newRSCreated: 'NewReplicaSetCreated',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** Surge and unavailable pod counts for `desired` replicas (ResolveFenceposts). */
export function resolveFenceposts(d: Deployment, desired = d.spec.replicas): { surge: number; unavailable: number } {
  if (d.spec.strategy.type !== 'RollingUpdate') return { surge: 0, unavailable: 0 };
  const ru = d.spec.strategy.rollingUpdate;
  const surge = scaledValue(ru.maxSurge, desired, true);
  const unavailable = scaledValue(ru.maxUnavailable, desired, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

/** MaxUnavailable: 0 for Recreate or no replicas, else the fencepost capped at the replicas. */
export function maxUnavailable(d: Deployment): number {
  if (d.spec.strategy.type !== 'RollingUpdate' || d.spec.replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, d.spec.replicas);
}

/** MaxSurge: 0 for Recreate. */
export function maxSurge(d: Deployment): number {
  return resolveFenceposts(d).surge;
}

/** Sum of spec.replicas (GetReplicaCountForReplicaSets). */
export function specReplicas(rss: readonly ReplicaSet[]): number {
  let n = 0;
  for (const rs of rss) n += rs.spec.replicas;
  return n;
}

/** NewRSNewReplicas: the new ReplicaSet's size after one scale-up step (RollingUpdate: within replicas + maxSurge). */
export function newRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  if (d.spec.strategy.type === 'Recreate') return d.spec.replicas;
  const maxTotal = d.spec.replicas + maxSurge(d);
  const current = specReplicas(allRSs);
  if (current >= maxTotal) return newRS.spec.replicas;
  const up = Math.min(maxTotal - current, d.spec.replicas - newRS.spec.replicas);
  return newRS.spec.replicas + up;
}

/** A ReplicaSet's revision (0 when unset). */
export function revisionOf(obj: { readonly metadata: { readonly annotations?: Readonly<Record<string, string>> } }): number {
  const v = Number(obj.metadata.annotations?.[revisionAnnotation] ?? '0');
  return Number.isFinite(v) ? v : 0;
}

/** The Progressing condition, if any. */
export function progressingCondition(conditions: readonly DeploymentCondition[]): DeploymentCondition | undefined {
  return conditions.find((c) => c.type === 'Progressing');
}

/** The status counts DeploymentComplete and DeploymentProgressing compare. */
export type RolloutCounts = Pick<Deployment['status'], 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'observedGeneration'>;

/** Every replica updated and available, nothing old left, the latest spec observed (DeploymentComplete). */
export function deploymentComplete(d: Deployment, s: RolloutCounts): boolean {
  const r = d.spec.replicas;
  return s.updatedReplicas === r && s.replicas === r && s.availableReplicas === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);
}

/** More updated, ready or available replicas than the stored status, or fewer old ones (DeploymentProgressing). */
export function deploymentProgressing(d: Deployment, s: RolloutCounts): boolean {
  const o = d.status;
  return s.updatedReplicas > o.updatedReplicas || s.replicas - s.updatedReplicas < o.replicas - o.updatedReplicas || s.readyReplicas > o.readyReplicas || s.availableReplicas > o.availableReplicas;
}

/** The Progressing condition was last updated more than progressDeadlineSeconds before `now` (DeploymentTimedOut). */
export function deploymentTimedOut(d: Deployment, cond: DeploymentCondition | undefined, now: Micros): boolean {
  if (cond === undefined || cond.reason === reasons.newRSAvailable) return false;
  if (cond.reason === reasons.timedOut) return true;
  return cond.lastUpdateTime + d.spec.progressDeadlineSeconds * 1_000_000 < now;
}
