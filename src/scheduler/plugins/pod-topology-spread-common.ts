/**
 * Shared pieces of the PodTopologySpread plugin, after upstream
 * pkg/scheduler/framework/plugins/podtopologyspread/common.go: the parsed constraint, how a pod's
 * constraints (its own, or the configured defaults) are built, the node inclusion policies
 * (nodeAffinityPolicy / nodeTaintsPolicy) and counting matching pods on a node.
 */
import { matchesLabelSelector, matchesNodeSelectorTerms } from '../../api/label-selector.js';
import type { LabelSelector, LabelSelectorRequirement, Node, Pod, Taint, Toleration, TopologySpreadConstraint } from '../../api/objects.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';

/** The well-known hostname label (v1.LabelHostname); scoring counts per node for it. */
export const LabelHostname = 'kubernetes.io/hostname';
/** The well-known zone label (v1.LabelTopologyZone). */
export const LabelTopologyZone = 'topology.kubernetes.io/zone';

/** Upstream's systemDefaultConstraints (plugin.go): hostname maxSkew 3 and zone maxSkew 5, both ScheduleAnyway. */
export const systemDefaultConstraints: readonly TopologySpreadConstraint[] = [
  { topologyKey: LabelHostname, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LabelTopologyZone, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/** A constraint with its defaults applied and matchLabelKeys merged (upstream topologySpreadConstraint). */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** The pods counted; undefined (a nil selector) matches no pod. */
  readonly selector: LabelSelector | undefined;
  /** True for a selector without requirements (labels.Everything()): counts no existing pod, yet the pod matches itself. */
  readonly selectorEmpty: boolean;
  /** minDomains, 1 when unset. */
  readonly minDomains: number;
  /** nodeAffinityPolicy Honor (the default): only nodes matching the pod's nodeSelector/required node affinity count. */
  readonly honorNodeAffinity: boolean;
  /** nodeTaintsPolicy Honor (default Ignore): only nodes whose NoSchedule/NoExecute taints the pod tolerates count. */
  readonly honorNodeTaints: boolean;
  /** Namespace and selector as a string: equal keys count the same pods (MatchCountMemo's key). */
  readonly countKey: string;
}

/** One of the two constraint actions. */
export type SpreadAction = TopologySpreadConstraint['whenUnsatisfiable'];

function isEmptySelector(s: LabelSelector | undefined): boolean {
  if (s === undefined) return false;
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}

function parsed(c: TopologySpreadConstraint, selector: LabelSelector | undefined, namespace: string | undefined): SpreadConstraint {
  return {
    countKey: `${namespace ?? ''}\u0000${JSON.stringify(selector ?? null)}`,
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    selectorEmpty: isEmptySelector(selector),
    minDomains: c.minDomains ?? 1,
    honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorNodeTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
  };
}

/** The selector with matchLabelKeys merged in as `key In [pod's value]` (upstream mergeLabelSetWithSelector); a nil selector stays nil. */
function withMatchLabelKeys(c: TopologySpreadConstraint, podLabels: Readonly<Record<string, string>>): LabelSelector | undefined {
  const s = c.labelSelector;
  if (s === undefined || c.matchLabelKeys === undefined || c.matchLabelKeys.length === 0) return s;
  const extra: LabelSelectorRequirement[] = [];
  for (const key of c.matchLabelKeys) {
    const v = podLabels[key];
    if (v !== undefined) extra.push({ key, operator: 'In', values: [v] });
  }
  if (extra.length === 0) return s;
  return { ...s, matchExpressions: [...(s.matchExpressions ?? []), ...extra] };
}

/**
 * The pod's constraints with `action` (upstream filterTopologySpreadConstraints / buildDefaultConstraints):
 * its own when it has any, else the defaults. Upstream derives the default constraints' selector from
 * the Services/ReplicationControllers/ReplicaSets/StatefulSets selecting the pod (helper.DefaultSelector)
 * and applies none when nothing selects it — so a bare pod gets no default spreading. Here a pod with an
 * owner reference gets its own labels as that selector (what its owner selects it by); a bare pod or a
 * pod without labels gets none.
 */
export function podConstraints(pod: Pod, action: SpreadAction, defaults: readonly TopologySpreadConstraint[]): SpreadConstraint[] {
  const labels = pod.metadata.labels ?? {};
  const ns = pod.metadata.namespace;
  const own = pod.spec.topologySpreadConstraints ?? [];
  const out: SpreadConstraint[] = [];
  if (own.length > 0) {
    for (const c of own) if (c.whenUnsatisfiable === action) out.push(parsed(c, withMatchLabelKeys(c, labels), ns));
    return out;
  }
  if (Object.keys(labels).length === 0 || (pod.metadata.ownerReferences ?? []).length === 0) return out;
  const selector: LabelSelector = { matchLabels: labels };
  for (const c of defaults) if (c.whenUnsatisfiable === action) out.push(parsed(c, selector, ns));
  return out;
}

/** True when the node has every constraint's topology key (upstream nodeLabelsMatchSpreadConstraints). */
export function nodeHasAllKeys(labels: Readonly<Record<string, string>>, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

/** True when the node matches the pod's nodeSelector and required node affinity (upstream nodeaffinity.GetRequiredNodeAffinity(pod).Match). */
export function matchesRequiredNodeAffinity(pod: Pod, node: Node): boolean {
  const sel = pod.spec.nodeSelector;
  if (sel !== undefined) {
    const labels = node.metadata.labels ?? {};
    for (const k in sel) if (labels[k] !== sel[k]) return false;
  }
  const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return req === undefined || matchesNodeSelectorTerms(req.nodeSelectorTerms, node);
}

function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** True when the pod tolerates every NoSchedule/NoExecute taint of the node (upstream FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc). */
export function toleratesNodeTaints(pod: Pod, node: Node): boolean {
  const taints = node.spec.taints;
  if (taints === undefined) return true;
  const tols = pod.spec.tolerations ?? [];
  for (const taint of taints) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tols.some((t) => tolerates(t, taint))) return false;
  }
  return true;
}

/** Per-node memo of the two inclusion checks, so each is computed at most once per node. */
export class NodeInclusion {
  private affinity: boolean | undefined;
  private taints: boolean | undefined;
  constructor(private readonly pod: Pod, private readonly node: Node) {}

  /** True when the node counts for `c` under its inclusion policies (upstream matchNodeInclusionPolicies). */
  includes(c: SpreadConstraint): boolean {
    if (c.honorNodeAffinity && !(this.affinity ??= matchesRequiredNodeAffinity(this.pod, this.node))) return false;
    if (c.honorNodeTaints && !(this.taints ??= toleratesNodeTaints(this.pod, this.node))) return false;
    return true;
  }
}

/** Pods in `namespace` matching the constraint's selector (upstream countPodsMatchSelector: an empty selector counts none). */
export function countMatching(pods: readonly PodInfo[], c: SpreadConstraint, namespace: string | undefined): number {
  if (c.selector === undefined || c.selectorEmpty) return 0;
  let n = 0;
  for (const p of pods) {
    const meta = p.pod.metadata;
    if (meta.namespace === namespace && matchesLabelSelector(c.selector, meta.labels)) n++;
  }
  return n;
}

/**
 * countMatching per node remembered across cycles while the NodeInfo's `generation` is unchanged
 * (it changes with every pod added or removed), keyed by the constraint's countKey: consecutive pods
 * of one workload then cost O(nodes) instead of O(pods). Results are identical to countMatching.
 */
export class MatchCountMemo {
  private readonly byNode = new WeakMap<NodeInfo, { generation: number; readonly counts: Map<string, number> }>();

  /** Matching pods of `c` on `ni`, for a pod in `namespace` (the namespace is part of c.countKey). */
  count(ni: NodeInfo, c: SpreadConstraint, namespace: string | undefined): number {
    if (c.selector === undefined || c.selectorEmpty || ni.pods.length === 0) return 0;
    let e = this.byNode.get(ni);
    if (e === undefined) {
      e = { generation: ni.generation, counts: new Map() };
      this.byNode.set(ni, e);
    } else if (e.generation !== ni.generation) {
      e.generation = ni.generation;
      e.counts.clear();
    }
    let n = e.counts.get(c.countKey);
    if (n === undefined) {
      if (e.counts.size >= 64) e.counts.clear();
      n = countMatching(ni.pods, c, namespace);
      e.counts.set(c.countKey, n);
    }
    return n;
  }
}
