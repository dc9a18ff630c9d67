/** A pod's current usage of memory or ephemeral storage from its containers' usage models. */
import type { Micros } from '../../engine/simulation.js';
import type { PodWorker } from './pod-worker.js';
import { usageAt } from './usage-curve.js';

/** A pod's usage of `resource` at `now` (its running containers' usage models; exited containers' leftovers for storage). */
export function podUsage(w: PodWorker, resource: 'memory' | 'ephemeral-storage', now: Micros): number {
  let total = 0;
  for (const r of w.containers) {
    if (r.running && r.startedAt !== undefined) {
      const b = r.spec.behavior;
      total += usageAt(resource === 'memory' ? b?.memory : b?.ephemeralStorage, now - r.startedAt);
    } else if (resource === 'ephemeral-storage') total += r.deadBytes;
  }
  return total;
}

