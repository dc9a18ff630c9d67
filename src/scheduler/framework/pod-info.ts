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

/** The scalar requests of every pod that requests none (never written: a pod's requests are fixed once computed). */
const noScalars: Map<string, number> = new Map();
/** The host ports of every pod that asks for none. */
const noHostPorts: readonly ContainerPort[] = Object.freeze([]);

/** The scheduler's view of a pod. */
export class PodInfo {
  /** The latest version the scheduler has seen (a bound pod's is replaced as its updates arrive). */
  private current: Pod;
  readonly key: string;
  readonly requests: Resources;
  /** cpu/memory with upstream's non-zero defaults per container, for scoring. */
  readonly nonZeroMilliCpu: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly ContainerPort[];
  readonly hasAffinity: boolean;
  readonly hasRequiredAntiAffinity: boolean;

  constructor(pod: Pod) {
    this.current = pod;
    this.key = objectKey(pod.metadata);
    let scalar: Map<string, number> | undefined;
    let milliCpu = 0;
    let memory = 0;
    let ephemeralStorage = 0;
    let nzCpu = 0;
    let nzMem = 0;
    const ports: ContainerPort[] = [];
    for (const c of pod.spec.containers) {
      for (const [name, amount] of Object.entries(c.resources.requests)) {
        if (name === 'cpu') milliCpu += amount;
        else if (name === 'memory') memory += amount;
        else if (name === 'ephemeral-storage') ephemeralStorage += amount;
        else (scalar ??= new Map()).set(name, (scalar.get(name) ?? 0) + amount);
      }
      nzCpu += c.resources.requests['cpu'] ?? DefaultMilliCpuRequest;
      nzMem += c.resources.requests['memory'] ?? DefaultMemoryRequest;
      for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) ports.push(p);
    }
    this.requests = { milliCpu, memory, ephemeralStorage, scalar: scalar ?? noScalars };
    this.nonZeroMilliCpu = nzCpu;
    this.nonZeroMemory = nzMem;
    this.hostPorts = ports.length === 0 ? noHostPorts : ports;
    const a = pod.spec.affinity;
    this.hasAffinity = a !== undefined && (a.podAffinity !== undefined || a.podAntiAffinity !== undefined);
    this.hasRequiredAntiAffinity = (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  }

  /** The pod this view was made from, or its latest version given to `update`. */
  get pod(): Pod {
    return this.current;
  }

  /**
   * A newer version of the same bound pod (upstream's cache UpdatePod): its labels and status are
   * the new ones; what was computed from the spec stays, as a bound pod's spec does not change.
   * Holding only the latest version lets the old ones be collected.
   */
  update(pod: Pod): void {
    this.current = pod;
  }
}
