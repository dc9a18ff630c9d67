/**
 * PodTopologySpread PreFilter/Filter and the PreFilter AddPod/RemovePod extensions, after upstream
 * pkg/scheduler/framework/plugins/podtopologyspread/filtering.go. PreFilter counts, per DoNotSchedule
 * constraint and per topology value, the matching pods on eligible nodes; Filter then checks
 * `matchNum + selfMatch - globalMin <= maxSkew` in O(constraints) per node.
 */
import { matchesLabelSelector } from '../../api/label-selector.js';
import type { Node, Pod } from '../../api/objects.js';
import type { NodeInfo } from '../framework/node-info.js';
import { unresolvable, unschedulable, type Result } from '../framework/status.js';
import { NodeInclusion, nodeHasAllKeys, type MatchCountMemo, type SpreadConstraint } from './pod-topology-spread-common.js';

/** Filter reason when the skew would exceed maxSkew (ErrReasonConstraintsNotMatch). */
export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
/** Filter reason when the node lacks a constraint's topology key (ErrReasonNodeLabelNotMatch). */
export const ErrReasonNodeLabelNotMatch = `${ErrReasonConstraintsNotMatch} (missing required label)`;

const MaxInt32 = 2 ** 31 - 1;

/**
 * The two domains with the fewest matching pods (upstream criticalPaths): `num0` is always the minimum;
 * `num1` is >= `num0` but not necessarily the second minimum. Enough because preemption's what-if
 * only removes pods from one node per cloned state.
 */
export class CriticalPaths {
  value0: string | undefined = undefined;
  num0 = MaxInt32;
  value1: string | undefined = undefined;
  num1 = MaxInt32;

  /** Records that domain `value` now has `num` matching pods. */
  update(value: string, num: number): void {
    if (value === this.value0 || value === this.value1) {
      if (value === this.value0) this.num0 = num;
      else this.num1 = num;
      if (this.num0 > this.num1) this.swap();
    } else if (num < this.num0) {
      this.value1 = this.value0;
      this.num1 = this.num0;
      this.value0 = value;
      this.num0 = num;
    } else if (num < this.num1) {
      this.value1 = value;
      this.num1 = num;
    }
  }

  /** An independent copy. */
  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.value0 = this.value0;
    c.num0 = this.num0;
    c.value1 = this.value1;
    c.num1 = this.num1;
    return c;
  }

  private swap(): void {
    const v = this.value0;
    const n = this.num0;
    this.value0 = this.value1;
    this.num0 = this.num1;
    this.value1 = v;
    this.num1 = n;
  }
}

/** PreFilter's result, stored in the CycleState; `clone()` copies the counts (as upstream preFilterState.Clone). */
export class SpreadPreFilterState {
  constructor(
    /** The pod's DoNotSchedule constraints (shared between clones). */
    readonly constraints: readonly SpreadConstraint[],
    /** Per constraint: topology value → matching pods in that domain. */
    readonly counts: Map<string, number>[],
    /** Per constraint: eligible domains at PreFilter time (AddPod/RemovePod leave it unchanged, as upstream). */
    readonly domains: readonly number[],
    /** Per constraint: the critical paths giving the global minimum. */
    readonly paths: CriticalPaths[],
  ) {}

  /** A copy whose counts can change without touching this one. */
  clone(): SpreadPreFilterState {
    return new SpreadPreFilterState(this.constraints, this.counts.map((m) => new Map(m)), this.domains, this.paths.map((p) => p.clone()));
  }

  /** The global minimum for constraint `i`, 0 when there are fewer eligible domains than minDomains (upstream minMatchNum). */
  minMatchNum(i: number): number {
    const c = this.constraints[i] as SpreadConstraint;
    if ((this.domains[i] ?? 0) < c.minDomains) return 0;
    return (this.paths[i] as CriticalPaths).num0;
  }
}

/** Upstream calPreFilterState: counts over `nodes` that carry every topology key and pass each constraint's inclusion policies. */
export function computePreFilterState(pod: Pod, constraints: readonly SpreadConstraint[], nodes: readonly NodeInfo[], memo: MatchCountMemo): SpreadPreFilterState {
  const counts = constraints.map(() => new Map<string, number>());
  const ns = pod.metadata.namespace;
  for (const ni of nodes) {
    const node = ni.node;
    const labels = node.metadata.labels ?? {};
    if (!nodeHasAllKeys(labels, constraints)) continue;
    const inclusion = new NodeInclusion(pod, node);
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as SpreadConstraint;
      if (!inclusion.includes(c)) continue;
      const value = labels[c.topologyKey] as string;
      const m = counts[i] as Map<string, number>;
      m.set(value, (m.get(value) ?? 0) + memo.count(ni, c, ns));
    }
  }
  const paths = counts.map((m) => {
    const p = new CriticalPaths();
    for (const [value, num] of m) p.update(value, num);
    return p;
  });
  return new SpreadPreFilterState(constraints, counts, counts.map((m) => m.size), paths);
}

/** Upstream Filter: the node must carry every key and keep every skew within maxSkew. */
export function filterNode(s: SpreadPreFilterState, pod: Pod, node: Node): Result {
  const labels = node.metadata.labels ?? {};
  const podLabels = pod.metadata.labels;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as SpreadConstraint;
    const value = labels[c.topologyKey];
    if (value === undefined) return unresolvable(ErrReasonNodeLabelNotMatch);
    const selfMatch = matchesLabelSelector(c.selector, podLabels) ? 1 : 0;
    const matchNum = (s.counts[i] as Map<string, number>).get(value) ?? 0;
    if (matchNum + selfMatch - s.minMatchNum(i) > c.maxSkew) return unschedulable(ErrReasonConstraintsNotMatch);
  }
  return null;
}

/** Upstream updateWithPod: `delta` (+1 AddPod, −1 RemovePod) for `updated` placed on `node`, for the preemptor `pod`. */
export function updateWithPod(s: SpreadPreFilterState, pod: Pod, updated: Pod, node: Node, delta: 1 | -1): void {
  if (updated.metadata.namespace !== pod.metadata.namespace) return;
  const labels = node.metadata.labels ?? {};
  if (!nodeHasAllKeys(labels, s.constraints)) return;
  const inclusion = new NodeInclusion(pod, node);
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as SpreadConstraint;
    if (!matchesLabelSelector(c.selector, updated.metadata.labels) || !inclusion.includes(c)) continue;
    const value = labels[c.topologyKey] as string;
    const m = s.counts[i] as Map<string, number>;
    const n = (m.get(value) ?? 0) + delta;
    m.set(value, n);
    (s.paths[i] as CriticalPaths).update(value, n);
  }
}
