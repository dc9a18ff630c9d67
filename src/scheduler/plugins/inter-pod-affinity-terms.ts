/**
 * Parsed pod (anti-)affinity terms and topology-pair counters for the InterPodAffinity plugin, after
 * upstream framework.AffinityTerm / newAffinityTerm (pkg/scheduler/framework/types.go) and
 * topologyToMatchedTermCount (pkg/scheduler/framework/plugins/interpodaffinity/filtering.go).
 */
import { matchesLabelSelector } from '../../api/label-selector.js';
import type { LabelSelector, LabelSelectorRequirement, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from '../../api/objects.js';

/**
 * One term: the pods it selects are those in `namespaces` (default: the owning pod's namespace) or
 * in a namespace matching `namespaceSelector`, whose labels match `selector`. Namespaces carry no
 * labels in the simulator except the automatic `kubernetes.io/metadata.name`, so a namespaceSelector
 * is evaluated against that label alone; `{}` matches every namespace, as upstream.
 */
export interface AffinityTerm {
  /** undefined (a nil labelSelector) matches no pod. */
  readonly selector: LabelSelector | undefined;
  readonly namespaces: ReadonlySet<string>;
  /** undefined matches no namespace (upstream labels.Nothing()). */
  readonly namespaceSelector: LabelSelector | undefined;
  readonly topologyKey: string;
}

/** A preferred term with its weight. */
export interface WeightedAffinityTerm {
  readonly term: AffinityTerm;
  readonly weight: number;
}

/** The four term lists of a pod (upstream PodInfo.RequiredAffinityTerms etc.). */
export interface PodAffinityTerms {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
}

const NamespaceNameLabel = 'kubernetes.io/metadata.name';
const noTerms: PodAffinityTerms = { requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] };

/**
 * The selector with matchLabelKeys / mismatchLabelKeys merged in as `key In|NotIn [pod's value]`,
 * which upstream's API server does at pod creation (a nil selector stays nil).
 */
function mergedSelector(pod: Pod, t: PodAffinityTerm): LabelSelector | undefined {
  const s = t.labelSelector;
  if (s === undefined) return undefined;
  const labels = pod.metadata.labels ?? {};
  const extra: LabelSelectorRequirement[] = [];
  for (const key of t.matchLabelKeys ?? []) {
    const v = labels[key];
    if (v !== undefined) extra.push({ key, operator: 'In', values: [v] });
  }
  for (const key of t.mismatchLabelKeys ?? []) {
    const v = labels[key];
    if (v !== undefined) extra.push({ key, operator: 'NotIn', values: [v] });
  }
  return extra.length === 0 ? s : { ...s, matchExpressions: [...(s.matchExpressions ?? []), ...extra] };
}

function newTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const own = t.namespaces ?? [];
  const namespaces = own.length === 0 && t.namespaceSelector === undefined ? [pod.metadata.namespace ?? ''] : own;
  return { selector: mergedSelector(pod, t), namespaces: new Set(namespaces), namespaceSelector: t.namespaceSelector, topologyKey: t.topologyKey };
}

function weighted(pod: Pod, ts: readonly WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return (ts ?? []).map((w) => ({ term: newTerm(pod, w.podAffinityTerm), weight: w.weight }));
}

// Parsed once per pod object (pods are immutable; a new version is a new object).
const cache = new WeakMap<Pod, PodAffinityTerms>();

/** The pod's parsed terms, memoised per pod object. */
export function affinityTermsOf(pod: Pod): PodAffinityTerms {
  const a = pod.spec.affinity;
  if (a === undefined || (a.podAffinity === undefined && a.podAntiAffinity === undefined)) return noTerms;
  let t = cache.get(pod);
  if (t === undefined) {
    t = {
      requiredAffinity: (a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((x) => newTerm(pod, x)),
      requiredAntiAffinity: (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((x) => newTerm(pod, x)),
      preferredAffinity: weighted(pod, a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      preferredAntiAffinity: weighted(pod, a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    };
    cache.set(pod, t);
  }
  return t;
}

/** True when the term selects `pod` (upstream AffinityTerm.Matches). */
export function termMatches(term: AffinityTerm, pod: Pod): boolean {
  const ns = pod.metadata.namespace ?? '';
  const nsOk = term.namespaces.has(ns) || (term.namespaceSelector !== undefined && matchesLabelSelector(term.namespaceSelector, { [NamespaceNameLabel]: ns }));
  return nsOk && matchesLabelSelector(term.selector, pod.metadata.labels);
}

/** True when `pod` matches every term; false for no terms (upstream podMatchesAllAffinityTerms). */
export function podMatchesAllTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod)) return false;
  return true;
}

/** Counts per topology pair (key, value), zero entries removed (upstream topologyToMatchedTermCount). */
export class TopologyCounts {
  private readonly byKey = new Map<string, Map<string, number>>();
  /** Pairs with a non-zero count. */
  size = 0;

  /** Adds `delta` to the pair (key, the node's value of key), when the node has the key. */
  addOnNode(labels: Readonly<Record<string, string>>, key: string, delta: number): void {
    const value = labels[key];
    if (value !== undefined) this.add(key, value, delta);
  }

  /** Adds `delta` to (key, value), dropping the pair when it reaches 0. */
  add(key: string, value: string, delta: number): void {
    let m = this.byKey.get(key);
    if (m === undefined) {
      m = new Map();
      this.byKey.set(key, m);
    }
    const prev = m.get(value) ?? 0;
    const n = prev + delta;
    if (n === 0) {
      if (m.delete(value)) this.size--;
      if (m.size === 0) this.byKey.delete(key);
    } else {
      if (prev === 0) this.size++;
      m.set(value, n);
    }
  }

  /** The count of (key, value), 0 when absent. */
  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  /** True when some (key, node's value of key) pair has a positive count, in O(distinct keys). */
  anyPositiveOn(labels: Readonly<Record<string, string>>): boolean {
    for (const [key, m] of this.byKey) {
      const v = labels[key];
      if (v !== undefined && (m.get(v) ?? 0) > 0) return true;
    }
    return false;
  }

  /** An independent copy. */
  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, m] of this.byKey) c.byKey.set(k, new Map(m));
    c.size = this.size;
    return c;
  }
}
