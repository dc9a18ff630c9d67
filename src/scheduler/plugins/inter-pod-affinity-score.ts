/**
 * InterPodAffinity PreScore/Score/NormalizeScore, after upstream
 * pkg/scheduler/framework/plugins/interpodaffinity/scoring.go. PreScore sums, per topology pair,
 * the weights of preferred terms matched between the incoming pod and existing pods (both ways)
 * plus hardPodAffinityWeight for existing pods' required affinity; Score adds the node's pairs and
 * NormalizeScore maps min..max to 0..100.
 */
import type { Pod } from '../../api/objects.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { MaxNodeScore } from '../framework/status.js';
import { affinityTermsOf, termMatches, type AffinityTerm, type PodAffinityTerms, type WeightedAffinityTerm } from './inter-pod-affinity-terms.js';

/** PreScore's result: topology key → value → summed weight. Read-only after PreScore, so `clone()` shares it. */
export class AffinityPreScoreState {
  constructor(readonly topologyScore: ReadonlyMap<string, ReadonlyMap<string, number>>) {}

  /** Shared, as it is read-only. */
  clone(): AffinityPreScoreState {
    return this;
  }
}

/** The scoring options of InterPodAffinityArgs. */
export interface AffinityScoreOptions {
  readonly hardPodAffinityWeight: number;
  readonly ignorePreferredTermsOfExistingPods: boolean;
}

class ScoreMap {
  readonly m = new Map<string, Map<string, number>>();
  touched = false;

  add(term: AffinityTerm, weight: number, pod: Pod, labels: Readonly<Record<string, string>>): void {
    if (!termMatches(term, pod)) return;
    const v = labels[term.topologyKey];
    if (v === undefined) return;
    let byValue = this.m.get(term.topologyKey);
    if (byValue === undefined) {
      byValue = new Map();
      this.m.set(term.topologyKey, byValue);
    }
    byValue.set(v, (byValue.get(v) ?? 0) + weight);
    this.touched = true;
  }

  addWeighted(terms: readonly WeightedAffinityTerm[], sign: 1 | -1, pod: Pod, labels: Readonly<Record<string, string>>): void {
    for (const t of terms) this.add(t.term, sign * t.weight, pod, labels);
  }
}

/** Upstream processExistingPod: both directions of preferred terms, and the existing pod's required affinity. */
function processExistingPod(sm: ScoreMap, incoming: Pod, terms: PodAffinityTerms, existing: PodInfo, labels: Readonly<Record<string, string>>, hardWeight: number): void {
  sm.addWeighted(terms.preferredAffinity, 1, existing.pod, labels);
  sm.addWeighted(terms.preferredAntiAffinity, -1, existing.pod, labels);
  if (!existing.hasAffinity) return;
  const e = affinityTermsOf(existing.pod);
  if (hardWeight > 0) for (const t of e.requiredAffinity) sm.add(t, hardWeight, incoming, labels);
  sm.addWeighted(e.preferredAffinity, 1, incoming, labels);
  sm.addWeighted(e.preferredAntiAffinity, -1, incoming, labels);
}

/**
 * Upstream PreScore. Only nodes holding pods with affinity are visited unless the incoming pod has
 * preferred terms (then every pod). Null (Skip) when existing pods' preferences are ignored and the
 * pod has none, or when no term matched anything.
 */
export function computePreScoreState(
  pod: Pod, allNodes: readonly NodeInfo[], nodesWithAffinityPods: readonly NodeInfo[], opts: AffinityScoreOptions,
): AffinityPreScoreState | null {
  const terms = affinityTermsOf(pod);
  const hasConstraints = terms.preferredAffinity.length > 0 || terms.preferredAntiAffinity.length > 0;
  if (opts.ignorePreferredTermsOfExistingPods && !hasConstraints) return null;
  const sm = new ScoreMap();
  for (const ni of hasConstraints ? allNodes : nodesWithAffinityPods) {
    const labels = ni.node.metadata.labels;
    if (labels === undefined || Object.keys(labels).length === 0) continue;
    for (const p of hasConstraints ? ni.pods : ni.podsWithAffinity) processExistingPod(sm, pod, terms, p, labels, opts.hardPodAffinityWeight);
  }
  return sm.touched ? new AffinityPreScoreState(sm.m) : null;
}

/** Upstream Score: the sum over topology keys of the node's value's weight (positive attracts, negative repels). */
export function scoreNode(s: AffinityPreScoreState, node: NodeInfo): number {
  const labels = node.node.metadata.labels ?? {};
  let score = 0;
  for (const [key, byValue] of s.topologyScore) {
    const v = labels[key];
    if (v !== undefined) score += byValue.get(v) ?? 0;
  }
  return score;
}

/** Upstream NormalizeScore: ⌊MaxNodeScore·(s − min)/(max − min)⌋, all 0 when max = min. */
export function normalizeScores(s: AffinityPreScoreState, scores: Float64Array): void {
  if (s.topologyScore.size === 0) return;
  let min = Infinity;
  let max = -Infinity;
  for (const v of scores) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MaxNodeScore * (((scores[i] as number) - min) / diff)) : 0;
}
