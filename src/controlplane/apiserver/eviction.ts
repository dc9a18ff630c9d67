/**
 * The pods/eviction subresource (POST of a policy/v1 Eviction), after
 * pkg/registry/core/pod/storage/eviction.go. A pod that is Pending, terminal or already being
 * deleted goes without consulting any budget (canIgnorePDB). Otherwise the PodDisruptionBudgets of
 * its namespace whose non-empty selector matches it are found: more than one is a 500; none, and
 * the pod is deleted. With one: a pod that is not Ready is deleted without using the budget when
 * the budget says `unhealthyPodEvictionPolicy: AlwaysAllow`, or (IfHealthyBudget, the default)
 * when currentHealthy >= desiredHealthy > 0. Else checkAndDecrement: a status the disruption
 * controller has not computed for the current generation is a 429 with Retry-After 10 s; no
 * disruption allowed is a 429 without Retry-After ("Cannot evict pod as it would violate the
 * pod's disruption budget."); otherwise disruptionsAllowed is decremented and the pod recorded in
 * status.disruptedPods (a status update of the stored budget, so a controller writing a status it
 * computed from an older version gets a 409), and the pod is deleted gracefully. The whole
 * answer is applied at once, as etcd commits it.
 */
import type { ObjectStore } from '../../api/object-store.js';
import { matchesLabelSelector } from '../../api/label-selector.js';
import { findCondition, objectKey, setCondition, type Pod } from '../../api/objects.js';
import { disruptionAllowedCondition, type PodDisruptionBudget } from '../../api/policy.js';
import type { ApiResponse } from './request.js';

/** MaxDisruptedPodSize: evictions refused while this many are recorded and not yet seen by the controller (eviction.go). */
export const maxDisruptedPodSize = 2000;
/** The 429 message of a budget that allows no disruption (eviction.go checkAndDecrement). */
export const evictionRefusedMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

/** Pending, terminal or terminating pods are deleted without consulting a budget (canIgnorePDB). */
function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined;
}

/** The budgets whose non-empty selector matches the pod (getPodDisruptionBudgets: an empty selector matches nothing here). */
export function budgetsCovering(store: ObjectStore, pod: Pod): PodDisruptionBudget[] {
  const ns = pod.metadata.namespace ?? 'default';
  return store.list('PodDisruptionBudget').filter((pdb) => {
    if ((pdb.metadata.namespace ?? 'default') !== ns) return false;
    const s = pdb.spec.selector;
    if (s === undefined || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0)) return false;
    return matchesLabelSelector(s, pod.metadata.labels ?? {});
  });
}

/** The status the eviction writes: one disruption fewer, the pod recorded at `now`. */
function decremented(pdb: PodDisruptionBudget, podName: string, now: number): PodDisruptionBudget {
  const allowed = pdb.status.disruptionsAllowed - 1;
  const conditions = allowed === 0
    ? setCondition(pdb.status.conditions ?? [], { type: disruptionAllowedCondition, status: 'False', reason: 'InsufficientPods', lastTransitionTime: now })
    : pdb.status.conditions;
  return {
    ...pdb,
    status: {
      ...pdb.status,
      disruptionsAllowed: allowed,
      disruptedPods: { ...pdb.status.disruptedPods, [podName]: now },
      ...(conditions === undefined ? {} : { conditions }),
    },
  };
}

/**
 * Evicts pod `key` from `store`: `deletePod` deletes it gracefully (the caller's DELETE with the
 * eviction's DeleteOptions). Answers 201 on success, 404 for a missing pod, 429/500/403 as upstream.
 */
export function evictPod(store: ObjectStore, key: string, deletePod: () => ApiResponse): ApiResponse {
  const pod = store.get('Pod', key);
  if (pod === undefined) return { code: 404, message: `pods "${key}" not found` };
  const success = (): ApiResponse => {
    const r = deletePod();
    return r.code === 200 ? { code: 201, ...(r.object === undefined ? {} : { object: r.object }) } : r;
  };
  if (canIgnorePDB(pod)) return success();
  const pdbs = budgetsCovering(store, pod);
  if (pdbs.length > 1) return { code: 500, message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', retryAfterSeconds: 0 };
  const pdb = pdbs[0];
  if (pdb === undefined) return success();
  const ready = findCondition(pod.status.conditions, 'Ready')?.status === 'True';
  if (!ready) {
    if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return success();
    if (pdb.status.currentHealthy >= pdb.status.desiredHealthy && pdb.status.desiredHealthy > 0) return success();
  }
  const name = objectKey(pdb.metadata);
  if ((pdb.status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) {
    return { code: 429, message: evictionRefusedMessage, retryAfterSeconds: 10 };
  }
  if (pdb.status.disruptionsAllowed < 0) return { code: 403, message: `poddisruptionbudgets.policy "${name}" is forbidden: pdb disruptions allowed is negative`, retryAfterSeconds: 0 };
  if (Object.keys(pdb.status.disruptedPods ?? {}).length > maxDisruptedPodSize) {
    return { code: 403, message: `poddisruptionbudgets.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`, retryAfterSeconds: 0 };
  }
  if (pdb.status.disruptionsAllowed === 0) return { code: 429, message: evictionRefusedMessage, retryAfterSeconds: 0 };
  store.update(decremented(pdb, pod.metadata.name, store.now));
  return success();
}
