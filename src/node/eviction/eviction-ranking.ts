/**
 * The order pods are evicted in (pkg/kubelet/eviction/helpers.go rankMemoryPressure and
 * rankDiskPressureFunc; REFERENCE.md): pods whose usage of the starved resource exceeds their
 * requests first; among them, and then among the rest, lower priority first; ties broken by usage
 * above requests, largest first. QoS class does not enter the ranking — it shows through
 * requests (BestEffort pods request nothing, so any usage exceeds it).
 */

/** What ranking needs of a pod. */
export interface RankedPod {
  readonly key: string;
  readonly priority: number;
  /** Usage of the starved resource (bytes). */
  readonly usage: number;
  /** Its request of that resource (bytes). */
  readonly request: number;
}

/** `pods` sorted in eviction order (a new array; ties keep the input order). */
export function rankForEviction<T extends RankedPod>(pods: readonly T[]): T[] {
  return [...pods].sort((a, b) => {
    const ea = a.usage > a.request ? 1 : 0;
    const eb = b.usage > b.request ? 1 : 0;
    if (ea !== eb) return eb - ea;
    if (a.priority !== b.priority) return a.priority - b.priority;
    return b.usage - b.request - (a.usage - a.request);
  });
}
