/**
 * InterPodAffinity PreFilter/Filter and the AddPod/RemovePod extensions, after upstream
 * pkg/scheduler/framework/plugins/interpodaffinity/filtering.go. PreFilter precomputes three
 * topology-pair counters; Filter then checks a node in O(terms + distinct topology keys).
 */
import type { Pod } from '../../api/objects.js';
import type { NodeInfo } from '../framework/node-info.js';
import { unresolvable, unschedulable, type Result } from '../framework/status.js';
import { TopologyCounts, affinityTermsOf, podMatchesAllTerms, termMatches, type AffinityTerm, type PodAffinityTerms } from './inter-pod-affinity-terms.js';

/** Reason when an existing pod's required anti-affinity selects the incoming pod. */
export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
/** Reason when the incoming pod's required affinity is not satisfied. */
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
/** Reason when the incoming pod's required anti-affinity is violated. */
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

/** PreFilter's result; `clone()` copies the counters (the pod and its terms are shared), as upstream preFilterState.Clone. */
export class AffinityPreFilterState {
  constructor(
    /** The incoming pod. */
    readonly pod: Pod,
    /** Its parsed terms. */
    readonly terms: PodAffinityTerms,
    /** Topology pairs → existing pods whose required anti-affinity terms select the incoming pod. */
    readonly existingAntiAffinityCounts: TopologyCounts,
    /** Topology pairs → existing pods matching all the incoming pod's required affinity terms (once per term). */
    readonly affinityCounts: TopologyCounts,
    /** Topology pairs → existing pods matched by each of the incoming pod's required anti-affinity terms. */
    readonly antiAffinityCounts: TopologyCounts,
  ) {}

  /** A copy whose counters can change without touching this one. */
  clone(): AffinityPreFilterState {
    return new AffinityPreFilterState(this.pod, this.terms, this.existingAntiAffinityCounts.clone(), this.affinityCounts.clone(), this.antiAffinityCounts.clone());
  }

  /** Upstream updateWithPod: counts `other` on `node` with `delta` (+1 AddPod, −1 RemovePod). */
  updateWithPod(other: Pod, node: NodeInfo, delta: 1 | -1): void {
    const labels = node.node.metadata.labels ?? {};
    for (const t of affinityTermsOf(other).requiredAntiAffinity) {
      if (termMatches(t, this.pod)) this.existingAntiAffinityCounts.addOnNode(labels, t.topologyKey, delta);
    }
    addIncomingTerms(this.terms, other, labels, this.affinityCounts, this.antiAffinityCounts, delta);
  }
}

function addIncomingTerms(
  terms: PodAffinityTerms, other: Pod, labels: Readonly<Record<string, string>>, affinity: TopologyCounts, anti: TopologyCounts, delta: number,
): void {
  if (podMatchesAllTerms(terms.requiredAffinity, other)) {
    for (const t of terms.requiredAffinity) affinity.addOnNode(labels, t.topologyKey, delta);
  }
  for (const t of terms.requiredAntiAffinity) if (termMatches(t, other)) anti.addOnNode(labels, t.topologyKey, delta);
}

/**
 * Upstream PreFilter: existing pods' anti-affinity over `nodesWithRequiredAntiAffinity` only; the
 * incoming pod's required terms over every pod of `allNodes` (only when it has such terms). Null
 * when nothing can reject a node (Skip).
 */
export function computePreFilterState(pod: Pod, allNodes: readonly NodeInfo[], nodesWithRequiredAntiAffinity: readonly NodeInfo[]): AffinityPreFilterState | null {
  const terms = affinityTermsOf(pod);
  const existingAnti = new TopologyCounts();
  for (const ni of nodesWithRequiredAntiAffinity) {
    const labels = ni.node.metadata.labels ?? {};
    for (const p of ni.podsWithRequiredAntiAffinity) {
      for (const t of affinityTermsOf(p.pod).requiredAntiAffinity) if (termMatches(t, pod)) existingAnti.addOnNode(labels, t.topologyKey, 1);
    }
  }
  const affinity = new TopologyCounts();
  const anti = new TopologyCounts();
  const hasRequired = terms.requiredAffinity.length > 0 || terms.requiredAntiAffinity.length > 0;
  if (hasRequired) {
    for (const ni of allNodes) {
      const labels = ni.node.metadata.labels ?? {};
      for (const p of ni.pods) addIncomingTerms(terms, p.pod, labels, affinity, anti, 1);
    }
  }
  if (existingAnti.size === 0 && !hasRequired) return null;
  return new AffinityPreFilterState(pod, terms, existingAnti, affinity, anti);
}

/** Upstream satisfyPodAffinity, with the special case for the first pod of a group with affinity to itself. */
function satisfiesPodAffinity(s: AffinityPreFilterState, labels: Readonly<Record<string, string>>): boolean {
  let podsExist = true;
  for (const t of s.terms.requiredAffinity) {
    const v = labels[t.topologyKey];
    if (v === undefined) return false; // every topology key must exist on the node
    if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // No pod in the cluster matches yet: allow the pod if it matches its own terms.
  return s.affinityCounts.size === 0 && podMatchesAllTerms(s.terms.requiredAffinity, s.pod);
}

/** Upstream satisfyPodAntiAffinity. */
function satisfiesPodAntiAffinity(s: AffinityPreFilterState, labels: Readonly<Record<string, string>>): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  for (const t of s.terms.requiredAntiAffinity as readonly AffinityTerm[]) {
    const v = labels[t.topologyKey];
    if (v !== undefined && s.antiAffinityCounts.get(t.topologyKey, v) > 0) return false;
  }
  return true;
}

/** Upstream Filter: affinity (unresolvable), then anti-affinity and existing pods' anti-affinity (unschedulable). */
export function filterNode(s: AffinityPreFilterState, node: NodeInfo): Result {
  const labels = node.node.metadata.labels ?? {};
  if (!satisfiesPodAffinity(s, labels)) return unresolvable(ErrReasonAffinityRulesNotMatch);
  if (!satisfiesPodAntiAffinity(s, labels)) return unschedulable(ErrReasonAntiAffinityRulesNotMatch);
  if (s.existingAntiAffinityCounts.size > 0 && s.existingAntiAffinityCounts.anyPositiveOn(labels)) {
    return unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
  }
  return null;
}
