/**
 * Whether a pod update may have made the pod schedulable (upstream isPodUpdated in
 * scheduling_queue.go): upstream strips status, resourceVersion, generation, managedFields and
 * finalizers and compares the rest, so status-only writes (e.g. the PodScheduled=False
 * condition) don't requeue an unschedulable pod. kubesim's ObjectMeta has only resourceVersion of those.
 */
import type { Pod } from '../../api/objects.js';

/** True when `next` differs from `prev` in metadata (except resourceVersion) or spec. */
export function isPodUpdated(prev: Pod, next: Pod): boolean {
  if (prev === next) return false;
  const { resourceVersion: _a, ...prevMeta } = prev.metadata;
  const { resourceVersion: _b, ...nextMeta } = next.metadata;
  return !deepEqual(prevMeta, nextMeta) || !deepEqual(prev.spec, next.spec);
}

/** Structural equality of plain JSON-like values; object keys in any order; a key holding undefined counts as absent. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!deepEqual(ra[k], rb[k])) return false;
  return true;
}
