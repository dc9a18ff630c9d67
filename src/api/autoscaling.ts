/**
 * autoscaling/v2 HorizontalPodAutoscaler (k8s.io/api/autoscaling/v2/types.go), trimmed to the
 * fields the horizontal pod autoscaler reads and writes: Resource metrics (cpu, memory) with a
 * Utilization or AverageValue target, and the scaling behavior. Amounts are canonical integers
 * (cpu in millicores, memory in bytes); times are virtual µs.
 */
import type { Micros } from '../engine/simulation.js';
import type { ObjectMeta } from './objects.js';

/** CrossVersionObjectReference: the workload whose scale the autoscaler sets. */
export interface CrossVersionObjectReference {
  readonly apiVersion: string;
  readonly kind: 'Deployment' | 'StatefulSet' | 'ReplicaSet';
  readonly name: string;
}

/** MetricTarget of a Resource metric: a percentage of the pods' requests, or an average amount per pod. */
export type ResourceMetricTarget =
  | { readonly type: 'Utilization'; readonly averageUtilization: number }
  | { readonly type: 'AverageValue'; readonly averageValue: number };

/** MetricSpec of type Resource (the only type modelled). */
export interface ResourceMetricSpec {
  readonly type: 'Resource';
  readonly resource: { readonly name: 'cpu' | 'memory'; readonly target: ResourceMetricTarget };
}

/** HPAScalingPolicy: at most `value` pods or percent of the replicas per `periodSeconds`. */
export interface HPAScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

/** HPAScalingRules after defaulting. */
export interface HPAScalingRules {
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: 'Max' | 'Min' | 'Disabled';
  readonly policies: readonly HPAScalingPolicy[];
}

/** HorizontalPodAutoscalerBehavior after defaulting (both directions present). */
export interface HorizontalPodAutoscalerBehavior {
  readonly scaleUp: HPAScalingRules;
  readonly scaleDown: HPAScalingRules;
}

/** A current metric value as the status reports it. */
export interface ResourceMetricStatus {
  readonly type: 'Resource';
  readonly resource: { readonly name: 'cpu' | 'memory'; readonly current: { readonly averageUtilization?: number; readonly averageValue: number } };
}

/** HorizontalPodAutoscalerCondition. */
export interface HorizontalPodAutoscalerCondition {
  readonly type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: Micros;
}

/** autoscaling/v2 HorizontalPodAutoscaler (minReplicas defaulted; behavior absent means the controller's own defaults). */
export interface HorizontalPodAutoscaler {
  readonly kind: 'HorizontalPodAutoscaler';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly scaleTargetRef: CrossVersionObjectReference;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly metrics: readonly ResourceMetricSpec[];
    readonly behavior?: HorizontalPodAutoscalerBehavior;
  };
  readonly status: {
    readonly observedGeneration?: number;
    readonly lastScaleTime?: Micros;
    readonly currentReplicas: number;
    readonly desiredReplicas: number;
    readonly currentMetrics?: readonly ResourceMetricStatus[];
    readonly conditions?: readonly HorizontalPodAutoscalerCondition[];
  };
}
