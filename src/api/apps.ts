/**
 * apps/v1 ReplicaSet and Deployment, trimmed to the fields the workload controllers read
 * (k8s.io/api/apps/v1/types.go). Times are virtual µs; the pod template's spec is the canonical
 * Pod spec the pods are created with.
 */
import type { Micros } from '../engine/simulation.js';
import type { LabelSelector, ObjectMeta, Pod } from './objects.js';

/** v1 PodTemplateSpec: labels and annotations for the pods, and their spec. */
export interface PodTemplateSpec {
  readonly metadata: { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: Pod['spec'];
}

/** An int-or-string field (`maxSurge: 1` or `maxSurge: "25%"`). */
export type IntOrString = number | string;

/** apps/v1 ReplicaSet. */
export interface ReplicaSet {
  readonly kind: 'ReplicaSet';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly replicas: number;
    readonly minReadySeconds: number;
    readonly selector: LabelSelector;
    readonly template: PodTemplateSpec;
  };
  readonly status: {
    readonly replicas: number;
    readonly readyReplicas: number;
    readonly availableReplicas: number;
    readonly observedGeneration?: number;
  };
}

/** A Deployment condition (`Available`, `Progressing`); it has a lastUpdateTime besides the transition time. */
export interface DeploymentCondition {
  readonly type: 'Available' | 'Progressing' | 'ReplicaFailure';
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message?: string;
  readonly lastUpdateTime: Micros;
  readonly lastTransitionTime: Micros;
}

/** apps/v1 DeploymentStrategy after defaulting. */
export type DeploymentStrategy =
  | { readonly type: 'RollingUpdate'; readonly rollingUpdate: { readonly maxSurge: IntOrString; readonly maxUnavailable: IntOrString } }
  | { readonly type: 'Recreate' };

/** apps/v1 Deployment (every defaulted field present). */
export interface Deployment {
  readonly kind: 'Deployment';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly replicas: number;
    readonly selector: LabelSelector;
    readonly template: PodTemplateSpec;
    readonly strategy: DeploymentStrategy;
    readonly minReadySeconds: number;
    readonly revisionHistoryLimit: number;
    readonly progressDeadlineSeconds: number;
    readonly paused: boolean;
  };
  readonly status: {
    readonly observedGeneration?: number;
    readonly replicas: number;
    readonly updatedReplicas: number;
    readonly readyReplicas: number;
    readonly availableReplicas: number;
    readonly unavailableReplicas: number;
    readonly conditions: readonly DeploymentCondition[];
  };
}

/** apps/v1 StatefulSet (every defaulted field present); revisions are pod-template hashes. */
export interface StatefulSet {
  readonly kind: 'StatefulSet';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly replicas: number;
    readonly selector: LabelSelector;
    readonly template: PodTemplateSpec;
    readonly serviceName?: string;
    readonly podManagementPolicy: 'OrderedReady' | 'Parallel';
    /** RollingUpdate's `maxUnavailable` (MaxUnavailableStatefulSet, beta since v1.35) defaults to 1. */
    readonly updateStrategy: { readonly type: 'RollingUpdate'; readonly rollingUpdate: { readonly partition: number; readonly maxUnavailable?: IntOrString } } | { readonly type: 'OnDelete' };
    readonly minReadySeconds: number;
    readonly revisionHistoryLimit: number;
  };
  readonly status: {
    readonly observedGeneration?: number;
    readonly replicas: number;
    readonly readyReplicas: number;
    readonly availableReplicas: number;
    readonly currentReplicas: number;
    readonly updatedReplicas: number;
    readonly currentRevision?: string;
    readonly updateRevision?: string;
  };
}

/** apps/v1 DaemonSetUpdateStrategy after defaulting (RollingUpdate: maxUnavailable 1, maxSurge 0). */
export type DaemonSetUpdateStrategy =
  | { readonly type: 'RollingUpdate'; readonly rollingUpdate: { readonly maxUnavailable: IntOrString; readonly maxSurge: IntOrString } }
  | { readonly type: 'OnDelete' };

/** apps/v1 DaemonSet (every defaulted field present). */
export interface DaemonSet {
  readonly kind: 'DaemonSet';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly selector: LabelSelector;
    readonly template: PodTemplateSpec;
    readonly updateStrategy: DaemonSetUpdateStrategy;
    readonly minReadySeconds: number;
    readonly revisionHistoryLimit: number;
  };
  readonly status: {
    readonly observedGeneration?: number;
    readonly currentNumberScheduled: number;
    readonly numberMisscheduled: number;
    readonly desiredNumberScheduled: number;
    readonly numberReady: number;
    readonly updatedNumberScheduled: number;
    readonly numberAvailable: number;
    readonly numberUnavailable: number;
  };
}
