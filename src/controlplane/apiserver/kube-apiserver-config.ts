/** Compiled configuration of the kube-apiserver replicas, with upstream flag names in camelCase. */
import type { Micros } from '../../engine/simulation.js';
import type { FlowSchema, PriorityLevelConfiguration } from './flowcontrol/flowcontrol-types.js';
import type { ObjectSizes } from './object-size.js';
import type { RequestCostConfig } from './request-cost.js';

/** One `--etcd-servers-overrides` entry: a group/resource stored in the named etcd cluster. */
export interface EtcdServersOverride {
  readonly group: string;
  readonly resource: string;
  readonly cluster: string;
}

/** The kube-apiserver flags and model parameters the simulator uses. */
export interface KubeApiserverConfig {
  /** Replicas behind the load balancer; each client connection sticks to one (HTTP/2). */
  readonly replicas: number;
  readonly maxRequestsInflight: number;
  readonly maxMutatingRequestsInflight: number;
  readonly enablePriorityAndFairness: boolean;
  readonly requestTimeout: Micros;
  /** CPUs of each replica. */
  readonly cpus: number;
  /** Serve LISTs from the watch cache (ConsistentListFromCache, on by default since v1.31). */
  readonly watchCache: boolean;
  readonly flowSchemas: readonly FlowSchema[];
  readonly priorityLevelConfigurations: readonly PriorityLevelConfiguration[];
  readonly requestCost: RequestCostConfig;
  readonly objectSizes: ObjectSizes;
  readonly etcdServersOverrides: readonly EtcdServersOverride[];
  /** `--etcd-compaction-interval`: how often the apiserver compacts etcd (0 = never). */
  readonly etcdCompactionInterval: Micros;
}

/** `--max-requests-inflight` default 400 (REFERENCE.md, kube-apiserver). */
export const defaultMaxRequestsInflight = 400;
/** `--max-mutating-requests-inflight` default 200 (REFERENCE.md, kube-apiserver). */
export const defaultMaxMutatingRequestsInflight = 200;
/** `--request-timeout` default 60 s (REFERENCE.md, kube-apiserver). */
export const defaultRequestTimeout: Micros = 60_000_000;
/** CPUs per replica: 8, the machine size the 5,000 QPS per replica figure assumes here (see request-cost.ts). */
export const defaultApiserverCpus = 8;
/** `--etcd-compaction-interval` default 5 min (kube-apiserver flags; storage/etcd3/compact.go). */
export const defaultEtcdCompactionInterval: Micros = 300_000_000;
