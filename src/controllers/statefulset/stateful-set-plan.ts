/**
 * One step of the StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go
 * updateStatefulSet), as the pod creates and deletes to send: every ordinal below `replicas` gets
 * its pod `<set>-<ordinal>` (a finished pod is deleted and created again); ordinals at or above
 * `replicas` are deleted from the highest down; then, with RollingUpdate, pods at or above
 * `partition` whose revision is not the update revision are deleted from the highest ordinal down,
 * `maxUnavailable` (default 1) at a time, counting every replica not Running and Ready against it
 * (OnDelete leaves them to the user). OrderedReady does one action at a time and waits for every lower ordinal to
 * be Running and Ready; Parallel creates and deletes without waiting (updates stay one at a time).
 * A pod being deleted gracefully keeps its ordinal until it is gone: it is not deleted again nor
 * created anew under the same name, and OrderedReady and updates wait for it.
 */
import type { StatefulSet } from '../../api/apps.js';
import type { Pod } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import { scaledValue } from '../../workload/int-or-percent.js';
import { isPodActive, isPodAvailable, isPodReady } from '../pod-readiness.js';

/** Label with the revision a pod was created from. */
export const controllerRevisionHashLabel = 'controller-revision-hash';

/** A create (of an ordinal, from a revision) or a delete (of a pod). */
export type StatefulSetAction = { readonly create: number; readonly revision: string } | { readonly delete: Pod };

/** The ordinal in a pod's name `<set>-<ordinal>`, or -1. */
export function ordinalOf(set: StatefulSet, pod: Pod): number {
  const prefix = `${set.metadata.name}-`;
  if (!pod.metadata.name.startsWith(prefix)) return -1;
  const n = Number(pod.metadata.name.slice(prefix.length));
  return Number.isInteger(n) && n >= 0 ? n : -1;
}

/** A pod's revision label. */
export function revisionOfPod(pod: Pod): string | undefined {
  return pod.metadata.labels?.[controllerRevisionHashLabel];
}

function healthy(pod: Pod): boolean {
  return pod.status.phase === 'Running' && isPodReady(pod);
}

/** A pod with a deletion timestamp: it is terminating. */
export function isTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/**
 * The actions of one sync; `pods` are the set's pods (placeholders for creates not yet seen
 * included), `terminating` tells the ones being deleted (by default those with a deletion timestamp).
 */
export function planStatefulSet(set: StatefulSet, pods: readonly Pod[], currentRevision: string, updateRevision: string, terminating: (pod: Pod) => boolean = isTerminating): StatefulSetAction[] {
  const monotonic = set.spec.podManagementPolicy === 'OrderedReady';
  const n = set.spec.replicas;
  const replicas: (Pod | undefined)[] = new Array<Pod | undefined>(n).fill(undefined);
  const condemned: Pod[] = [];
  for (const pod of pods) {
    const ord = ordinalOf(set, pod);
    if (ord < 0) continue;
    if (ord < n) replicas[ord] = pod;
    else condemned.push(pod);
  }
  const partition = set.spec.updateStrategy.type === 'RollingUpdate' ? set.spec.updateStrategy.rollingUpdate.partition : n;
  // Below the partition a (re)created pod keeps the current revision; OnDelete recreates from the update revision (newVersionedStatefulSetPod).
  const keepsCurrent = (ord: number): boolean => set.spec.updateStrategy.type === 'RollingUpdate' && ord < partition;
  const revisionFor = (ord: number): string => (currentRevision !== updateRevision && keepsCurrent(ord) ? currentRevision : updateRevision);
  const actions: StatefulSetAction[] = [];
  let unhealthy = false;
  for (let ord = 0; ord < n; ord++) {
    const pod = replicas[ord];
    // stateful_set_control.go: wait until graceful deletion completes before making progress.
    if (pod !== undefined && terminating(pod)) {
      unhealthy = true;
      if (monotonic) return actions;
      continue;
    }
    if (pod !== undefined && !isPodActive(pod)) {
      actions.push({ delete: pod });
      if (monotonic) return actions;
      continue;
    }
    if (pod === undefined) {
      actions.push({ create: ord, revision: revisionFor(ord) });
      if (monotonic) return actions;
      unhealthy = true;
      continue;
    }
    if (!healthy(pod)) {
      unhealthy = true;
      if (monotonic) return actions;
    }
  }
  condemned.sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  for (const pod of condemned) {
    if (terminating(pod)) {
      if (monotonic) return actions;
      continue;
    }
    if (monotonic && unhealthy) return actions;
    actions.push({ delete: pod });
    if (monotonic) return actions;
  }
  if (actions.length > 0 || set.spec.updateStrategy.type === 'OnDelete') return actions;
  // updateStatefulSetAfterInvariantEstablished: every replica not Running and Ready (or being
  // deleted) counts against maxUnavailable; the rest of it goes to old-revision pods at or above
  // the partition, from the highest ordinal down.
  let unavailable = 0;
  for (const pod of replicas) if (pod === undefined || terminating(pod) || !healthy(pod)) unavailable++;
  let toDelete = statefulSetMaxUnavailable(set) - unavailable;
  for (let ord = n - 1; ord >= partition && toDelete > 0; ord--) {
    const pod = replicas[ord];
    if (pod === undefined || terminating(pod) || revisionOfPod(pod) === updateRevision) continue;
    actions.push({ delete: pod });
    toDelete--;
  }
  return actions;
}

/** A RollingUpdate's maxUnavailable resolved against the replicas (a percentage rounded up, at least 1; stateful_set_utils.go getStatefulSetMaxUnavailable). */
export function statefulSetMaxUnavailable(set: StatefulSet): number {
  const u = set.spec.updateStrategy;
  if (u.type !== 'RollingUpdate' || u.rollingUpdate.maxUnavailable === undefined) return 1;
  return Math.max(1, scaledValue(u.rollingUpdate.maxUnavailable, set.spec.replicas, true));
}

/** The status the set's active pods give (stateful_set_control.go computeReplicaStatus, and the rollout's completion). */
export function statefulSetStatus(set: StatefulSet, pods: readonly Pod[], currentRevision: string, updateRevision: string, now: Micros): StatefulSet['status'] {
  const active = pods.filter((p) => isPodActive(p) && ordinalOf(set, p) >= 0);
  const ready = active.filter(isPodReady).length;
  const updated = active.filter((p) => revisionOfPod(p) === updateRevision).length;
  // The rollout is complete when every replica runs the update revision: it becomes the current one.
  const complete = updated === set.spec.replicas && active.length === set.spec.replicas && ready === set.spec.replicas;
  const current = complete ? updateRevision : currentRevision;
  return {
    observedGeneration: set.metadata.generation ?? 1,
    replicas: active.length,
    readyReplicas: ready,
    availableReplicas: active.filter((p) => isPodAvailable(p, set.spec.minReadySeconds, now)).length,
    currentReplicas: active.filter((p) => revisionOfPod(p) === current).length,
    updatedReplicas: updated,
    currentRevision: current,
    updateRevision,
  };
}
