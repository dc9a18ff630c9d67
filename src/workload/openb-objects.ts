/**
 * Trace rows as Kubernetes objects: a node with its CPU and memory as capacity and its GPUs
 * declared the open-gpu-share way, a pod whose single container requests (= limits) the row's CPU
 * and memory and whose annotations ask for its GPUs. As in the paper's experiments, memory is
 * `memory_mib` MiB and requests equal limits.
 */
import type { NewObject } from '../api/object-store.js';
import type { Node, Pod } from '../api/objects.js';
import { GpuCountName, GpuMilliName, GpuModelName, gpuShareAnnotations } from '../dra/gpu/gpu-share-annotations.js';
import { GpuMilli } from '../dra/gpu/node-gpus.js';
import type { PodShape } from '../dra/gpu/typical-pods.js';
import type { TraceNode, TracePod } from './openb-trace.js';

/** Pods a trace node may hold (the kubelet's default maxPods). */
export const tracePodsPerNode = 110;
/** Pods a trace node may hold in the placement protocol: the simulator's node list declares 1001 (data/node_yaml/openb_node_list_gpu_node.yaml), so only CPU, memory and GPUs bound it. */
export const placementPodsPerNode = 1001;
const mib = 1024 * 1024;

/** The Node object of a trace node (not yet stored: no uid or resourceVersion). */
export function traceNodeObject(n: TraceNode, creationTimestamp = 0, maxPods = tracePodsPerNode): NewObject<'Node'> {
  const capacity: Record<string, number> = { cpu: n.milliCpu, memory: n.memoryMib * mib, pods: maxPods };
  const labels: Record<string, string> = { 'kubernetes.io/hostname': n.name };
  if (n.gpuCount > 0) {
    capacity[GpuCountName] = n.gpuCount;
    capacity[GpuMilliName] = n.gpuCount * GpuMilli;
    if (n.gpuModel !== '') labels[GpuModelName] = n.gpuModel;
  }
  return {
    kind: 'Node',
    metadata: { name: n.name, labels },
    spec: {},
    status: { capacity, allocatable: capacity, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: creationTimestamp }] },
  } as NewObject<'Node'>;
}

/** A stored-looking Node (uid and resourceVersion filled) for driving the scheduler cache directly. */
export function traceNode(n: TraceNode, maxPods = tracePodsPerNode): Node {
  const o = traceNodeObject(n, 0, maxPods);
  return { ...o, metadata: { ...o.metadata, uid: `uid-${n.name}`, resourceVersion: 1, creationTimestamp: 0 } } as Node;
}

/** The Pod object of a trace pod named `name` (not yet stored). */
export function tracePodObject(p: TracePod, name: string, namespace: string, schedulerName: string): NewObject<'Pod'> {
  const resources = { cpu: p.milliCpu, memory: p.memoryMib * mib };
  const annotations = p.gpuCount > 0 && p.gpuMilli > 0 ? gpuShareAnnotations(p.gpuCount, p.gpuMilli, p.gpuModels) : undefined;
  return {
    kind: 'Pod',
    metadata: { name, namespace, ...(annotations === undefined ? {} : { annotations }) },
    spec: { schedulerName, priority: 0, containers: [{ name: 'task', image: 'openb-task', resources: { requests: resources, limits: resources } }] },
    status: { phase: 'Pending', conditions: [] },
  } as NewObject<'Pod'>;
}

/** A stored-looking Pod for driving the scheduling framework directly. */
export function tracePod(p: TracePod, name: string, namespace: string, schedulerName: string): Pod {
  const o = tracePodObject(p, name, namespace, schedulerName);
  return { ...o, metadata: { ...o.metadata, uid: `uid-${namespace}-${name}`, resourceVersion: 1, creationTimestamp: 0 } } as Pod;
}

/** The shape of a trace pod for the typical-pod statistics. */
export function tracePodShape(p: TracePod): PodShape {
  const gpu = p.gpuCount > 0 && p.gpuMilli > 0;
  return { milliCpu: p.milliCpu, gpuMilli: gpu ? p.gpuMilli : 0, gpuCount: gpu ? p.gpuCount : 0, gpuModels: gpu ? p.gpuModels : [] };
}

/** GPU milli a trace pod asks for in total. */
export function traceGpuRequest(p: TracePod): number {
  return p.gpuCount > 0 ? p.gpuCount * p.gpuMilli : 0;
}
