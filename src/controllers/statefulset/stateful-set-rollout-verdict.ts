/**
 * When `kubectl rollout status` returns for a StatefulSet (kubectl's
 * polymorphichelpers/rollout_status.go, StatefulSetStatusViewer): once the latest generation is
 * observed and every replica is ready, a partitioned RollingUpdate is done when the ordinals at or
 * above the partition are updated, any other when the current revision has caught up with the
 * update revision. OnDelete has no rollout status.
 */
import type { StatefulSet } from '../../api/apps.js';

/** Done, still waiting, or `unsupported` (OnDelete: kubectl answers with an error). */
export function statefulSetRolloutVerdict(s: StatefulSet): 'done' | 'waiting' | 'unsupported' {
  if (s.spec.updateStrategy.type !== 'RollingUpdate') return 'unsupported';
  if ((s.status.observedGeneration ?? 0) < (s.metadata.generation ?? 1)) return 'waiting';
  if (s.status.readyReplicas < s.spec.replicas) return 'waiting';
  const partition = s.spec.updateStrategy.rollingUpdate.partition;
  if (partition > 0) return s.status.updatedReplicas >= s.spec.replicas - partition ? 'done' : 'waiting';
  return s.status.updateRevision === s.status.currentRevision ? 'done' : 'waiting';
}
