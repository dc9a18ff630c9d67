/**
 * The kubelet's image manager on one node (pkg/kubelet/images): applies the container's
 * `imagePullPolicy` (Always, IfNotPresent — the default unless the tag is `latest` — or Never),
 * takes a token from the `registryPullQPS`/`registryBurst` bucket, backs off after a failed pull,
 * and queues pulls one at a time (`serializeImagePulls`) or up to `maxParallelImagePulls` at once.
 * It also runs the image GC every 5 min while it may have work, tracks which images containers
 * use, and reports the node's images when they change.
 */
import type { ContainerImage } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import { BackgroundFetcher } from './background-fetcher.js';
import type { ImageMode, ImageSpec } from './image-catalog.js';
import { garbageCollectImages } from './image-gc.js';
import { imageGCPeriod } from './image-pull-config.js';
import type { ImagePullRuntime } from './image-pull-runtime.js';
import { lazyPull } from './lazy-pull.js';
import { legacyPull, type PullTimes } from './legacy-pull.js';
import type { NodePullContext } from './node-pull-context.js';
import { NodeImageStore } from './node-image-store.js';
import { PullBackOff, PullTokenBucket } from './pull-throttle.js';
import { StargzLayerCache } from './stargz-layer-cache.js';
import { Link } from './transfer-network.js';
import type { NodeImageResources } from './image-pull-config.js';

/** `imagePullPolicy` values. */
export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** The outcome of making sure a container's image is on the node. */
export type EnsureResult =
  | { readonly ok: true; readonly mode: ImageMode; readonly lazy: boolean; readonly pull: (PullTimes & { readonly start: Micros }) | undefined }
  | { readonly ok: false; readonly reason: 'ErrImageNeverPull' };

/** Upstream defaulting of `imagePullPolicy`: Always for `:latest` (or no tag), else IfNotPresent. */
export function defaultPullPolicy(image: string): PullPolicy {
  const tagged = image.lastIndexOf(':') > image.lastIndexOf('/');
  if (image.includes('@')) return 'IfNotPresent';
  return !tagged || image.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

/** The image manager and runtime image state of one node. */
export class NodeImageManager implements NodePullContext {
  readonly store: NodeImageStore;
  readonly cache: StargzLayerCache;
  readonly link: Link;
  readonly background: BackgroundFetcher;
  readonly layersInFlight = new Map<string, (() => void)[]>();
  private readonly bucket: PullTokenBucket;
  private readonly backOff = new PullBackOff();
  private readonly queue: (() => void)[] = [];
  private pulling = 0;
  private gcAt: Micros = -1;
  private readonly started: Micros;
  private readonly bytesCounter;
  /** Bytes received from registries so far. */
  receivedBytes = 0;
  /** Called with the node's images after they change. */
  onImagesChanged: (images: ContainerImage[]) => void = () => undefined;

  constructor(readonly rt: ImagePullRuntime, readonly nodeName: string, resources: NodeImageResources) {
    const k = rt.spec.kubelet;
    const stargz = rt.spec.containerd.stargz;
    this.store = new NodeImageStore(resources.imageFsCapacity);
    this.cache = new StargzLayerCache(stargz.httpCacheCapacity, stargz.http_cache_type === 'directory');
    this.link = new Link(nodeName, resources.networkBandwidth);
    this.bucket = new PullTokenBucket(k.registryPullQPS, k.registryBurst);
    this.background = new BackgroundFetcher(rt, this.cache, this.link, (b) => this.received(b));
    this.bytesCounter = rt.metrics.nodeBytes(nodeName);
    this.started = rt.sim.now;
    this.store.onChange = () => this.onImagesChanged(this.store.statusImages());
  }

  /** Counts bytes received by the node. */
  received(bytes: number): void {
    this.receivedBytes += bytes;
    this.bytesCounter.inc(bytes);
  }

  /** Whether `spec` is mounted lazily here (eStargz image on the stargz snapshotter). */
  isLazy(spec: ImageSpec): boolean {
    return spec.format === 'estargz' && this.rt.spec.containerd.snapshotter === 'stargz';
  }

  /**
   * Makes sure the image of a container (pod `key`) is on the node under `policy`, then calls
   * `done`. A pull finding no QPS token is retried after the back-off (ImagePullBackOff).
   */
  ensureImage(key: string, spec: ImageSpec, policy: PullPolicy, done: (r: EnsureResult) => void): void {
    const lazy = this.isLazy(spec);
    const mode: ImageMode = lazy ? spec.mode : 'legacy';
    const present = this.store.get(spec.name) !== undefined;
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      if (!present) {
        this.rt.metrics.pulls(mode, 'ErrImageNeverPull').inc();
        return done({ ok: false, reason: 'ErrImageNeverPull' });
      }
      this.rt.metrics.pulls(mode, 'present').inc();
      return done({ ok: true, mode, lazy, pull: undefined });
    }
    const now = this.rt.sim.now;
    const backOffKey = `${key}/${spec.name}`;
    if (!this.bucket.tryAccept(now)) {
      this.rt.metrics.pulls(mode, 'PullQPSExceeded').inc();
      this.rt.after(this.backOff.next(backOffKey), () => this.ensureImage(key, spec, policy, done));
      return;
    }
    this.backOff.reset(backOffKey);
    this.enqueue(() => {
      const pull = lazy ? lazyPull : legacyPull;
      pull(this, spec, (t) => {
        this.pulling--;
        this.dequeue();
        this.store.addImage(spec, this.rt.sim.now, lazy);
        this.rt.metrics.pulls(mode, 'pulled').inc();
        this.rt.metrics.pullDuration(spec.name, mode).observe((t.done - now) / 1e6);
        this.scheduleGC();
        done({ ok: true, mode, lazy, pull: { start: now, fetched: t.fetched, done: t.done } });
      });
    });
  }

  /** A container starts using the image (it is in use until `release`). */
  acquire(name: string): void {
    const img = this.store.get(name);
    if (img === undefined) return;
    img.inUse++;
    img.lastUsed = this.rt.sim.now;
  }

  /** A container using the image is gone. */
  release(name: string): void {
    const img = this.store.get(name);
    if (img === undefined) return;
    img.inUse = Math.max(0, img.inUse - 1);
    img.lastUsed = this.rt.sim.now;
    this.scheduleGC();
  }

  private enqueue(run: () => void): void {
    this.queue.push(run);
    this.dequeue();
  }

  private dequeue(): void {
    const k = this.rt.spec.kubelet;
    const limit = k.serializeImagePulls ? 1 : k.maxParallelImagePulls > 0 ? k.maxParallelImagePulls : Infinity;
    while (this.pulling < limit && this.queue.length > 0) {
      this.pulling++;
      this.queue.shift()!();
    }
  }

  /** Schedules the next GC tick (every 5 min from the kubelet's start) while GC may have work. */
  private scheduleGC(): void {
    if (this.gcAt > this.rt.sim.now) return;
    const k = this.rt.spec.kubelet;
    const high = (this.store.used * 100) / this.store.capacity >= k.imageGCHighThresholdPercent;
    const byAge = k.imageMaximumGCAge > 0 && this.store.all().length > 0;
    if (!high && !byAge) return;
    const now = this.rt.sim.now;
    const ticks = Math.floor((now - this.started) / imageGCPeriod) + 1;
    this.gcAt = this.started + ticks * imageGCPeriod;
    this.rt.after(this.gcAt - now, () => this.collectGarbage());
  }

  private collectGarbage(): void {
    const r = garbageCollectImages(this.store, this.rt.spec.kubelet, this.rt.sim.now);
    for (const name of [...r.removedForAge, ...r.removedForSpace]) this.forgetLazyLayers(name);
    if (r.removedForAge.length > 0) this.rt.metrics.garbageCollected('age').inc(r.removedForAge.length);
    if (r.removedForSpace.length > 0) this.rt.metrics.garbageCollected('space').inc(r.removedForSpace.length);
    if (r.failed) this.rt.metrics.gcFailures().inc();
    this.scheduleGC();
  }

  /** With a memory http cache, a removed lazy image's layers go with it (unless another image holds them). */
  private forgetLazyLayers(name: string): void {
    if (this.cache.onDisk) return;
    const spec = this.rt.spec.catalog.image(name);
    if (spec === undefined) return;
    const held = new Set(this.store.all().flatMap((i) => i.spec.layers.map((l) => l.digest)));
    for (const l of spec.layers) if (!held.has(l.digest)) this.cache.drop(l.digest);
  }
}
