/**
 * kube-controller-manager's shared pod informer with its `spec.nodeName` index, as the node
 * lifecycle and taint eviction controllers use it: one watch of all pods (listed first), the pods
 * of each node, and change notifications to every controller that shares it.
 */
import { objectKey, type Pod } from '../../api/objects.js';
import type { ObjectStore, Watch, WatchEventType } from '../../api/object-store.js';

/** A pod change: the pod as it is now (the last state for DELETED) and as it was before, if known. */
export type PodListener = (type: WatchEventType, pod: Pod, old: Pod | undefined) => void;

/** Pods by key and by node from one watch, shared by listeners. */
export class PodsByNode {
  private readonly pods = new Map<string, Pod>();
  private readonly byNode = new Map<string, Set<string>>();
  private readonly listeners: PodListener[] = [];
  private readonly watch: Watch;

  constructor(store: ObjectStore) {
    this.watch = store.watch('Pod', (e) => this.onPod(e.type, e.object), { list: true });
  }

  /** Calls `listener` on every later change. */
  subscribe(listener: PodListener): void {
    this.listeners.push(listener);
  }

  /** The pod at `key` as last seen. */
  get(key: string): Pod | undefined {
    return this.pods.get(key);
  }

  /** The pods bound to `node`, in the order they were bound. */
  onNode(node: string): Pod[] {
    const keys = this.byNode.get(node);
    if (keys === undefined) return [];
    const out: Pod[] = [];
    for (const k of keys) {
      const p = this.pods.get(k);
      if (p !== undefined) out.push(p);
    }
    return out;
  }

  /** Stops the watch. */
  stop(): void {
    this.watch.stop();
  }

  private onPod(type: WatchEventType, pod: Pod): void {
    const key = objectKey(pod.metadata);
    const old = this.pods.get(key);
    const before = old?.spec.nodeName;
    if (type === 'DELETED') this.pods.delete(key);
    else this.pods.set(key, pod);
    const now = type === 'DELETED' ? undefined : pod.spec.nodeName;
    if (before !== now) {
      if (before !== undefined) this.byNode.get(before)?.delete(key);
      if (now !== undefined) {
        let set = this.byNode.get(now);
        if (set === undefined) this.byNode.set(now, (set = new Set()));
        set.add(key);
      }
    }
    for (const l of this.listeners) l(type, pod, old);
  }
}
