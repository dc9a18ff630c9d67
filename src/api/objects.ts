/**
 * Kubernetes API object shapes the simulator models (v1 Node and Pod, coordination.k8s.io/v1 Lease; resource.k8s.io/v1 in ../dra/resource-api.ts), trimmed to the fields the
 * models read. Resource amounts are canonical integers: cpu in millicores, memory and storage in
 * bytes, everything else in whole units (see quantity.ts).
 */
import type { Distribution } from '../engine/distribution.js';
import type { Micros } from '../engine/simulation.js';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from './apps.js';
import type { HorizontalPodAutoscaler } from './autoscaling.js';
import type { PodDisruptionBudget } from './policy.js';
import type { PriorityClass } from './scheduling.js';
import type { Job } from './batch.js';
import type { DeviceClass, PodResourceClaim, PodResourceClaimStatus, ResourceClaim, ResourceClaimTemplate, ResourceSlice } from '../dra/resource-api.js';

/** Canonical integer amounts per resource name (cpu in millicores, memory in bytes). */
export type ResourceList = Readonly<Record<string, number>>;

/** metadata of every stored object; `creationTimestamp` is virtual time in µs. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid: string;
  readonly resourceVersion: number;
  readonly creationTimestamp: Micros;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
  /** Set by a graceful DELETE: when the grace period ends (virtual µs). */
  readonly deletionTimestamp?: Micros;
  /** The grace period of a graceful DELETE, in seconds. */
  readonly deletionGracePeriodSeconds?: number;
  /** Sequence number of the desired state (apps/v1 kinds: bumped by the apiserver on each spec change). */
  readonly generation?: number;
}

/** metav1.OwnerReference: the controller (ReplicaSet, StatefulSet, Job...) that owns an object. */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
}

/** A node taint (`spec.taints[]`). */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A pod toleration (`spec.tolerations[]`). */
export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly tolerationSeconds?: number;
}

/** A label selector requirement (`In`, `NotIn`, `Exists`, `DoesNotExist`). */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/** metav1.LabelSelector: all of matchLabels and matchExpressions must hold; an empty selector matches everything. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** A node selector requirement (adds `Gt` and `Lt` on integer label values). */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values?: readonly string[];
}

/** A node selector term: all its requirements must hold (terms of a NodeSelector are ORed). */
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  readonly matchFields?: readonly NodeSelectorRequirement[];
}

/** v1 NodeSelector: its terms are ORed. */
export interface NodeSelector {
  readonly nodeSelectorTerms: readonly NodeSelectorTerm[];
}

/** v1 NodeAffinity. */
export interface NodeAffinity {
  readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] };
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly { readonly weight: number; readonly preference: NodeSelectorTerm }[];
}

/** v1 PodAffinityTerm. */
export interface PodAffinityTerm {
  readonly labelSelector?: LabelSelector;
  readonly namespaces?: readonly string[];
  readonly namespaceSelector?: LabelSelector;
  readonly topologyKey: string;
  readonly matchLabelKeys?: readonly string[];
  readonly mismatchLabelKeys?: readonly string[];
}

/** v1 WeightedPodAffinityTerm. */
export interface WeightedPodAffinityTerm {
  readonly weight: number;
  readonly podAffinityTerm: PodAffinityTerm;
}

/** v1 PodAffinity / PodAntiAffinity (same shape). */
export interface PodAffinity {
  readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly WeightedPodAffinityTerm[];
}

/** v1 Affinity. */
export interface Affinity {
  readonly nodeAffinity?: NodeAffinity;
  readonly podAffinity?: PodAffinity;
  readonly podAntiAffinity?: PodAffinity;
}

/** v1 TopologySpreadConstraint. */
export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  readonly labelSelector?: LabelSelector;
  readonly minDomains?: number;
  readonly nodeAffinityPolicy?: 'Honor' | 'Ignore';
  readonly nodeTaintsPolicy?: 'Honor' | 'Ignore';
  readonly matchLabelKeys?: readonly string[];
}

/** v1 ContainerPort (only host ports matter to scheduling). */
export interface ContainerPort {
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  readonly hostIP?: string;
}

/** An image a node holds (`status.images[]`). */
export interface ContainerImage {
  readonly names: readonly string[];
  readonly sizeBytes: number;
}

/** A status condition; `lastTransitionTime` is virtual time in µs. */
export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly lastTransitionTime: Micros;
  readonly reason?: string;
}

/** v1 Node. */
export interface Node {
  readonly kind: 'Node';
  readonly metadata: ObjectMeta;
  readonly spec: { readonly unschedulable?: boolean; readonly taints?: readonly Taint[] };
  readonly status: {
    readonly capacity: ResourceList;
    readonly allocatable: ResourceList;
    readonly conditions: readonly Condition[];
    readonly images?: readonly ContainerImage[];
  };
}

/** v1 Probe, with its timing fields defaulted (seconds); the handler is not modelled. */
export interface Probe {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** A usage curve over a container's running time: bytes at µs since start. */
export interface UsageModel {
  /** Bytes at start. */
  readonly initial: number;
  /** Bytes added per second while running (a leak). */
  readonly growthPerSecond: number;
  /** Piecewise-linear points [µs since start, bytes], increasing in time; after the last point, its value. */
  readonly profile?: readonly (readonly [number, number])[];
}

/**
 * kubesim's model of the application in a container (not an upstream field): when it becomes
 * ready, whether and when it exits or stops answering, how long it takes to stop on SIGTERM, and
 * its memory and ephemeral-storage usage. Durations in µs.
 */
export interface ContainerBehavior {
  /** Time from start until the application answers probes (µs), drawn at each start. */
  readonly readyAfter?: Distribution;
  /** The process exits on its own after this long (µs, or drawn at each start) with `exitCode`. */
  readonly exitAfter?: number | Distribution;
  readonly exitCode?: number;
  /** Probability that a run exits with `failureExitCode` instead of `exitCode` (drawn at each start). */
  readonly failureProbability?: number;
  /** The exit code of a failed run (default 1). */
  readonly failureExitCode?: number;
  /** The application never answers readiness/startup probes. */
  readonly neverReady?: boolean;
  /** The application stops answering any probe this long (µs) after start (a hang). */
  readonly unhealthyAfter?: number;
  /** Time from SIGTERM until the process exits (µs). */
  readonly shutdownAfter?: number;
  /** Duration of the preStop hook (µs), for exec/httpGet hooks. */
  readonly preStopDuration?: number;
  readonly memory?: UsageModel;
  readonly ephemeralStorage?: UsageModel;
  readonly cpu?: CpuUsageModel;
}

/**
 * kubesim's model of a container's CPU use (millicores): its own usage curve over its running
 * time, plus, while its pod is Ready, an equal share of a named application load (the work a
 * Service spreads over its ready endpoints), so more ready pods means less CPU each.
 */
export interface CpuUsageModel {
  /** Millicores used by the container itself, over its running time. */
  readonly base: UsageModel;
  /** The application load (set by the `setLoad` op) this container serves a share of. */
  readonly load?: string;
}

/** A container of a pod spec, with canonical resource requests and limits. */
export interface Container {
  readonly name: string;
  readonly image: string;
  readonly resources: { readonly requests: ResourceList; readonly limits: ResourceList; readonly claims?: readonly { readonly name: string; readonly request?: string }[] };
  readonly ports?: readonly ContainerPort[];
  /** Always, IfNotPresent or Never; unset means upstream's default (Always for `:latest`). */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** `Always` on an init container makes it a sidecar (restartable init container). */
  readonly restartPolicy?: 'Always';
  readonly startupProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  /** preStop hook: its modelled duration (µs), from `lifecycle.preStop.sleep.seconds` or the behavior. */
  readonly preStop?: { readonly duration: number };
  readonly behavior?: ContainerBehavior;
}

/** v1 ContainerState, flattened: waiting (with reason), running, or terminated (with exit code and reason). */
export interface ContainerState {
  readonly state: 'waiting' | 'running' | 'terminated';
  readonly reason?: string;
  readonly exitCode?: number;
  readonly startedAt?: Micros;
  readonly finishedAt?: Micros;
}

/** v1 ContainerStatus (trimmed). */
export interface ContainerStatus {
  readonly name: string;
  readonly ready: boolean;
  readonly started: boolean;
  readonly restartCount: number;
  readonly state: ContainerState;
  readonly lastState?: ContainerState;
}

/** Pod phase as in v1 PodStatus. */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** v1 Pod. */
export interface Pod {
  readonly kind: 'Pod';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly nodeName?: string;
    readonly schedulerName: string;
    readonly priority: number;
    readonly containers: readonly Container[];
    readonly nodeSelector?: Readonly<Record<string, string>>;
    readonly tolerations?: readonly Toleration[];
    readonly affinity?: Affinity;
    readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
    readonly schedulingGates?: readonly { readonly name: string }[];
    readonly preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
    readonly priorityClassName?: string;
    readonly resourceClaims?: readonly PodResourceClaim[];
    readonly initContainers?: readonly Container[];
    /** Always (default), OnFailure or Never. */
    readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
    /** Seconds; upstream defaults it to 30. */
    readonly terminationGracePeriodSeconds?: number;
    /** The pod uses the node's network namespace. */
    readonly hostNetwork?: boolean;
  };
  readonly status: {
    readonly phase: PodPhase;
    readonly conditions: readonly Condition[];
    readonly startTime?: Micros;
    readonly reason?: string;
    readonly message?: string;
    readonly nominatedNodeName?: string;
    readonly resourceClaimStatuses?: readonly PodResourceClaimStatus[];
    readonly qosClass?: 'Guaranteed' | 'Burstable' | 'BestEffort';
    readonly initContainerStatuses?: readonly ContainerStatus[];
    readonly containerStatuses?: readonly ContainerStatus[];
  };
}

/** coordination.k8s.io/v1 Lease: a kubelet's heartbeat in `kube-node-lease` (renewTime in virtual µs). */
export interface Lease {
  readonly kind: 'Lease';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly holderIdentity: string;
    readonly leaseDurationSeconds: number;
    readonly renewTime: Micros;
  };
}

/** Any object the store holds. */
export type KubeObject = Node | Pod | Lease | DeviceClass | ResourceSlice | ResourceClaim | ResourceClaimTemplate | ReplicaSet | Deployment | StatefulSet
  | PodDisruptionBudget | PriorityClass
  | Job
  | DaemonSet
  | HorizontalPodAutoscaler;

/** The kinds the store knows, by `kind`. */
export type Kind = KubeObject['kind'];

/** The object type for a kind. */
export type ObjectOfKind<K extends Kind> = Extract<KubeObject, { kind: K }>;

/** Store key of an object: `namespace/name`, or `name` for cluster-scoped kinds. */
export function objectKey(meta: { readonly name: string; readonly namespace?: string }): string {
  return meta.namespace === undefined ? meta.name : `${meta.namespace}/${meta.name}`;
}

/** Sum of the containers' requests for one resource (0 when absent), as the scheduler counts it. */
export function podRequest(pod: Pod, resource: string): number {
  let total = 0;
  for (const c of pod.spec.containers) total += c.resources.requests[resource] ?? 0;
  return total;
}

/** The condition of the given type, if present. */
export function findCondition(conditions: readonly Condition[], type: string): Condition | undefined {
  for (const c of conditions) if (c.type === type) return c;
  return undefined;
}

/** A copy of `conditions` with `cond` replacing any condition of the same type. */
export function setCondition(conditions: readonly Condition[], cond: Condition): Condition[] {
  // concat sizes the array exactly (a push would leave it room for a dozen more, kept as long as the status is).
  return conditions.filter((c) => c.type !== cond.type).concat(cond);
}
