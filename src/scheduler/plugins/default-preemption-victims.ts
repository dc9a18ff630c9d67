/**
 * Victim selection on one node for DefaultPreemption, after upstream
 * pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go (SelectVictimsOnNode,
 * filterPodsWithPDBViolation, isPreemptionAllowed) and pkg/scheduler/util (MoreImportantPod,
 * GetPodStartTime). Written for kubesim; no upstream code is copied.
 */
import type { LabelSelector, Pod } from '../../api/objects.js';
import { matchesLabelSelector } from '../../api/label-selector.js';
import type { Micros } from '../../engine/simulation.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { Code, Status } from '../framework/status.js';

/** A PodDisruptionBudget as the handle exposes it (namespace, selector, status.disruptionsAllowed). */
export type PdbView = ReturnType<FrameworkHandle['podDisruptionBudgets']>[number];

/** Outcome of the what-if on one node: the victims (most important first) and how many of them violate a PDB, or why the node cannot help. */
export type VictimSelection =
  | { readonly ok: true; readonly victims: readonly PodInfo[]; readonly numPDBViolations: number }
  | { readonly ok: false; readonly status: Status };

/** Reason upstream gives when a node holds no pod of lower priority than the preemptor. */
export const noVictimsMessage = 'No preemption victims found for incoming pod';

/** A pod's priority (upstream corev1helpers.PodPriority; kubesim pods always carry spec.priority). */
export function podPriority(pod: Pod): number {
  return pod.spec.priority;
}

/** status.startTime, or `now` for pods not started yet (upstream util.GetPodStartTime returns time.Now()). */
export function podStartTime(pod: Pod, now: Micros): Micros {
  return pod.status.startTime ?? now;
}

/** Upstream util.MoreImportantPod: higher priority first; on equal priority the earlier-started pod is more important. */
export function moreImportantPod(a: Pod, b: Pod, now: Micros): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return podStartTime(a, now) < podStartTime(b, now);
}

/** Sorts pod infos by descending importance; stable, so ties keep their NodeInfo order (upstream uses the unstable sort.Slice). */
export function sortByImportance(pods: PodInfo[], now: Micros): void {
  pods.sort((x, y) => (moreImportantPod(x.pod, y.pod, now) ? -1 : moreImportantPod(y.pod, x.pod, now) ? 1 : 0));
}

function selectorIsEmpty(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}

// Upstream filterPodsWithPDBViolation: walks `pods` in order, charging each matching PDB one
// disruption; a pod whose charge drives any matching budget below zero is "violating". Order is
// preserved in both groups. A PDB with an empty selector matches nothing; unlabelled pods match none.
// (kubesim's PDB view has no status.disruptedPods, so that upstream exemption is not modelled.)
/** Upstream filterPodsWithPDBViolation: splits `pods` (order kept) into PDB-violating and non-violating victims. */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PdbView[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  if (pdbs.length === 0) return { violating: [], nonViolating: [...pods] };
  const allowed = pdbs.map((p) => p.disruptionsAllowed);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    const meta = pi.pod.metadata;
    let violated = false;
    if (meta.labels !== undefined && Object.keys(meta.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.namespace !== (meta.namespace ?? '')) return;
        if (selectorIsEmpty(pdb.selector) || !matchesLabelSelector(pdb.selector, meta.labels)) return;
        const left = (allowed[i] ?? 0) - 1;
        allowed[i] = left;
        if (left < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating };
}

/** A non-success result of a PreFilter extension as upstream's AsStatus(err): an Error status. */
function asErrorStatus(s: Status): Status {
  return s.code === Code.Error ? s : new Status(Code.Error, [s.message()], s.plugin);
}

// Upstream SelectVictimsOnNode. `nodeInfo` and `state` must be private copies (the caller passes
// `snapshotCopy()` and `clone()`); both are mutated. Removes every pod of lower priority than
// `pod` (running PreFilter RemovePod extensions), checks the preemptor then fits, and reprieves
// victims from the most important down — PDB-violating ones first — keeping each whose return
// still lets the preemptor pass Filter. Simplification: Filter runs without nominated pods
// (upstream RunFilterPluginsWithNominatedPods), as the handle has no pod nominator.
/** Upstream SelectVictimsOnNode on private copies of the node and state: the minimal victims for `pod`, or why the node cannot help. */
export function selectVictimsOnNode(
  handle: FrameworkHandle,
  state: CycleState,
  pod: PodInfo,
  nodeInfo: NodeInfo,
  pdbs: readonly PdbView[],
  now: Micros,
): VictimSelection {
  const preemptorPriority = podPriority(pod.pod);
  const remove = (pi: PodInfo): Status | null => {
    if (!nodeInfo.removePod(pi.key)) return new Status(Code.Error, [`pod ${pi.key} not found on node ${nodeInfo.name}`]);
    const s = handle.runPreFilterExtensionRemovePod(state, pod, pi, nodeInfo);
    return s === null ? null : asErrorStatus(s);
  };
  const add = (pi: PodInfo): Status | null => {
    nodeInfo.addPod(pi);
    const s = handle.runPreFilterExtensionAddPod(state, pod, pi, nodeInfo);
    return s === null ? null : asErrorStatus(s);
  };

  // Upstream isPreemptionAllowed with the default IsEligiblePod (always true): strictly lower priority.
  const potential = nodeInfo.pods.filter((pi) => podPriority(pi.pod) < preemptorPriority);
  for (const pi of potential) {
    const err = remove(pi);
    if (err !== null) return { ok: false, status: err };
  }
  if (potential.length === 0) return { ok: false, status: new Status(Code.UnschedulableAndUnresolvable, [noVictimsMessage]) };

  // Even with every lower-priority pod gone the preemptor does not fit: the node cannot help.
  const fit = handle.runFilterPlugins(state, pod, nodeInfo);
  if (fit !== null) return { ok: false, status: fit };

  sortByImportance(potential, now);
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  // Returns true when the pod can stay; otherwise it is removed again and becomes a victim.
  const reprieve = (pi: PodInfo): boolean | Status => {
    const addErr = add(pi);
    if (addErr !== null) return addErr;
    if (handle.runFilterPlugins(state, pod, nodeInfo) === null) return true;
    const removeErr = remove(pi);
    if (removeErr !== null) return removeErr;
    victims.push(pi);
    return false;
  };
  for (const pi of violating) {
    const r = reprieve(pi);
    if (r instanceof Status) return { ok: false, status: r };
    if (!r) numPDBViolations++;
  }
  for (const pi of nonViolating) {
    const r = reprieve(pi);
    if (r instanceof Status) return { ok: false, status: r };
  }
  // Two groups were appended one after the other: restore the overall importance order.
  if (violating.length > 0 && nonViolating.length > 0) sortByImportance(victims, now);
  return { ok: true, victims, numPDBViolations };
}
