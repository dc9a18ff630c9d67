/**
 * One small interface per extension point of the scheduling framework, as upstream
 * (pkg/scheduler/framework/interface.go). A plugin implements any subset; results are `Result`
 * (null = Success). Everything runs synchronously inside one virtual instant of the cycle except
 * Bind, which completes when its API request is answered.
 */
import type { Micros } from '../../engine/simulation.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { QueuedPodInfo } from './queued-pod-info.js';
import type { Result, Status } from './status.js';

/** Every plugin has a unique name. */
export interface Plugin {
  readonly name: string;
}

/** Decides whether a pod may enter the activeQ (e.g. SchedulingGates). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: PodInfo): Result;
}

/** Orders the activeQ. Exactly one per profile. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** What PreFilter may return: a status and optionally the only nodes worth filtering (upstream PreFilterResult.NodeNames). */
export interface PreFilterResult {
  readonly status: Result;
  readonly nodeNames?: ReadonlySet<string>;
}

/** Precomputes per-pod state; may narrow the candidate nodes or return Skip to skip its Filter. */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterResult | null;
  /** PreFilterExtensions.AddPod: update `state` as if `added` ran on `node` (used by preemption). */
  addPod?(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): Result;
  /** PreFilterExtensions.RemovePod: update `state` as if `removed` left `node` (used by preemption). */
  removePod?(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): Result;
}

/** Says whether the pod fits on one node. */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Result;
}

/** Per-node filter statuses of a failed attempt. */
export type NodeToStatus = ReadonlyMap<string, Status>;

/** Runs when no node fits (e.g. DefaultPreemption); may nominate a node. */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { readonly status: Result; readonly nominatedNodeName?: string };
}

/** Precomputes scoring state over the feasible nodes; Skip skips its Score. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result;
}

/** Scores a feasible node; NormalizeScore maps a cycle's scores to 0..MaxNodeScore in place. */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Optional batch form with the same results as `score` per node (`out[i]` for `nodes[i]`): a plugin's own loop is faster than a call per node from the framework. */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void;
  normalizeScore?(state: CycleState, pod: PodInfo, scores: Float64Array): void;
}

/** Claims resources for the chosen node before binding; Unreserve undoes it on failure. */
export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Result;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** Approves, denies or delays (Wait with a timeout) the binding. */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): { readonly status: Result; readonly timeout: Micros };
}

/** Work before binding (e.g. volume or DRA allocation writes). */
export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Result;
  /** Optional form for PreBind work done through the API (DRA's claim status writes): when present the framework calls it instead of `preBind`, and `done` gets the result once the API has answered. */
  preBindAsync?(state: CycleState, pod: PodInfo, nodeName: string, done: (status: Result) => void): void;
}

/** Binds the pod; `done` is called when the API answers. Returning false means "not mine" (next Bind plugin). */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string, done: (status: Result) => void): boolean;
}

/** Informational, after a successful bind. */
export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** Extension point names as they appear in KubeSchedulerConfiguration `plugins:`. */
export const extensionPoints = [
  'preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind', 'postBind',
] as const;

/** One extension point name. */
export type ExtensionPoint = (typeof extensionPoints)[number];

/** The method that shows a plugin implements an extension point. */
export const pointMethod: Readonly<Record<ExtensionPoint, string>> = {
  preEnqueue: 'preEnqueue',
  queueSort: 'less',
  preFilter: 'preFilter',
  filter: 'filter',
  postFilter: 'postFilter',
  preScore: 'preScore',
  score: 'score',
  reserve: 'reserve',
  permit: 'permit',
  preBind: 'preBind',
  bind: 'bind',
  postBind: 'postBind',
};

/** True when `plugin` implements `point`. */
export function implementsPoint(plugin: Plugin, point: ExtensionPoint): boolean {
  return typeof (plugin as unknown as Record<string, unknown>)[pointMethod[point]] === 'function';
}
