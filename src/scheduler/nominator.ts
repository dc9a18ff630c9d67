/**
 * Pods nominated to nodes by preemption (upstream's nominator) and the filter pass that counts
 * them (upstream RunFilterPluginsWithNominatedPods): a node is checked as if the nominated pods of
 * equal or higher priority were already on it, so the room preemption freed is not taken by
 * another pod; the plain check must pass too, as upstream runs both.
 */
import type { CycleState } from './framework/cycle-state.js';
import type { NodeInfo } from './framework/node-info.js';
import type { PodInfo } from './framework/pod-info.js';
import type { Framework } from './framework/runtime.js';
import type { Result } from './framework/status.js';

/** Nominated pods by node. */
export class Nominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** Records (or moves) the nomination of `pod` to `nodeName`. */
  add(pod: PodInfo, nodeName: string): void {
    this.remove(pod.key);
    let list = this.byNode.get(nodeName);
    if (list === undefined) this.byNode.set(nodeName, (list = []));
    list.push(pod);
    this.nodeOf.set(pod.key, nodeName);
  }

  /** Forgets the nomination of the pod with `key` (bound, deleted, or nominated elsewhere). */
  remove(key: string): void {
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = this.byNode.get(node) ?? [];
    const i = list.findIndex((p) => p.key === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  /** True when no pod is nominated anywhere (filters can skip the nominated-pods pass). */
  get empty(): boolean {
    return this.nodeOf.size === 0;
  }

  /** The node a pod is nominated to, if any. */
  nominatedNode(key: string): string | undefined {
    return this.nodeOf.get(key);
  }

  /** Filter with nominated pods of priority >= the pod's added to the node (then without them), as upstream. */
  runFilterWithNominatedPods(fwk: Framework, state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    const nominated = this.byNode.get(node.name);
    if (nominated !== undefined) {
      const priority = pod.pod.spec.priority;
      const extra = nominated.filter((p) => p.key !== pod.key && p.pod.spec.priority >= priority);
      if (extra.length > 0) {
        const copy = node.snapshotCopy();
        const withNominated = state.clone();
        for (const p of extra) {
          copy.addPod(p);
          const s = fwk.runPreFilterAddPod(withNominated, pod, p, copy);
          if (s !== null) return s;
        }
        const s = fwk.runFilter(withNominated, pod, copy);
        if (s !== null) return s;
      }
    }
    return fwk.runFilter(state, pod, node);
  }
}
