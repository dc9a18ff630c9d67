/** Builders of nodes, pods, NodeInfos and a fake framework handle for scheduler tests. */
import type { Node, Pod } from '../../src/api/objects.js';
import { RandomStreams } from '../../src/engine/rng.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import type { FrameworkHandle, Snapshot } from '../../src/scheduler/framework/handle.js';
import { NodeInfo } from '../../src/scheduler/framework/node-info.js';
import { PodInfo } from '../../src/scheduler/framework/pod-info.js';

/** Mutable shapes for building test objects. */
type Spec<T> = { -readonly [K in keyof T]?: T[K] };

/** A node with capacity (canonical amounts), labels and taints. */
export function makeNode(name: string, allocatable: Record<string, number> = { cpu: 4000, memory: 8 * 2 ** 30, pods: 110 }, extra: { labels?: Record<string, string>; spec?: Node['spec']; images?: Node['status']['images'] } = {}): Node {
  return {
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, resourceVersion: 1, creationTimestamp: 0, labels: { 'kubernetes.io/hostname': name, ...extra.labels } },
    spec: extra.spec ?? {},
    status: { capacity: allocatable, allocatable, conditions: [], ...(extra.images === undefined ? {} : { images: extra.images }) },
  };
}

/** A pod; `requests` go on one container named `c`. */
export function makePod(name: string, requests: Record<string, number> = {}, spec: Spec<Pod['spec']> = {}, labels: Record<string, string> = {}, namespace = 'default'): Pod {
  return {
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, resourceVersion: 1, creationTimestamp: 0, labels },
    spec: {
      schedulerName: 'default-scheduler',
      priority: 0,
      containers: [{ name: 'c', image: 'pause', resources: { requests, limits: {} } }],
      ...spec,
    } as Pod['spec'],
    status: { phase: 'Pending', conditions: [] },
  };
}

/** A NodeInfo of `node` holding `pods`. */
export function makeNodeInfo(node: Node, pods: Pod[] = []): NodeInfo {
  const ni = new NodeInfo(node);
  for (const p of pods) ni.addPod(new PodInfo({ ...p, spec: { ...p.spec, nodeName: node.metadata.name } }));
  return ni;
}

/** A snapshot over `nodes`. */
export function makeSnapshot(nodes: NodeInfo[]): Snapshot {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  return {
    nodeInfoList: nodes,
    havePodsWithAffinityList: () => nodes.filter((n) => n.podsWithAffinity.length > 0),
    havePodsWithRequiredAntiAffinityList: () => nodes.filter((n) => n.podsWithRequiredAntiAffinity.length > 0),
    get: (name) => byName.get(name),
  };
}

/** A handle over `nodes` whose API calls and filter runs are given by the test (defaults: succeed). */
export function makeHandle(nodes: NodeInfo[], overrides: Partial<FrameworkHandle> = {}): FrameworkHandle {
  return {
    snapshot: makeSnapshot(nodes),
    now: () => 0,
    rng: new RandomStreams(1).stream('test'),
    send: (_req, done) => done({ code: 201 }),
    runFilterPlugins: () => null,
    runPreFilterExtensionAddPod: () => null,
    runPreFilterExtensionRemovePod: () => null,
    podDisruptionBudgets: () => [],
    ...overrides,
  };
}

/** A fresh cycle state. */
export function newState(): CycleState {
  return new CycleState();
}

/** PodInfo of a pod. */
export function info(pod: Pod): PodInfo {
  return new PodInfo(pod);
}
