/**
 * The pod status a kubelet reports (pkg/kubelet/kubelet_pods.go generateAPIPodStatus and
 * status/generate.go): phase (Pending until an app container runs; Succeeded or Failed once
 * terminal), conditions Initialized, ContainersReady and Ready (all app containers and sidecars
 * ready), the QoS class, and the init and app container statuses. A condition keeps its
 * transition time while its status stays the same.
 */
import { findCondition, setCondition, type Condition, type Pod } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import type { PodWorker } from './pod-worker.js';
import { withFields } from '../../api/with-fields.js';
import { podQosClass } from './qos.js';

/** Pod condition types the kubelet writes; others (DisruptionTarget, PodScheduled, ...) belong to other writers. */
const kubeletConditions: ReadonlySet<string> = new Set(['Initialized', 'ContainersReady', 'Ready', 'PodReadyToStartContainers']);

/**
 * The kubelet's own conditions with the other writers' conditions of the API's latest pod, as the
 * status manager's mergePodStatus keeps conditions the kubelet does not own (pkg/kubelet/status/status_manager.go).
 */
export function withForeignConditions(own: readonly Condition[], latest: readonly Condition[]): readonly Condition[] {
  const foreign = latest.filter((c) => !kubeletConditions.has(c.type));
  if (foreign.length === 0) return own;
  return own.filter((c) => kubeletConditions.has(c.type)).concat(foreign);
}

/** The status of `w`'s pod at `now`; also records the conditions on the worker. */
export function podStatus(w: PodWorker, now: Micros): Pod['status'] {
  const initialized = w.stage === 'apps' || w.stage === 'running' || w.stage === 'terminating' || w.stage === 'terminated';
  const sidecars = w.init.filter((r) => r.role === 'sidecar');
  const containersReady = w.terminal === undefined && w.stage !== 'terminating' && [...w.apps, ...sidecars].every((r) => r.ready);
  let conditions: Condition[] = [...w.conditions];
  const set = (type: string, ok: boolean): void => {
    const status = ok ? 'True' : 'False';
    if (findCondition(conditions, type)?.status === status) return;
    conditions = setCondition(conditions, { type, status, lastTransitionTime: now });
  };
  set('Initialized', initialized);
  set('ContainersReady', containersReady);
  set('Ready', containersReady);
  w.conditions = conditions;
  const phase = w.terminal?.phase ?? (w.apps.some((r) => r.running || r.restartCount > 0 || r.state.state === 'terminated') ? 'Running' : 'Pending');
  return withFields(w.pod.status, {
    phase,
    conditions,
    startTime: w.startTime,
    qosClass: podQosClass(w.pod),
    ...(w.terminal?.reason === undefined ? {} : { reason: w.terminal.reason }),
    ...(w.terminal?.message === undefined ? {} : { message: w.terminal.message }),
    ...(w.init.length === 0 ? {} : { initContainerStatuses: w.init.map((r) => r.status()) }),
    containerStatuses: w.apps.map((r) => r.status()),
  });
}
