/**
 * The pod's QoS class from its containers' requests and limits, as pkg/apis/core/v1/helper/qos
 * GetPodQOS computes it: BestEffort when no container (init containers included) requests or
 * limits cpu or memory; Guaranteed when every container sets cpu and memory limits and its
 * requests equal them; Burstable otherwise.
 */
import type { Container, Pod } from '../../api/objects.js';

/** v1 PodQOSClass. */
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const computeResources = ['cpu', 'memory'] as const;

/** The QoS class of `pod`. */
export function podQosClass(pod: Pod): QosClass {
  const all: readonly Container[] = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    for (const r of computeResources) {
      const req = c.resources.requests[r];
      const lim = c.resources.limits[r];
      if ((req ?? 0) > 0 || (lim ?? 0) > 0) any = true;
      if (lim === undefined || lim <= 0 || (req !== undefined && req !== lim)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * The pod's effective request of `resource` as the kubelet admits it (component-helpers
 * resource.PodRequests): the larger of the app containers plus sidecars, and of each init
 * container plus the sidecars started before it.
 */
export function podEffectiveRequest(pod: Pod, resource: string): number {
  let apps = 0;
  for (const c of pod.spec.containers) apps += c.resources.requests[resource] ?? 0;
  let sidecars = 0;
  let initMax = 0;
  for (const c of pod.spec.initContainers ?? []) {
    const r = c.resources.requests[resource] ?? 0;
    if (c.restartPolicy === 'Always') {
      sidecars += r;
      initMax = Math.max(initMax, sidecars);
    } else initMax = Math.max(initMax, sidecars + r);
  }
  return Math.max(apps + sidecars, initMax);
}
