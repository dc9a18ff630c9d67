/**
 * What stargz-snapshotter holds locally for each eStargz layer on a node: the table of contents,
 * the prefetched part, the chunks read on demand and what the background fetcher brought, all in
 * its http cache (`http_cache_type: directory` keeps them on disk after the image is removed, so a
 * later pull mounts from the cache; `memory` loses them with the image). The cache drops least
 * recently used layers above its capacity.
 */
import type { Micros } from '../../engine/simulation.js';
import type { LayerSpec } from './image-catalog.js';

/** The local state of one lazily mounted layer. */
export interface LazyLayer {
  readonly layer: LayerSpec;
  /** Registry the layer's chunks come from. */
  readonly registry: string;
  /** Compressed bytes in the cache. */
  fetched: number;
  toc: boolean;
  /** Share of the workload's startup reads local thanks to the prefetch (0..1). */
  prefetched: number;
  /** The workload's startup reads were fetched on demand. */
  startupFetched: boolean;
  lastUsed: Micros;
  /** Queued for, or being fetched by, the background fetcher. */
  background: boolean;
  /** Callbacks waiting for the layer's prefetch in flight (undefined when none is). */
  prefetching: (() => void)[] | undefined;
}

/** The stargz http cache of one node. */
export class StargzLayerCache {
  private readonly layers = new Map<string, LazyLayer>();
  private size = 0;

  constructor(readonly capacity: number, readonly onDisk: boolean) {}

  /** Bytes cached. */
  get bytes(): number {
    return this.size;
  }

  /** The state of a layer, creating an empty one. */
  layer(layer: LayerSpec, registry: string, now: Micros): LazyLayer {
    let s = this.layers.get(layer.digest);
    if (s === undefined) {
      s = { layer, registry, fetched: 0, toc: false, prefetched: 0, startupFetched: false, lastUsed: now, background: false, prefetching: undefined };
      this.layers.set(layer.digest, s);
    }
    s.lastUsed = now;
    return s;
  }

  /** True when every compressed byte of the layer is cached. */
  complete(s: LazyLayer): boolean {
    return s.fetched >= s.layer.size;
  }

  /** Share of the startup reads of the layer that are local (uniformly spread over the layer). */
  localShare(s: LazyLayer): number {
    if (s.startupFetched || this.complete(s)) return 1;
    return Math.max(s.prefetched, s.fetched / s.layer.size);
  }

  /** Adds fetched bytes of a layer (capped at its size) and drops LRU layers above capacity. */
  add(s: LazyLayer, bytes: number, now: Micros): void {
    const added = Math.min(bytes, s.layer.size - s.fetched);
    if (added <= 0) return;
    s.fetched += added;
    s.lastUsed = now;
    this.size += added;
    if (this.size <= this.capacity) return;
    const byAge = [...this.layers.values()].filter((l) => l !== s && !l.background).sort((a, b) => a.lastUsed - b.lastUsed);
    for (const victim of byAge) {
      if (this.size <= this.capacity) break;
      this.drop(victim.layer.digest);
    }
  }

  /** Forgets a layer (an image removed with a memory cache, or an LRU eviction). */
  drop(digest: string): void {
    const s = this.layers.get(digest);
    if (s === undefined) return;
    this.size -= s.fetched;
    this.layers.delete(digest);
  }
}
