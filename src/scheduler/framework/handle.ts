/** What the framework gives plugins (upstream framework.Handle): the snapshot, time, randomness, the API client. */
import type { LabelSelector } from '../../api/objects.js';
import type { DraManager } from '../../dra/dra-manager.js';
import type { ApiRequest, ApiResponse } from '../../controlplane/apiserver/request.js';
import type { RandomStream } from '../../engine/rng.js';
import type { Micros } from '../../engine/simulation.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { Result } from './status.js';

/** The cluster as of the cycle's start: nodes in a stable order. */
export interface Snapshot {
  readonly nodeInfoList: readonly NodeInfo[];
  /** Nodes that hold at least one pod with pod (anti-)affinity. */
  havePodsWithAffinityList(): readonly NodeInfo[];
  /** Nodes that hold at least one pod with required anti-affinity. */
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
}

/** Services of the framework available to plugins. */
export interface FrameworkHandle {
  readonly snapshot: Snapshot;
  /** Current virtual time. */
  now(): Micros;
  /** The profile's seeded random stream. */
  readonly rng: RandomStream;
  /** Sends an API request as the scheduler (under its client QPS/burst). */
  send(request: ApiRequest, done: (response: ApiResponse) => void): void;
  /** Runs the profile's Filter plugins for `pod` on `node` (preemption's what-if). */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Result;
  /** Runs PreFilter AddPod/RemovePod extensions (preemption's what-if). */
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): Result;
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): Result;
  /** PodDisruptionBudgets as (namespace, selector, disruptionsAllowed) (empty until the controllers issue lands). */
  /** The scheduler's DRA informers and in-flight allocations (absent where no cluster runs, e.g. validation). */
  readonly dra?: DraManager;
  podDisruptionBudgets(): readonly { readonly namespace: string; readonly selector: LabelSelector; readonly disruptionsAllowed: number }[];
}
