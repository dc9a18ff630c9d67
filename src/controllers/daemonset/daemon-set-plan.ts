/**
 * The DaemonSet controller's decisions as pure functions of the nodes and the set's pods, after
 * pkg/controller/daemon/daemon_controller.go (manage, podsShouldBeOnNode,
 * updateDaemonSetStatus) and update.go (rollingUpdate, findUpdatedPodsOnNode,
 * updatedDesiredNodeCounts). Nodes are visited in the informer's order where upstream ranges
 * over a map, so a run is reproducible.
 */
import type { DaemonSet } from '../../api/apps.js';
import type { Micros } from '../../engine/simulation.js';
import type { Node, Pod } from '../../api/objects.js';
import { scaledValue } from '../../workload/int-or-percent.js';
import { isPodAvailable, isPodReady } from '../pod-readiness.js';
import { byCreationTimestampAndPhase, controllerRevisionHashLabel, nodeShouldRunDaemonPod, targetNodeName } from './daemon-pod.js';

/** Nodes to create a pod on, and pods to delete. */
export interface DaemonSetActions {
  readonly createOn: readonly string[];
  readonly delete: readonly Pod[];
}

/** The set's pods by the node they are on or pinned to, terminal pods being deleted left out (getNodesToDaemonPods). */
export function nodesToDaemonPods(pods: readonly Pod[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const p of pods) {
    const terminal = p.status.phase === 'Succeeded' || p.status.phase === 'Failed';
    if (terminal && p.metadata.deletionTimestamp !== undefined) continue;
    const node = targetNodeName(p);
    if (node === undefined) continue;
    let list = out.get(node);
    if (list === undefined) out.set(node, (list = []));
    list.push(p);
  }
  return out;
}

/** True when the pod was created from the template of revision `hash` (IsPodUpdated). */
export function isPodUpdated(pod: Pod, hash: string): boolean {
  return pod.metadata.labels?.[controllerRevisionHashLabel] === hash;
}

/** True when the strategy lets a node run an old and a new pod at once (AllowsSurge). */
export function allowsSurge(ds: DaemonSet): boolean {
  const s = ds.spec.updateStrategy;
  return s.type === 'RollingUpdate' && scaledValue(s.rollingUpdate.maxSurge, 1, true) > 0;
}

/** manage(): a pod for each node that should run one and has none; pods off nodes that may not keep them, finished pods and duplicates deleted. */
export function managePlan(ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, Pod[]>, hash: string, now: Micros): DaemonSetActions {
  const createOn: string[] = [];
  const del: Pod[] = [];
  const known = new Set<string>();
  const surge = allowsSurge(ds);
  for (const node of nodes) {
    const name = node.metadata.name;
    known.add(name);
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const pods = byNode.get(name);
    if (shouldRun && pods === undefined) {
      createOn.push(name);
    } else if (shouldContinueRunning && pods !== undefined) {
      const running: Pod[] = [];
      for (const p of pods) {
        if (p.metadata.deletionTimestamp !== undefined) continue;
        if (p.status.phase === 'Failed' || p.status.phase === 'Succeeded') del.push(p);
        else running.push(p);
      }
      if (running.length < 2) continue;
      running.sort(byCreationTimestampAndPhase);
      if (!surge) {
        del.push(...running.slice(1));
        continue;
      }
      // With surge: an old and a new pod may share a node while the old one is ready and the new one not yet available.
      let oldestNew: Pod | undefined;
      let oldestOld: Pod | undefined;
      for (const p of running) {
        if (isPodUpdated(p, hash)) {
          if (oldestNew === undefined) {
            oldestNew = p;
            continue;
          }
        } else if (oldestOld === undefined) {
          oldestOld = p;
          continue;
        }
        del.push(p);
      }
      if (oldestNew !== undefined && oldestOld !== undefined && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec.minReadySeconds, now))) del.push(oldestOld);
    } else if (!shouldContinueRunning && pods !== undefined) {
      for (const p of pods) if (p.metadata.deletionTimestamp === undefined) del.push(p);
    }
  }
  // Pods pinned to nodes that no longer exist (getUnscheduledPodsWithoutNode).
  for (const [name, pods] of byNode) {
    if (known.has(name)) continue;
    for (const p of pods) if (p.spec.nodeName === undefined && p.metadata.deletionTimestamp === undefined) del.push(p);
  }
  return { createOn, delete: del };
}

/** The pod of each kind on a node, ignoring pods being deleted; undefined when there are two of a kind (findUpdatedPodsOnNode). */
function updatedPodsOnNode(pods: readonly Pod[], hash: string): { newPod?: Pod; oldPod?: Pod } | undefined {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp !== undefined) continue;
    if (isPodUpdated(p, hash)) {
      if (newPod !== undefined) return undefined;
      newPod = p;
    } else {
      if (oldPod !== undefined) return undefined;
      oldPod = p;
    }
  }
  return { ...(newPod === undefined ? {} : { newPod }), ...(oldPod === undefined ? {} : { oldPod }) };
}

/** maxSurge and maxUnavailable scaled to the nodes that should run the daemon, both rounded up; 0/0 means 1 unavailable (updatedDesiredNodeCounts). */
export function desiredNodeCounts(ds: DaemonSet, desired: number): { readonly maxSurge: number; readonly maxUnavailable: number } {
  const s = ds.spec.updateStrategy;
  if (s.type !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const maxSurge = scaledValue(s.rollingUpdate.maxSurge, desired, true);
  let maxUnavailable = scaledValue(s.rollingUpdate.maxUnavailable, desired, true);
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** rollingUpdate(): old pods to delete (maxSurge 0) or nodes to surge onto and old pods whose replacement is available (maxSurge > 0). */
export function rollingUpdatePlan(ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, Pod[]>, hash: string, now: Micros): DaemonSetActions {
  const wanted: { name: string; pods: readonly Pod[] }[] = [];
  for (const node of nodes) {
    const name = node.metadata.name;
    const pods = byNode.get(name);
    if (nodeShouldRunDaemonPod(node, ds).shouldRun) wanted.push({ name, pods: pods ?? [] });
    else if (pods !== undefined) wanted.push({ name, pods });
  }
  const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
  const { maxSurge, maxUnavailable } = desiredNodeCounts(ds, desired);
  const min = ds.spec.minReadySeconds;
  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replace: Pod[] = [];
    const candidates: Pod[] = [];
    for (const { pods } of wanted) {
      const found = updatedPodsOnNode(pods, hash);
      if (found === undefined) {
        numUnavailable++;
        continue;
      }
      const { newPod, oldPod } = found;
      if ((oldPod === undefined) === (newPod === undefined)) numUnavailable++;
      else if (newPod !== undefined) {
        if (!isPodAvailable(newPod, min, now)) numUnavailable++;
      } else if (oldPod !== undefined) {
        if (!isPodAvailable(oldPod, min, now)) replace.push(oldPod);
        else if (numUnavailable < maxUnavailable) candidates.push(oldPod);
      }
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    return { createOn: [], delete: [...replace, ...candidates.slice(0, remaining)] };
  }
  let numSurge = 0;
  const createOn: string[] = [];
  const del: Pod[] = [];
  for (const { name, pods } of wanted) {
    const found = updatedPodsOnNode(pods, hash);
    if (found === undefined) {
      numSurge++;
      continue;
    }
    const { newPod, oldPod } = found;
    if (oldPod === undefined) continue;
    if (newPod === undefined) {
      if (!isPodAvailable(oldPod, min, now)) createOn.push(name);
      else if (numSurge < maxSurge) {
        numSurge++;
        createOn.push(name);
      }
    } else if (!isPodAvailable(newPod, min, now)) numSurge++;
    else del.push(oldPod);
  }
  return { createOn, delete: del };
}

/** The status upstream's updateDaemonSetStatus counts (the oldest pod of each node stands for it). */
export function daemonSetStatus(ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, Pod[]>, hash: string, now: Micros): DaemonSet['status'] {
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  for (const node of nodes) {
    const pods = byNode.get(node.metadata.name) ?? [];
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length > 0) misscheduled++;
      continue;
    }
    desired++;
    if (pods.length === 0) continue;
    current++;
    const pod = [...pods].sort(byCreationTimestampAndPhase)[0] as Pod;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, ds.spec.minReadySeconds, now)) available++;
    }
    if (isPodUpdated(pod, hash)) updated++;
  }
  return {
    observedGeneration: ds.metadata.generation ?? 1,
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
}
