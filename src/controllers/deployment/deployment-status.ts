/**
 * A Deployment's status from its ReplicaSets (pkg/controller/deployment/sync.go calculateStatus)
 * and its conditions (progress.go syncRolloutStatus, sync.go checkPausedConditions): Available
 * when at least replicas − maxUnavailable are available; Progressing True while the rollout makes
 * progress, NewReplicaSetAvailable once complete, False with ProgressDeadlineExceeded when no
 * progress was made for progressDeadlineSeconds; Unknown while paused and on resume.
 */
import type { Deployment, DeploymentCondition, ReplicaSet } from '../../api/apps.js';
import type { Micros } from '../../engine/simulation.js';
import { deploymentComplete, deploymentProgressing, deploymentTimedOut, maxUnavailable, progressingCondition, reasons, specReplicas } from './deployment-util.js';

function setCondition(conditions: readonly DeploymentCondition[], c: DeploymentCondition): DeploymentCondition[] {
  const current = conditions.find((x) => x.type === c.type);
  // Same status and reason: nothing changes, as upstream's SetDeploymentCondition.
  if (current !== undefined && current.status === c.status && current.reason === c.reason) return [...conditions];
  const kept = current !== undefined && current.status === c.status ? { ...c, lastTransitionTime: current.lastTransitionTime } : c;
  return [...conditions.filter((x) => x.type !== c.type), kept];
}

function condition(type: DeploymentCondition['type'], status: DeploymentCondition['status'], reason: string, message: string, now: Micros): DeploymentCondition {
  return { type, status, reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

/** The status `d` should have given its ReplicaSets; `rolling` adds the Progressing evaluation (not while paused). */
export function deploymentStatus(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined, now: Micros, rolling: boolean, created?: string): Deployment['status'] {
  let replicas = 0;
  let ready = 0;
  let available = 0;
  for (const rs of allRSs) {
    replicas += rs.status.replicas;
    ready += rs.status.readyReplicas;
    available += rs.status.availableReplicas;
  }
  const counts = { observedGeneration: d.metadata.generation ?? 1, replicas, updatedReplicas: newRS?.status.replicas ?? 0, readyReplicas: ready, availableReplicas: available };
  let conditions: DeploymentCondition[] = [...d.status.conditions];
  conditions = available >= d.spec.replicas - maxUnavailable(d)
    ? setCondition(conditions, condition('Available', 'True', reasons.minimumReplicasAvailable, 'Deployment has minimum availability.', now))
    : setCondition(conditions, condition('Available', 'False', reasons.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  const cond = progressingCondition(conditions);
  if (d.spec.paused) {
    if (cond?.reason !== reasons.paused) conditions = setCondition(conditions, condition('Progressing', 'Unknown', reasons.paused, 'Deployment is paused', now));
  } else if (cond?.reason === reasons.paused) {
    conditions = setCondition(conditions, condition('Progressing', 'Unknown', reasons.resumed, 'Deployment is resumed', now));
  } else if (created !== undefined) {
    conditions = setCondition(conditions, condition('Progressing', 'True', reasons.newRSCreated, `Created new replica set "${created}"`, now));
  } else if (rolling) {
    const name = newRS?.metadata.name ?? '';
    const complete = replicas === counts.updatedReplicas && cond?.reason === reasons.newRSAvailable;
    if (!complete) {
      if (deploymentComplete(d, counts)) {
        conditions = setCondition(conditions, condition('Progressing', 'True', reasons.newRSAvailable, `ReplicaSet "${name}" has successfully progressed.`, now));
      } else if (deploymentProgressing(d, counts)) {
        // Progress refreshes lastUpdateTime even when status and reason stay (the deadline counts from the last progress).
        const c = condition('Progressing', 'True', reasons.rsUpdated, `ReplicaSet "${name}" is progressing.`, now);
        const kept = cond?.status === 'True' ? { ...c, lastTransitionTime: cond.lastTransitionTime } : c;
        conditions = [...conditions.filter((x) => x.type !== 'Progressing'), kept];
      } else if (deploymentTimedOut(d, cond, now)) {
        conditions = setCondition(conditions, condition('Progressing', 'False', reasons.timedOut, `ReplicaSet "${name}" has timed out progressing.`, now));
      }
    }
  }
  return { ...counts, unavailableReplicas: Math.max(0, specReplicas(allRSs) - available), conditions };
}
