/**
 * The feasibility checks of the scheduler stand-in, named after the upstream Filter plugins they
 * approximate: NodeUnschedulable, TaintToleration (NoSchedule/NoExecute), NodeAffinity
 * (nodeSelector only) and NodeResourcesFit (cpu, memory, pods).
 */
import type { Node, Pod, Taint, Toleration } from '../api/objects.js';

/** The scheduler's cached view of one node: allocatable and what assumed/bound pods request. */
export interface NodeInfo {
  node: Node;
  readonly name: string;
  requestedMilliCpu: number;
  requestedMemory: number;
  podCount: number;
}

/** A pod's requests as the stand-in counts them. */
export interface PodRequests {
  readonly milliCpu: number;
  readonly memory: number;
}

/** True when a toleration tolerates the taint (upstream `Toleration.ToleratesTaint`). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key === undefined || t.key === '') return t.operator === 'Exists';
  if (t.key !== taint.key) return false;
  return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

/** True when the pod can run on the node given what is already requested there. */
export function fits(info: NodeInfo, pod: Pod, req: PodRequests): boolean {
  const node = info.node;
  if (node.spec.unschedulable === true) return false;
  const alloc = node.status.allocatable;
  if (info.podCount + 1 > (alloc['pods'] ?? 0)) return false;
  if (req.milliCpu > 0 && info.requestedMilliCpu + req.milliCpu > (alloc['cpu'] ?? 0)) return false;
  if (req.memory > 0 && info.requestedMemory + req.memory > (alloc['memory'] ?? 0)) return false;
  const taints = node.spec.taints;
  if (taints !== undefined) {
    for (const taint of taints) {
      if (taint.effect === 'PreferNoSchedule') continue;
      const tols = pod.spec.tolerations;
      if (tols === undefined || !tols.some((t) => tolerates(t, taint))) return false;
    }
  }
  const selector = pod.spec.nodeSelector;
  if (selector !== undefined) {
    const labels = node.metadata.labels ?? {};
    for (const k in selector) if (labels[k] !== selector[k]) return false;
  }
  return true;
}
