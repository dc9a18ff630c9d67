/**
 * A node's eviction signals as the kubelet's summary stats give them (pkg/kubelet/eviction
 * helpers.go makeSignalObservations): memory.available = node memory capacity minus the pods'
 * working sets; nodefs.available = nodefs capacity (the node's `ephemeral-storage` capacity)
 * minus the pods' ephemeral storage and what exited containers still hold; imagefs.available from
 * the node's image store (with the image model; otherwise imagefs is nodefs). Node-level reclaim
 * removes exited containers (nodefs) and unused images (imagefs), as reclaimNodeLevelResources.
 */
import type { Micros } from '../../engine/simulation.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import type { EvictionSignal } from './eviction-config.js';
import { podUsage } from '../kubelet/pod-usage.js';

/** One signal's observation (bytes). */
export interface SignalObservation {
  readonly available: number;
  readonly capacity: number;
}

/** The signals of one node. */
export class NodeSignals {
  constructor(private readonly kubelet: Kubelet, private readonly nodefsCapacity: number) {}

  /** Observes every signal at `now`. */
  observe(now: Micros): Record<EvictionSignal, SignalObservation> {
    let memory = 0;
    let storage = 0;
    for (const w of this.kubelet.workers.values()) {
      memory += podUsage(w, 'memory', now);
      storage += podUsage(w, 'ephemeral-storage', now);
    }
    const memCapacity = this.kubelet.node.status.capacity['memory'] ?? 0;
    const nodefs = { available: this.nodefsCapacity - storage, capacity: this.nodefsCapacity };
    const store = this.kubelet.images?.manager.store;
    const imagefs = store === undefined ? nodefs : { available: store.capacity - store.used, capacity: store.capacity };
    return { 'memory.available': { available: memCapacity - memory, capacity: memCapacity }, 'nodefs.available': nodefs, 'imagefs.available': imagefs };
  }

  /** Reclaims node-level resources for `signal`; true when anything was freed. */
  reclaim(signal: EvictionSignal, _now: Micros): boolean {
    let freed = 0;
    // Exited containers' writable layers and logs (container GC).
    for (const w of this.kubelet.workers.values()) {
      for (const r of w.containers) {
        if (!r.running && r.deadBytes > 0) {
          freed += r.deadBytes;
          r.deadBytes = 0;
        }
      }
    }
    const manager = this.kubelet.images?.manager;
    if (signal === 'imagefs.available' && manager !== undefined) {
      // DeleteUnusedImages: every image no container uses.
      for (const img of manager.store.all()) if (img.inUse === 0) freed += manager.store.removeImage(img.spec.name);
    }
    return freed > 0;
  }
}
