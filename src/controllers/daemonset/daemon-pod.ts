/**
 * What a DaemonSet's pod is and where it belongs, after pkg/controller/daemon/util/daemonset_util.go
 * and daemon_controller.go (NodeShouldRunDaemonPod): the pod gets the default tolerations a
 * daemon needs (AddOrUpdateDaemonPodTolerations) and a required node affinity naming its node by
 * `metadata.name` (ReplaceDaemonSetPodNodeNameNodeAffinity), so the default scheduler binds it
 * there. A node runs the daemon when its name, labels (nodeSelector and required node affinity)
 * and taints admit the pod; a pod keeps running on a node whose untolerated taints are only
 * NoSchedule.
 */
import type { DaemonSet } from '../../api/apps.js';
import { matchesNodeSelectorTerms } from '../../api/label-selector.js';
import type { Affinity, Node, Pod, Taint, Toleration } from '../../api/objects.js';
import { tolerationsTolerateTaint } from '../../api/toleration.js';

/** The label carrying the template revision a pod was created from (apps.ControllerRevisionHashLabelKey). */
export const controllerRevisionHashLabel = 'controller-revision-hash';

const noExecute = (key: string): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute' });
const noSchedule = (key: string): Toleration => ({ key, operator: 'Exists', effect: 'NoSchedule' });

/** The template's tolerations plus the daemon defaults it lacks (AddOrUpdateDaemonPodTolerations; network-unavailable only with hostNetwork). */
export function daemonPodTolerations(spec: Pod['spec']): Toleration[] {
  const out = [...(spec.tolerations ?? [])];
  const defaults = [
    noExecute('node.kubernetes.io/not-ready'),
    noExecute('node.kubernetes.io/unreachable'),
    noSchedule('node.kubernetes.io/disk-pressure'),
    noSchedule('node.kubernetes.io/memory-pressure'),
    noSchedule('node.kubernetes.io/pid-pressure'),
    noSchedule('node.kubernetes.io/unschedulable'),
    ...(spec.hostNetwork === true ? [noSchedule('node.kubernetes.io/network-unavailable')] : []),
  ];
  for (const d of defaults) {
    const i = out.findIndex((t) => t.key === d.key && t.effect === d.effect);
    if (i < 0) out.push(d);
    else out[i] = d;
  }
  return out;
}

/** `affinity` with its required node affinity replaced by one term selecting `nodeName` by field (ReplaceDaemonSetPodNodeNameNodeAffinity). */
export function pinToNode(affinity: Affinity | undefined, nodeName: string): Affinity {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [nodeName] }] }] };
  return { ...affinity, nodeAffinity: { ...affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required } };
}

/** The node a daemon pod is on or pinned to: its nodeName, else the single name its node affinity selects (GetTargetNodeName). */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec.nodeName !== undefined) return pod.spec.nodeName;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) {
    for (const f of t.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

function firstUntolerated(taints: readonly Taint[], tolerations: readonly Toleration[], effects: readonly Taint['effect'][]): Taint | undefined {
  return taints.find((t) => effects.includes(t.effect) && !tolerationsTolerateTaint(tolerations, t));
}

/** Whether `node` should get the daemon pod (shouldRun) and whether one there may stay (shouldContinueRunning). */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): { readonly shouldRun: boolean; readonly shouldContinueRunning: boolean } {
  const spec = ds.spec.template.spec;
  if (spec.nodeName !== undefined && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return { shouldRun: false, shouldContinueRunning: false };
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required !== undefined && !matchesNodeSelectorTerms(required.nodeSelectorTerms, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec.taints ?? [];
  const tolerations = daemonPodTolerations(spec);
  if (firstUntolerated(taints, tolerations, ['NoSchedule', 'NoExecute']) === undefined) return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: firstUntolerated(taints, tolerations, ['NoExecute']) === undefined };
}

/** Oldest first; at equal times a pod further along (Running over Pending) first (podByCreationTimestampAndPhase). */
export function byCreationTimestampAndPhase(a: Pod, b: Pod): number {
  if (a.metadata.creationTimestamp !== b.metadata.creationTimestamp) return a.metadata.creationTimestamp - b.metadata.creationTimestamp;
  const rank = (p: Pod): number => (p.status.phase === 'Running' ? 0 : 1);
  return rank(a) - rank(b);
}
