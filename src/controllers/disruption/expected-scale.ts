/**
 * How many pods a PodDisruptionBudget expects, after pkg/controller/disruption/disruption.go
 * getExpectedPodCount and getExpectedScale: with maxUnavailable or a percentage minAvailable, the
 * scale (spec.replicas) of every distinct controller of the budget's pods — a ReplicaSet's, or
 * its Deployment's when a Deployment owns it, or a StatefulSet's — summed; pods without a
 * controller are left out (unmanaged pods); a pod whose controller is not found makes the sync
 * fail safe. An integer minAvailable expects the pods that exist.
 */
import type { Deployment, ReplicaSet, StatefulSet } from '../../api/apps.js';
import { objectKey, type Pod } from '../../api/objects.js';
import type { PodDisruptionBudget } from '../../api/policy.js';
import { scaledValue } from '../../workload/int-or-percent.js';
import { controllerOf, type Informer } from '../informer.js';

/** The informers the scale lookups read. */
export interface ScaleListers {
  readonly replicaSets: Informer<'ReplicaSet'>;
  readonly deployments: Informer<'Deployment'>;
  readonly statefulSets: Informer<'StatefulSet'>;
}

/** expectedCount and desiredHealthy of a budget, or the reason the sync fails safe. */
export type ExpectedCount = { readonly expectedCount: number; readonly desiredHealthy: number } | { readonly error: string };

/** The controller uid and scale of `pod`'s controller, undefined for an unmanaged pod, or an error string. */
function controllerScale(pod: Pod, listers: ScaleListers): { uid: string; scale: number } | undefined | string {
  const ref = controllerOf(pod.metadata);
  if (ref === undefined) return undefined;
  const ns = pod.metadata.namespace ?? 'default';
  const missing = `found no controllers for pod "${pod.metadata.name}"`;
  if (ref.kind === 'StatefulSet') {
    const ss: StatefulSet | undefined = listers.statefulSets.get(objectKey({ name: ref.name, namespace: ns }));
    return ss === undefined || ss.metadata.uid !== ref.uid ? missing : { uid: ss.metadata.uid, scale: ss.spec.replicas };
  }
  if (ref.kind !== 'ReplicaSet') return missing;
  const rs: ReplicaSet | undefined = listers.replicaSets.get(objectKey({ name: ref.name, namespace: ns }));
  if (rs === undefined || rs.metadata.uid !== ref.uid) return missing;
  const owner = controllerOf(rs.metadata);
  if (owner?.kind !== 'Deployment') return { uid: rs.metadata.uid, scale: rs.spec.replicas };
  const d: Deployment | undefined = listers.deployments.get(objectKey({ name: owner.name, namespace: ns }));
  return d === undefined || d.metadata.uid !== owner.uid ? missing : { uid: d.metadata.uid, scale: d.spec.replicas };
}

/** getExpectedScale: the summed scale of the pods' distinct controllers. */
function expectedScale(pods: readonly Pod[], listers: ScaleListers): number | string {
  const scales = new Map<string, number>();
  for (const pod of pods) {
    const c = controllerScale(pod, listers);
    if (typeof c === 'string') return c;
    if (c !== undefined) scales.set(c.uid, c.scale);
  }
  let total = 0;
  for (const s of scales.values()) total += s;
  return total;
}

/** getExpectedPodCount: desiredHealthy from maxUnavailable (expected − scaled, rounded up) or minAvailable (an integer as is, a percentage of the expected scale rounded up). */
export function expectedPodCount(pdb: PodDisruptionBudget, pods: readonly Pod[], listers: ScaleListers): ExpectedCount {
  const { maxUnavailable, minAvailable } = pdb.spec;
  if (maxUnavailable !== undefined) {
    const expected = expectedScale(pods, listers);
    if (typeof expected === 'string') return { error: expected };
    const desired = expected - scaledValue(maxUnavailable, expected, true);
    return { expectedCount: expected, desiredHealthy: Math.max(0, desired) };
  }
  // Neither set: expectedCount stays 0, so no disruption is ever allowed (as upstream's zero values).
  if (minAvailable === undefined) return { expectedCount: 0, desiredHealthy: 0 };
  if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable };
  const expected = expectedScale(pods, listers);
  if (typeof expected === 'string') return { error: expected };
  return { expectedCount: expected, desiredHealthy: scaledValue(minAvailable, expected, true) };
}
