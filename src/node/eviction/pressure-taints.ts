/**
 * The NoSchedule taints matching a node's pressure conditions (`node.kubernetes.io/memory-pressure`,
 * `node.kubernetes.io/disk-pressure`), as TaintNodesByCondition in the node lifecycle controller
 * applies them upstream. kubesim has no such controller yet, so the node's kubelet PATCHes them
 * with its conditions; the scheduler's TaintToleration filter then keeps pods away.
 */
import type { Taint } from '../../api/objects.js';

const taintOf: Readonly<Record<string, string>> = {
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
};

/** `base` taints plus one NoSchedule taint per pressure condition. */
export function pressureTaints(base: readonly Taint[], pressure: ReadonlySet<string>): Taint[] {
  const keys = new Set(Object.values(taintOf));
  const out = base.filter((t) => !keys.has(t.key));
  for (const c of [...pressure].sort()) {
    const key = taintOf[c];
    if (key !== undefined) out.push({ key, effect: 'NoSchedule' });
  }
  return out;
}
