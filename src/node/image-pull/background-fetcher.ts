/**
 * stargz-snapshotter's background fetch on one node: after a layer is mounted, the rest of it is
 * fetched into the http cache, `max_concurrency` segments at a time, but only once no
 * prioritized work (prefetch, on-demand reads) has run for the silence period
 * (fs/fs.go and task.BackgroundTaskManager: 5 s), checked between segments.
 */
import type { Micros } from '../../engine/simulation.js';
import { backgroundFetchSegment, backgroundFetchSilencePeriod } from './image-pull-config.js';
import type { ImagePullRuntime } from './image-pull-runtime.js';
import type { LazyLayer, StargzLayerCache } from './stargz-layer-cache.js';
import type { Link } from './transfer-network.js';

/** The background fetcher of one node. */
export class BackgroundFetcher {
  private readonly queue: LazyLayer[] = [];
  private active = 0;
  private prioritized = 0;
  private lastPrioritized: Micros = -Infinity;
  private wakeAt: Micros = -1;

  constructor(
    private readonly rt: ImagePullRuntime,
    private readonly cache: StargzLayerCache,
    private readonly link: Link,
    private readonly received: (bytes: number) => void,
  ) {}

  /** Queues the rest of a mounted layer (no-op when disabled, complete or already queued). */
  enqueue(s: LazyLayer): void {
    if (this.rt.spec.containerd.stargz.no_background_fetch || s.background || this.cache.complete(s)) return;
    s.background = true;
    this.queue.push(s);
    this.pump();
  }

  /** Prioritized work starts (background segments already in flight finish). */
  beginPrioritized(): void {
    this.prioritized++;
  }

  /** Prioritized work ends; background fetch may resume after the silence period. */
  endPrioritized(): void {
    this.prioritized--;
    this.lastPrioritized = this.rt.sim.now;
    this.pump();
  }

  private pump(): void {
    const limit = Math.max(1, this.rt.spec.containerd.stargz.max_concurrency);
    while (this.active < limit && this.queue.length > 0) {
      if (this.prioritized > 0) return;
      const now = this.rt.sim.now;
      const quietFrom = this.lastPrioritized + backgroundFetchSilencePeriod;
      if (now < quietFrom) {
        if (this.wakeAt !== quietFrom) {
          this.wakeAt = quietFrom;
          this.rt.after(quietFrom - now, () => this.pump());
        }
        return;
      }
      const s = this.queue[0]!;
      const bytes = Math.min(backgroundFetchSegment, s.layer.size - s.fetched - this.inFlightOf(s));
      if (bytes <= 0) {
        this.queue.shift();
        continue;
      }
      this.active++;
      this.inFlight.set(s, this.inFlightOf(s) + bytes);
      this.rt.fetch(this.rt.registry(s.registry), this.link, bytes, this.received, () => {
        this.active--;
        this.inFlight.set(s, this.inFlightOf(s) - bytes);
        this.cache.add(s, bytes, this.rt.sim.now);
        if (this.cache.complete(s)) s.background = false;
        this.pump();
      });
    }
  }

  private readonly inFlight = new Map<LazyLayer, number>();
  private inFlightOf(s: LazyLayer): number {
    return this.inFlight.get(s) ?? 0;
  }
}
