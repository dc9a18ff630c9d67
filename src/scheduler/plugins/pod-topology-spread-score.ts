/**
 * PodTopologySpread PreScore/Score/NormalizeScore for ScheduleAnyway constraints, after upstream
 * pkg/scheduler/framework/plugins/podtopologyspread/scoring.go. PreScore counts matching pods per
 * topology value over all eligible nodes (hostname constraints are counted per node at Score); a
 * node's raw score is Σ count·log(domains + 2) + (maxSkew − 1); NormalizeScore maps fewer matching
 * pods to a higher score and gives nodes missing a topology key 0.
 */
import type { Pod } from '../../api/objects.js';
import type { NodeInfo } from '../framework/node-info.js';
import { MaxNodeScore } from '../framework/status.js';
import { LabelHostname, NodeInclusion, nodeHasAllKeys, type MatchCountMemo, type SpreadConstraint } from './pod-topology-spread-common.js';

/** PreScore's result; never changed after PreScore, so `clone()` shares it (as upstream preScoreState.Clone). */
export class SpreadPreScoreState {
  constructor(
    /** The pod's ScheduleAnyway constraints. */
    readonly constraints: readonly SpreadConstraint[],
    /** Nodes that lack some topology key (only when all keys are required): scored 0. */
    readonly ignored: ReadonlySet<string>,
    /** Names of the nodes PreScore was given, in order: NormalizeScore's `scores[i]` belongs to `nodeOrder[i]`. */
    readonly nodeOrder: readonly string[],
    /** Per constraint: topology value → matching pods; undefined for hostname constraints (counted at Score). */
    readonly counts: readonly (Map<string, number> | undefined)[],
    /** Per constraint: log(domains + 2), so small topologies are not watered down by big ones. */
    readonly weights: readonly number[],
  ) {}

  /** Shared, as it is read-only. */
  clone(): SpreadPreScoreState {
    return this;
  }
}

/** Upstream topologyNormalizingWeight. */
function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/**
 * Upstream initPreScoreState + PreScore. `requireAllTopologies` is false only for system-default
 * constraints, so nodes without a zone label still get hostname spreading. Null when there is
 * nothing to score (Skip).
 */
export function computePreScoreState(
  pod: Pod, constraints: readonly SpreadConstraint[], filteredNodes: readonly NodeInfo[], allNodes: readonly NodeInfo[], requireAllTopologies: boolean, memo: MatchCountMemo,
): SpreadPreScoreState | null {
  if (allNodes.length === 0 || constraints.length === 0) return null;
  const ignored = new Set<string>();
  const counts = constraints.map((c) => (c.topologyKey === LabelHostname ? undefined : new Map<string, number>()));
  for (const ni of filteredNodes) {
    const labels = ni.node.metadata.labels ?? {};
    if (requireAllTopologies && !nodeHasAllKeys(labels, constraints)) {
      ignored.add(ni.name);
      continue;
    }
    for (let i = 0; i < constraints.length; i++) {
      const m = counts[i];
      const value = labels[(constraints[i] as SpreadConstraint).topologyKey] ?? '';
      if (m !== undefined && !m.has(value)) m.set(value, 0);
    }
  }
  const weights = constraints.map((c, i) =>
    topologyNormalizingWeight(c.topologyKey === LabelHostname ? filteredNodes.length - ignored.size : (counts[i] as Map<string, number>).size));

  const ns = pod.metadata.namespace;
  for (const ni of allNodes) {
    const labels = ni.node.metadata.labels ?? {};
    if (requireAllTopologies && !nodeHasAllKeys(labels, constraints)) continue;
    const inclusion = new NodeInclusion(pod, ni.node);
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as SpreadConstraint;
      const m = counts[i];
      if (m === undefined || !inclusion.includes(c)) continue;
      // Only domains of candidate nodes are counted.
      const value = labels[c.topologyKey] ?? '';
      const cur = m.get(value);
      if (cur !== undefined) m.set(value, cur + memo.count(ni, c, ns));
    }
  }
  return new SpreadPreScoreState(constraints, ignored, filteredNodes.map((n) => n.name), counts, weights);
}

/** Upstream Score: Σ over constraints whose key the node has of count·weight + (maxSkew − 1), rounded; 0 for ignored nodes. */
export function scoreNode(s: SpreadPreScoreState, pod: Pod, ni: NodeInfo, memo: MatchCountMemo): number {
  if (s.ignored.has(ni.name)) return 0;
  const labels = ni.node.metadata.labels ?? {};
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as SpreadConstraint;
    const value = labels[c.topologyKey];
    if (value === undefined) continue;
    const m = s.counts[i];
    const cnt = m === undefined ? memo.count(ni, c, pod.metadata.namespace) : (m.get(value) ?? 0);
    score += cnt * (s.weights[i] as number) + (c.maxSkew - 1);
  }
  return Math.round(score);
}

/** Upstream NormalizeScore: MaxNodeScore·(max + min − s)/max (integer division), MaxNodeScore when max is 0, 0 for ignored nodes. */
export function normalizeScores(s: SpreadPreScoreState, scores: Float64Array): void {
  const ignoredAt = (i: number): boolean => s.ignored.size > 0 && s.ignored.has(s.nodeOrder[i] ?? '');
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (ignoredAt(i)) continue;
    const v = scores[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < scores.length; i++) {
    if (ignoredAt(i)) scores[i] = 0;
    else if (max === 0) scores[i] = MaxNodeScore;
    else scores[i] = Math.trunc((MaxNodeScore * (max + min - (scores[i] as number))) / max);
  }
}
