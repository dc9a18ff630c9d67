/**
 * The InterPodAffinity plugin (upstream pkg/scheduler/framework/plugins/interpodaffinity/plugin.go):
 * PreFilter/Filter enforce required pod affinity and anti-affinity (the incoming pod's and, by
 * symmetry, existing pods' anti-affinity); PreScore/Score/NormalizeScore apply preferred terms.
 */
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin } from '../framework/extension-points.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { PluginArgsError, type PluginDefinition } from '../framework/registry.js';
import { asError, skip, type Result } from '../framework/status.js';
import { AffinityPreFilterState, computePreFilterState, filterNode } from './inter-pod-affinity-filter.js';
import { AffinityPreScoreState, computePreScoreState, normalizeScores, scoreNode, type AffinityScoreOptions } from './inter-pod-affinity-score.js';

/** The plugin's registry name. */
export const InterPodAffinityName = 'InterPodAffinity';
const preFilterStateKey = `PreFilter${InterPodAffinityName}`;
const preScoreStateKey = `PreScore${InterPodAffinityName}`;

/** InterPodAffinityArgs (kubescheduler.config.k8s.io/v1) after defaulting and validation. */
export type InterPodAffinityArgs = AffinityScoreOptions;

/** Defaults (hardPodAffinityWeight 1, ignorePreferredTermsOfExistingPods false) and validates args; throws PluginArgsError. */
export function parseInterPodAffinityArgs(args: Readonly<Record<string, unknown>>): InterPodAffinityArgs {
  for (const k of Object.keys(args)) {
    if (!['apiVersion', 'kind', 'hardPodAffinityWeight', 'ignorePreferredTermsOfExistingPods'].includes(k)) throw new PluginArgsError([k], `unknown field "${k}"`);
  }
  const w = args['hardPodAffinityWeight'] ?? 1;
  if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 100) throw new PluginArgsError(['hardPodAffinityWeight'], 'not in valid range [0, 100]');
  const ignore = args['ignorePreferredTermsOfExistingPods'] ?? false;
  if (typeof ignore !== 'boolean') throw new PluginArgsError(['ignorePreferredTermsOfExistingPods'], 'must be a boolean');
  return { hardPodAffinityWeight: w, ignorePreferredTermsOfExistingPods: ignore };
}

/** The plugin instance. */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = InterPodAffinityName;

  constructor(private readonly handle: FrameworkHandle, private readonly args: InterPodAffinityArgs) {}

  /** Precomputes the affinity counters; Skip when neither the pod nor any existing pod's anti-affinity applies. */
  preFilter(state: CycleState, pod: PodInfo, _nodes: readonly NodeInfo[]): PreFilterResult | null {
    const snap = this.handle.snapshot;
    const s = computePreFilterState(pod.pod, snap.nodeInfoList, snap.havePodsWithRequiredAntiAffinityList());
    if (s === null) return { status: skip };
    state.write(preFilterStateKey, s);
    return null;
  }

  /** Counts `added` as if it ran on `node`. */
  addPod(state: CycleState, _pod: PodInfo, added: PodInfo, node: NodeInfo): Result {
    state.read<AffinityPreFilterState>(preFilterStateKey)?.updateWithPod(added.pod, node, 1);
    return null;
  }

  /** Stops counting `removed` on `node`. */
  removePod(state: CycleState, _pod: PodInfo, removed: PodInfo, node: NodeInfo): Result {
    state.read<AffinityPreFilterState>(preFilterStateKey)?.updateWithPod(removed.pod, node, -1);
    return null;
  }

  /** Rejects nodes that break required affinity (unresolvable) or anti-affinity, either way (unschedulable). */
  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Result {
    const s = state.read<AffinityPreFilterState>(preFilterStateKey);
    if (s === undefined) return asError(`reading "${preFilterStateKey}" from cycleState: not found`);
    return filterNode(s, node);
  }

  /** Sums preferred-term weights per topology pair; Skip when nothing matched. */
  preScore(state: CycleState, pod: PodInfo, _nodes: readonly NodeInfo[]): Result {
    const snap = this.handle.snapshot;
    const s = computePreScoreState(pod.pod, snap.nodeInfoList, snap.havePodsWithAffinityList(), this.args);
    if (s === null) return skip;
    state.write(preScoreStateKey, s);
    return null;
  }

  /** The node's summed weight (may be negative until normalised). */
  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const s = state.read<AffinityPreScoreState>(preScoreStateKey);
    return s === undefined ? 0 : scoreNode(s, node);
  }

  /** Min–max normalisation to 0..100. */
  normalizeScore(state: CycleState, _pod: PodInfo, scores: Float64Array): void {
    const s = state.read<AffinityPreScoreState>(preScoreStateKey);
    if (s !== undefined) normalizeScores(s, scores);
  }
}

/** Registry entry: name 'InterPodAffinity', factory validating InterPodAffinityArgs. */
export const interPodAffinityPlugin: PluginDefinition = {
  name: InterPodAffinityName,
  factory: (args, handle) => new InterPodAffinity(handle, parseInterPodAffinityArgs(args)),
};
