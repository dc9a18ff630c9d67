/**
 * scheduling.k8s.io/v1 PriorityClass (k8s.io/api/scheduling/v1/types.go) and the two classes
 * every cluster has (pkg/apis/scheduling/types.go SystemPriorityClasses).
 */
import type { ObjectMeta } from './objects.js';

/**
 * scheduling.k8s.io/v1 PriorityClass (cluster-scoped; preemptionPolicy defaulted). Upstream keeps
 * value, globalDefault, preemptionPolicy and description at the top level; the store holds them
 * under `spec`, the shape every stored kind shares.
 */
export interface PriorityClass {
  readonly kind: 'PriorityClass';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly value: number;
    readonly globalDefault: boolean;
    readonly preemptionPolicy: 'PreemptLowerPriority' | 'Never';
    readonly description?: string;
  };
}

/** The built-in classes the apiserver creates at start (scheduling.SystemClusterCritical 2000000000, SystemNodeCritical 2000001000). */
export const systemPriorityClasses: ReadonlyMap<string, { readonly value: number; readonly preemptionPolicy: 'PreemptLowerPriority' }> = new Map([
  ['system-cluster-critical', { value: 2_000_000_000, preemptionPolicy: 'PreemptLowerPriority' }],
  ['system-node-critical', { value: 2_000_001_000, preemptionPolicy: 'PreemptLowerPriority' }],
]);

/** HighestUserDefinablePriority: a user's class may not exceed 1000000000 (pkg/apis/scheduling/types.go). */
export const highestUserDefinablePriority = 1_000_000_000;
