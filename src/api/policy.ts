/**
 * policy/v1 PodDisruptionBudget (k8s.io/api/policy/v1/types.go), trimmed to the fields the
 * disruption controller and the eviction API read. Times are virtual µs.
 */
import type { IntOrString } from './apps.js';
import type { Condition, LabelSelector, ObjectMeta } from './objects.js';

/** spec.unhealthyPodEvictionPolicy: when a pod that is not Ready may be evicted. */
export type UnhealthyPodEvictionPolicy = 'IfHealthyBudget' | 'AlwaysAllow';

/** policy/v1 PodDisruptionBudget (exactly one of minAvailable and maxUnavailable set). */
export interface PodDisruptionBudget {
  readonly kind: 'PodDisruptionBudget';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly minAvailable?: IntOrString;
    readonly maxUnavailable?: IntOrString;
    readonly selector?: LabelSelector;
    /** Unset behaves as IfHealthyBudget. */
    readonly unhealthyPodEvictionPolicy?: UnhealthyPodEvictionPolicy;
  };
  readonly status: {
    readonly observedGeneration?: number;
    /** Pod name → virtual µs when the eviction API granted its eviction (not yet seen deleted by the controller). */
    readonly disruptedPods?: Readonly<Record<string, number>>;
    readonly disruptionsAllowed: number;
    readonly currentHealthy: number;
    readonly desiredHealthy: number;
    readonly expectedPods: number;
    readonly conditions?: readonly Condition[];
  };
}

/** Condition type the disruption controller keeps (policy/v1 DisruptionAllowedCondition). */
export const disruptionAllowedCondition = 'DisruptionAllowed';
