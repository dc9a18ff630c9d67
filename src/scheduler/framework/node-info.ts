/**
 * The scheduler cache's aggregate of one node (upstream framework.NodeInfo): allocatable,
 * what its pods request, its pods (and those with pod affinity), used host ports and images.
 */
import type { Node } from '../../api/objects.js';
import type { NodeGpus } from '../../dra/gpu/node-gpus.js';
import type { PodInfo, Resources } from './pod-info.js';

/** Image sizes and how many nodes have each image (shared by all NodeInfos of a cache). */
export interface ImageStateSummary {
  readonly size: number;
  numNodes: number;
}

function resourcesOf(list: Readonly<Record<string, number>>): Resources {
  const r: Resources = { milliCpu: list['cpu'] ?? 0, memory: list['memory'] ?? 0, ephemeralStorage: list['ephemeral-storage'] ?? 0, scalar: new Map() };
  for (const [name, v] of Object.entries(list)) {
    if (name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && name !== 'pods') r.scalar.set(name, v);
  }
  return r;
}

function sameAmounts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Indexes into `NodeInfo.amounts`: pods left, allocatable and requested cpu and memory, the
 * non-zero requests scoring uses, and ephemeral storage left.
 */
export const AMOUNT_PODS_LEFT = 0;
export const AMOUNT_ALLOC_CPU = 1;
export const AMOUNT_ALLOC_MEMORY = 2;
export const AMOUNT_REQ_CPU = 3;
export const AMOUNT_REQ_MEMORY = 4;
export const AMOUNT_NONZERO_CPU = 5;
export const AMOUNT_NONZERO_MEMORY = 6;
export const AMOUNT_EPHEMERAL_LEFT = 7;

/** One node with its pods, as scheduling plugins see it. */
export class NodeInfo {
  node: Node;
  readonly name: string;
  /** `spec.unschedulable` and `spec.taints` copied here: Filter reads them for every node of every cycle. */
  unschedulable: boolean;
  taints: Node['spec']['taints'];
  allocatable: Resources;
  allowedPodNumber: number;
  readonly requested: Resources = { milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
  nonZeroMilliCpu = 0;
  nonZeroMemory = 0;
  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** `protocol/hostIP/port` of host ports in use. */
  readonly usedPorts = new Map<string, number>();
  /** Images present on the node by name (each name of each image), with the cluster-wide summary. */
  imageStates: Map<string, ImageStateSummary> = new Map();
  /** The node's GPUs with their free shares, when DRA or a GPU trace gives the node any. */
  gpus: NodeGpus | undefined = undefined;
  /** Bumped on every change (for caches that key on it). */
  generation = 0;
  /**
   * The numbers NodeResourcesFit and the allocation scorers read for every node of every cycle
   * (AMOUNT_* indexes), copied from allocatable, requested and the non-zero sums after each
   * change. Eight raw doubles in one small typed array: a cycle over thousands of nodes then
   * touches one object per node instead of four objects and the boxed numbers behind them, and
   * the scheduler's time goes to computing rather than to cache misses.
   */
  readonly amounts = new Float64Array(8);

  constructor(node: Node) {
    this.node = node;
    this.name = node.metadata.name;
    this.unschedulable = node.spec.unschedulable === true;
    this.taints = node.spec.taints;
    this.allocatable = resourcesOf(node.status.allocatable);
    this.allowedPodNumber = node.status.allocatable['pods'] ?? 0;
    this.refreshAmounts();
  }

  /** Replaces the node object (labels, taints, allocatable may change). */
  setNode(node: Node): void {
    const before = this.node.status.allocatable;
    this.node = node;
    this.unschedulable = node.spec.unschedulable === true;
    this.taints = node.spec.taints;
    // Most node updates (status heartbeats) leave allocatable alone: keep the object the filters read, close to this one in memory.
    if (!sameAmounts(before, node.status.allocatable)) this.allocatable = resourcesOf(node.status.allocatable);
    this.allowedPodNumber = node.status.allocatable['pods'] ?? 0;
    this.refreshAmounts();
    this.generation++;
  }

  /** Adds a pod's requests, ports and affinity bookkeeping. */
  addPod(p: PodInfo): void {
    this.pods.push(p);
    if (p.hasAffinity) this.podsWithAffinity.push(p);
    if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(p);
    this.account(p, 1);
  }

  /** Removes the pod with `key`; false when it was not on the node. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const p = this.pods[i] as PodInfo;
    this.pods.splice(i, 1);
    removeFrom(this.podsWithAffinity, key);
    removeFrom(this.podsWithRequiredAntiAffinity, key);
    this.gpus?.unassign(key);
    this.account(p, -1);
    return true;
  }

  /**
   * A copy whose pod lists and sums can be changed without touching this one (upstream
   * NodeInfo.Snapshot, for preemption's and nominated pods' what-if): fields are copied, not
   * recomputed from the pods.
   */
  snapshotCopy(): NodeInfo {
    const c = new NodeInfo(this.node);
    c.allocatable = this.allocatable;
    c.pods.push(...this.pods);
    c.podsWithAffinity.push(...this.podsWithAffinity);
    c.podsWithRequiredAntiAffinity.push(...this.podsWithRequiredAntiAffinity);
    const r = this.requested;
    c.requested.milliCpu = r.milliCpu;
    c.requested.memory = r.memory;
    c.requested.ephemeralStorage = r.ephemeralStorage;
    for (const [name, v] of r.scalar) c.requested.scalar.set(name, v);
    c.nonZeroMilliCpu = this.nonZeroMilliCpu;
    c.nonZeroMemory = this.nonZeroMemory;
    for (const [port, n] of this.usedPorts) c.usedPorts.set(port, n);
    c.imageStates = this.imageStates;
    c.gpus = this.gpus?.clone();
    c.generation = this.generation;
    c.refreshAmounts();
    return c;
  }

  private account(p: PodInfo, sign: 1 | -1): void {
    const r = p.requests;
    this.requested.milliCpu += sign * r.milliCpu;
    this.requested.memory += sign * r.memory;
    this.requested.ephemeralStorage += sign * r.ephemeralStorage;
    for (const [name, v] of r.scalar) this.requested.scalar.set(name, (this.requested.scalar.get(name) ?? 0) + sign * v);
    this.nonZeroMilliCpu += sign * p.nonZeroMilliCpu;
    this.nonZeroMemory += sign * p.nonZeroMemory;
    for (const port of p.hostPorts) {
      const key = portKey(port.protocol ?? 'TCP', port.hostIP ?? '0.0.0.0', port.hostPort ?? 0);
      const n = (this.usedPorts.get(key) ?? 0) + sign;
      if (n > 0) this.usedPorts.set(key, n);
      else this.usedPorts.delete(key);
    }
    this.refreshAmounts();
    this.generation++;
  }

  /** Copies the current sums into `amounts`. */
  private refreshAmounts(): void {
    const m = this.amounts;
    const a = this.allocatable;
    const r = this.requested;
    m[AMOUNT_PODS_LEFT] = this.allowedPodNumber - this.pods.length;
    m[AMOUNT_ALLOC_CPU] = a.milliCpu;
    m[AMOUNT_ALLOC_MEMORY] = a.memory;
    m[AMOUNT_REQ_CPU] = r.milliCpu;
    m[AMOUNT_REQ_MEMORY] = r.memory;
    m[AMOUNT_NONZERO_CPU] = this.nonZeroMilliCpu;
    m[AMOUNT_NONZERO_MEMORY] = this.nonZeroMemory;
    m[AMOUNT_EPHEMERAL_LEFT] = a.ephemeralStorage - r.ephemeralStorage;
  }
}

/** The key of a used host port. */
export function portKey(protocol: string, hostIP: string, port: number): string {
  return `${protocol}/${hostIP}/${port}`;
}

function removeFrom(list: PodInfo[], key: string): void {
  const i = list.findIndex((p) => p.key === key);
  if (i >= 0) list.splice(i, 1);
}
