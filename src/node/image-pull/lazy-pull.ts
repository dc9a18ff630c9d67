/**
 * A lazy pull of an eStargz image through stargz-snapshotter: resolve the image, then mount its
 * layers one after another (each needs the layer's footer and table of contents: two requests,
 * unless the http cache holds them) and prefetch — the optimiser's landmark set, or the first
 * `prefetch_size` bytes of a layer without one — waiting for each prefetch at most
 * `prefetch_timeout_sec`. The rest of each layer is left to the background fetcher, which waits
 * while mounts, prefetches and on-demand reads (prioritized work) go on. When the
 * container runs, its startup reads come from the cache (decompressed through FUSE) or, for
 * what is not local, from the registry on demand: a request per file and the bytes (after any
 * prefetch still in flight, whose chunks it would otherwise fetch twice).
 */
import type { ImageSpec } from './image-catalog.js';
import { resolve, type PullTimes } from './legacy-pull.js';
import { compressedShare, type NodePullContext } from './node-pull-context.js';
import type { LazyLayer } from './stargz-layer-cache.js';

/** Mounts `spec` lazily; `done` gets the phase boundaries (no unpack: fetched equals done). */
export function lazyPull(ctx: NodePullContext, spec: ImageSpec, done: (t: PullTimes) => void): void {
  const rt = ctx.rt;
  const stargz = rt.spec.containerd.stargz;
  const registry = rt.registry(spec.registry);
  let pendingPrefetch = 0;
  let mounted = false;
  const finish = (): void => {
    if (mounted && pendingPrefetch === 0) done({ fetched: rt.sim.now, done: rt.sim.now });
  };
  const prefetch = (s: LazyLayer): void => {
    const layer = s.layer;
    let share = 0;
    if (!stargz.noprefetch) {
      if (spec.optimized) share = 1;
      else if (stargz.prefetch_size > 0) share = Math.min(1, stargz.prefetch_size / layer.size);
    }
    if (share <= ctx.cache.localShare(s)) {
      s.prefetched = Math.max(s.prefetched, share);
      return;
    }
    const bytes = spec.optimized ? compressedShare(layer, startupShare(spec, layer.uncompressedSize)) : share * layer.size;
    let waited = true;
    pendingPrefetch++;
    ctx.background.beginPrioritized();
    const release = (): void => {
      if (!waited) return;
      waited = false;
      pendingPrefetch--;
      finish();
    };
    s.prefetching ??= [];
    rt.fetch(registry, ctx.link, bytes, (b) => ctx.received(b), () => {
      ctx.cache.add(s, bytes, rt.sim.now);
      s.prefetched = Math.max(s.prefetched, share);
      ctx.background.endPrioritized();
      const waiting = s.prefetching ?? [];
      s.prefetching = undefined;
      for (const w of waiting) w();
      release();
    });
    rt.after(stargz.prefetch_timeout_sec * 1e6, release);
  };
  const mount = (i: number): void => {
    const layer = spec.layers[i];
    if (layer === undefined) {
      mounted = true;
      return finish();
    }
    const s = ctx.cache.layer(layer, spec.registry, rt.sim.now);
    const mountedLayer = (): void => {
      prefetch(s);
      ctx.background.enqueue(s);
      mount(i + 1);
    };
    if (s.toc) return mountedLayer();
    // Footer, then the table of contents; mounting is prioritized work for the background fetcher.
    ctx.background.beginPrioritized();
    rt.fetch(registry, ctx.link, 0, () => undefined, () =>
      rt.fetch(registry, ctx.link, layer.tocSize, (b) => ctx.received(b), () => {
        ctx.cache.add(s, layer.tocSize, rt.sim.now);
        s.toc = true;
        ctx.background.endPrioritized();
        mountedLayer();
      }),
    );
  };
  resolve(ctx, spec, () => mount(0));
}

/** The uncompressed bytes of the startup reads falling in a layer of `uncompressed` bytes (spread by size). */
function startupShare(spec: ImageSpec, uncompressed: number): number {
  return spec.uncompressedSize === 0 ? 0 : (spec.startupReads.size * uncompressed) / spec.uncompressedSize;
}

/**
 * The workload's startup reads on lazily mounted layers: what is not local is fetched on demand (a
 * request per file, the files read one after another, then the bytes), and everything read is
 * decompressed at `unpackBytesPerSecond`. Reads are prioritized work for the background fetcher.
 */
export function startupReads(ctx: NodePullContext, spec: ImageSpec, done: () => void): void {
  const rt = ctx.rt;
  const reads = spec.startupReads;
  if (reads.size <= 0) return done();
  // A read of a chunk being prefetched waits for it rather than fetching it again.
  for (const layer of spec.layers) {
    const s = ctx.cache.layer(layer, spec.registry, rt.sim.now);
    if (s.prefetching !== undefined) {
      s.prefetching.push(() => startupReads(ctx, spec, done));
      return;
    }
  }
  let remoteBytes = 0;
  let remoteShare = 0;
  const states: LazyLayer[] = [];
  for (const layer of spec.layers) {
    const s = ctx.cache.layer(layer, spec.registry, rt.sim.now);
    states.push(s);
    const r = startupShare(spec, layer.uncompressedSize);
    const remote = 1 - ctx.cache.localShare(s);
    remoteBytes += compressedShare(layer, r * remote);
    remoteShare += (r * remote) / reads.size;
  }
  const decompress = (reads.size / rt.spec.containerd.unpackBytesPerSecond) * 1e6;
  if (remoteBytes <= 0) return rt.after(decompress, done);
  const requests = Math.max(1, Math.round(reads.files * remoteShare));
  const registry = rt.registry(spec.registry);
  ctx.background.beginPrioritized();
  rt.after((requests - 1) * registry.spec.requestLatency, () =>
    rt.fetch(registry, ctx.link, remoteBytes, (b) => ctx.received(b), () => {
      for (const s of states) {
        const r = startupShare(spec, s.layer.uncompressedSize);
        ctx.cache.add(s, compressedShare(s.layer, r * (1 - ctx.cache.localShare(s))), rt.sim.now);
        s.startupFetched = true;
      }
      ctx.background.endPrioritized();
      rt.after(decompress, done);
    }),
  );
}
