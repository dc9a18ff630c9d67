/**
 * A pod with what scheduling needs precomputed once (upstream framework.PodInfo): its key,
 * resource requests as the scheduler counts them (sum of containers; non-zero defaults for
 * scoring), host ports and whether it carries pod (anti-)affinity.
 */
import { objectKey, type ContainerPort, type Pod } from '../../api/objects.js';

/** Requests counted by NodeResourcesFit: cpu in millicores, memory and ephemeral storage in bytes, scalar (extended) resources in units. */
export interface Resources {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended and other scalar resources by name. */
  readonly scalar: Map<string, number>;
}

/** Upstream's defaults for scoring a container that requests nothing: 100m cpu, 200 MiB memory (DefaultMilliCPURequest, DefaultMemoryRequest). */
export const DefaultMilliCpuRequest = 100;
/** Default memory counted for a container without a memory request when scoring. */
export const DefaultMemoryRequest = 200 * 1024 * 1024;

/** The scheduler's view of a pod. */
export class PodInfo {
  readonly key: string;
  readonly requests: Resources;
  /** cpu/memory with upstream's non-zero defaults per container, for scoring. */
  readonly nonZeroMilliCpu: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly ContainerPort[];
  readonly hasAffinity: boolean;
  readonly hasRequiredAntiAffinity: boolean;

  constructor(readonly pod: Pod) {
    this.key = objectKey(pod.metadata);
    const r: Resources = { milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
    let nzCpu = 0;
    let nzMem = 0;
    const ports: ContainerPort[] = [];
    for (const c of pod.spec.containers) {
      for (const [name, amount] of Object.entries(c.resources.requests)) {
        if (name === 'cpu') r.milliCpu += amount;
        else if (name === 'memory') r.memory += amount;
        else if (name === 'ephemeral-storage') r.ephemeralStorage += amount;
        else r.scalar.set(name, (r.scalar.get(name) ?? 0) + amount);
      }
      nzCpu += c.resources.requests['cpu'] ?? DefaultMilliCpuRequest;
      nzMem += c.resources.requests['memory'] ?? DefaultMemoryRequest;
      for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) ports.push(p);
    }
    this.requests = r;
    this.nonZeroMilliCpu = nzCpu;
    this.nonZeroMemory = nzMem;
    this.hostPorts = ports;
    const a = pod.spec.affinity;
    this.hasAffinity = a !== undefined && (a.podAffinity !== undefined || a.podAntiAffinity !== undefined);
    this.hasRequiredAntiAffinity = (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  }
}
