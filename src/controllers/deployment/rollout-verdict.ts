/** When `kubectl rollout status` returns for a Deployment (kubectl's rollout_status.go, DeploymentStatusViewer). */
import type { Deployment } from '../../api/apps.js';
import { progressingCondition, reasons } from './deployment-util.js';

/** Done (latest generation observed, all replicas updated and available, no old ones left), still waiting, or failed (past its progress deadline). */
export function rolloutVerdict(d: Deployment): 'done' | 'waiting' | 'failed' {
  if ((d.status.observedGeneration ?? 0) < (d.metadata.generation ?? 1)) return 'waiting';
  if (progressingCondition(d.status.conditions)?.reason === reasons.timedOut) return 'failed';
  const s = d.status;
  if (s.updatedReplicas < d.spec.replicas || s.replicas > s.updatedReplicas || s.availableReplicas < s.updatedReplicas) return 'waiting';
  return 'done';
}

