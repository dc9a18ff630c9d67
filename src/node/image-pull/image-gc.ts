/**
 * The kubelet's image garbage collection (pkg/kubelet/images/image_gc_manager.go): every 5 min,
 * unused images older than `imageMaximumGCAge` go first; then, when imagefs usage is at or above
 * `imageGCHighThresholdPercent`, unused images are removed least recently used first (skipping
 * those detected less than `imageMinimumGCAge` ago) until usage is down to
 * `imageGCLowThresholdPercent`. Images used by a container are never removed.
 */
import type { Micros } from '../../engine/simulation.js';
import type { KubeletImageConfig } from './image-pull-config.js';
import type { NodeImageStore } from './node-image-store.js';

/** What one GC pass did. */
export interface ImageGCResult {
  readonly removedForAge: readonly string[];
  readonly removedForSpace: readonly string[];
  readonly freedBytes: number;
  /** Bytes it had to free to reach the low threshold (0 when usage was below the high one). */
  readonly bytesToFree: number;
  /** Fewer bytes could be freed than needed (upstream's "failed to garbage collect required amount"). */
  readonly failed: boolean;
}

/** Runs one GC pass on `store` at `now`. */
export function garbageCollectImages(store: NodeImageStore, config: KubeletImageConfig, now: Micros): ImageGCResult {
  const removedForAge: string[] = [];
  const removedForSpace: string[] = [];
  let freed = 0;
  // detectImages: an image some container uses is used now.
  for (const img of store.all()) if (img.inUse > 0) img.lastUsed = now;
  if (config.imageMaximumGCAge > 0) {
    for (const img of store.all()) {
      if (img.inUse === 0 && now - img.lastUsed > config.imageMaximumGCAge) {
        freed += store.removeImage(img.spec.name);
        removedForAge.push(img.spec.name);
      }
    }
  }
  const capacity = store.capacity;
  const available = capacity - store.used;
  const usagePercent = ((capacity - available) * 100) / capacity;
  if (usagePercent < config.imageGCHighThresholdPercent) {
    return { removedForAge, removedForSpace, freedBytes: freed, bytesToFree: 0, failed: false };
  }
  const bytesToFree = (capacity * (100 - config.imageGCLowThresholdPercent)) / 100 - available;
  const candidates = store
    .all()
    .filter((img) => img.inUse === 0 && now - img.firstDetected >= config.imageMinimumGCAge)
    .sort((a, b) => a.lastUsed - b.lastUsed || a.firstDetected - b.firstDetected);
  let spaceFreed = 0;
  for (const img of candidates) {
    if (spaceFreed >= bytesToFree) break;
    spaceFreed += store.removeImage(img.spec.name);
    removedForSpace.push(img.spec.name);
  }
  return { removedForAge, removedForSpace, freedBytes: freed + spaceFreed, bytesToFree, failed: spaceFreed < bytesToFree };
}
