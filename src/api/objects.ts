/**
 * Kubernetes API object shapes the simulator models (v1 Node and Pod), trimmed to the fields the
 * models read. Resource amounts are canonical integers: cpu in millicores, memory and storage in
 * bytes, everything else in whole units (see quantity.ts).
 */
import type { Micros } from '../engine/simulation.js';

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
  };
}

/** A container of a pod spec, with canonical resource requests and limits. */
export interface Container {
  readonly name: string;
  readonly image: string;
  readonly resources: { readonly requests: ResourceList; readonly limits: ResourceList };
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
  };
  readonly status: {
    readonly phase: PodPhase;
    readonly conditions: readonly Condition[];
    readonly startTime?: Micros;
    readonly reason?: string;
  };
}

/** Any object the store holds. */
export type KubeObject = Node | Pod;

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
  const out = conditions.filter((c) => c.type !== cond.type);
  out.push(cond);
  return out;
}
