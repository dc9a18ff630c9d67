/**
 * The scheduler's cache (upstream internal/cache): NodeInfos kept current from watch events,
 * pods assumed at the end of a scheduling cycle until their binding is confirmed or forgotten,
 * and cluster-wide image presence for ImageLocality. It serves as the cycle's snapshot: the
 * simulation runs one cycle at a time, so no copy is needed.
 */
import type { Node, Pod } from '../../api/objects.js';
import type { Snapshot } from '../framework/handle.js';
import { NodeInfo, type ImageStateSummary } from '../framework/node-info.js';
import { gpuShareNodeGpus } from '../../dra/gpu/gpu-share-annotations.js';
import type { PodInfo } from '../framework/pod-info.js';

interface PodState {
  readonly podInfo: PodInfo;
  readonly nodeName: string;
  assumed: boolean;
}

/** Normalises an image reference as the kubelet reports it: a missing tag means `:latest`. */
export function normalizedImageName(name: string): string {
  const slash = name.lastIndexOf('/');
  if (name.includes('@') || name.slice(slash + 1).includes(':')) return name;
  return `${name}:latest`;
}

/** NodeInfos by name in the order nodes were added; pod placements; image states. */
export class SchedulerCache implements Snapshot {
  readonly nodeInfoList: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodState>();
  private readonly images = new Map<string, ImageStateSummary & { nodes: Set<string> }>();
  private affinityDirty = true;
  private withAffinity: NodeInfo[] = [];
  private withAntiAffinity: NodeInfo[] = [];

  /** The NodeInfo of `nodeName`. */
  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  /** Nodes holding pods with pod (anti-)affinity, recomputed only after such pods change. */
  havePodsWithAffinityList(): readonly NodeInfo[] {
    this.refreshAffinityLists();
    return this.withAffinity;
  }

  /** Nodes holding pods with required anti-affinity. */
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    this.refreshAffinityLists();
    return this.withAntiAffinity;
  }

  /** Adds or updates a node. */
  upsertNode(node: Node): NodeInfo {
    let ni = this.byName.get(node.metadata.name);
    if (ni === undefined) {
      ni = new NodeInfo(node);
      this.byName.set(ni.name, ni);
      this.nodeInfoList.push(ni);
    } else {
      ni.setNode(node);
    }
    // A node declaring GPUs the open-gpu-share way gets them once; later updates keep their allocations.
    if (ni.gpus === undefined) ni.gpus = gpuShareNodeGpus(node);
    this.updateImages(ni);
    return ni;
  }

  /** Removes a node (its pods stay accounted until they are deleted, as upstream keeps a ghost NodeInfo). */
  removeNode(name: string): void {
    const ni = this.byName.get(name);
    if (ni === undefined) return;
    this.byName.delete(name);
    const i = this.nodeInfoList.indexOf(ni);
    if (i >= 0) this.nodeInfoList.splice(i, 1);
    for (const s of this.images.values()) if (s.nodes.delete(name)) s.numNodes = s.nodes.size;
    this.affinityDirty = true;
  }

  /** Places `podInfo` on `nodeName` as assumed (end of a scheduling cycle). */
  assumePod(podInfo: PodInfo, nodeName: string): void {
    this.place(podInfo, nodeName, true);
  }

  /** Confirms or records a bound pod seen through the watch; a pod assumed elsewhere moves. */
  addBoundPod(podInfo: PodInfo, nodeName: string): void {
    const s = this.pods.get(podInfo.key);
    if (s !== undefined && s.nodeName === nodeName) {
      s.assumed = false;
      return;
    }
    if (s !== undefined) this.removePod(podInfo.key);
    this.place(podInfo, nodeName, false);
  }

  /** Marks an assumed pod as bound (the watch confirmed the binding, or a later update of the bound pod arrived) and keeps `pod` as its latest version; its requests are unchanged. */
  confirmPod(key: string, pod?: Pod): void {
    const s = this.pods.get(key);
    if (s === undefined) return;
    s.assumed = false;
    if (pod !== undefined) s.podInfo.update(pod);
  }

  /** Forgets an assumed pod (binding failed). */
  forgetPod(key: string): void {
    const s = this.pods.get(key);
    if (s !== undefined && s.assumed) this.removePod(key);
  }

  /** Removes a pod wherever it is. */
  removePod(key: string): void {
    const s = this.pods.get(key);
    if (s === undefined) return;
    this.pods.delete(key);
    this.byName.get(s.nodeName)?.removePod(key);
    if (s.podInfo.hasAffinity) this.affinityDirty = true;
  }

  /** True when the pod is assumed or bound in the cache. */
  hasPod(key: string): boolean {
    return this.pods.has(key);
  }

  /** The node a pod is placed on, if any. */
  nodeOf(key: string): string | undefined {
    return this.pods.get(key)?.nodeName;
  }

  private place(podInfo: PodInfo, nodeName: string, assumed: boolean): void {
    this.pods.set(podInfo.key, { podInfo, nodeName, assumed });
    this.byName.get(nodeName)?.addPod(podInfo);
    if (podInfo.hasAffinity) this.affinityDirty = true;
  }

  private refreshAffinityLists(): void {
    if (!this.affinityDirty) return;
    this.withAffinity = this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    this.withAntiAffinity = this.nodeInfoList.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
    this.affinityDirty = false;
  }

  private updateImages(ni: NodeInfo): void {
    const states = new Map<string, ImageStateSummary>();
    for (const img of ni.node.status.images ?? []) {
      for (const raw of img.names) {
        const name = normalizedImageName(raw);
        let s = this.images.get(name);
        if (s === undefined) this.images.set(name, (s = { size: img.sizeBytes, numNodes: 0, nodes: new Set() }));
        s.nodes.add(ni.name);
        s.numNodes = s.nodes.size;
        states.set(name, s);
      }
    }
    ni.imageStates = states;
  }
}
