/**
 * A pod's CPU and memory usage as its containers' usage models give them, read from the pod
 * object (container start times from `status.containerStatuses`): each running container's own
 * curve, plus, for a Ready pod, its share of the application load it serves; CPU is capped at the
 * container's limit (CFS quota throttles it there).
 */
import { findCondition, type Pod } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import type { ApplicationLoads } from './application-load.js';
import { usageAt } from './usage-curve.js';

/** Ready pods serving each load, by load name (the divisor of each share). */
export type LoadServers = ReadonlyMap<string, number>;

/** True when the pod counts as an endpoint: Ready and not being deleted. */
export function servesLoad(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp === undefined && findCondition(pod.status.conditions, 'Ready')?.status === 'True';
}

/** The loads the pod's containers serve. */
export function loadsOf(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.spec.containers) {
    const l = c.behavior?.cpu?.load;
    if (l !== undefined && !out.includes(l)) out.push(l);
  }
  return out;
}

/** The pod's usage at `now`: cpu in millicores, memory in bytes; undefined when no container runs. */
export function podResourceUsage(pod: Pod, now: Micros, loads: ApplicationLoads, servers: LoadServers): { cpu: number; memory: number } | undefined {
  const statuses = pod.status.containerStatuses ?? [];
  const serving = servesLoad(pod);
  let cpu = 0;
  let memory = 0;
  let running = false;
  for (const c of pod.spec.containers) {
    const s = statuses.find((x) => x.name === c.name);
    if (s?.state.state !== 'running' || s.state.startedAt === undefined) continue;
    running = true;
    const t = now - s.state.startedAt;
    const b = c.behavior;
    let mc = usageAt(b?.cpu?.base, t);
    const load = b?.cpu?.load;
    if (serving && load !== undefined) mc += loads.millicoresAt(load, now) / Math.max(1, servers.get(load) ?? 1);
    const limit = c.resources.limits['cpu'];
    cpu += limit === undefined ? mc : Math.min(mc, limit);
    memory += usageAt(b?.memory, t);
  }
  return running ? { cpu, memory } : undefined;
}
