/**
 * A pull through an unpacking snapshotter (overlayfs), as containerd's CRI PullImage does it:
 * resolve the manifest and config, download every layer the node does not hold
 * (`max_concurrent_downloads` at a time, one request each), then unpack them one after another
 * (decompress and write, at `unpackBytesPerSecond` of uncompressed data). A layer another pull on
 * the node is already bringing is waited for, not fetched twice.
 */
import type { Micros } from '../../engine/simulation.js';
import type { ImageSpec, LayerSpec } from './image-catalog.js';
import { resolveRequests } from './image-pull-config.js';
import type { NodePullContext } from './node-pull-context.js';

/** When the pull's downloads ended and when it was done (µs). */
export interface PullTimes {
  readonly fetched: Micros;
  readonly done: Micros;
}

/** Pulls `spec` onto the node; `done` gets the phase boundaries. The caller records the image. */
export function legacyPull(ctx: NodePullContext, spec: ImageSpec, done: (t: PullTimes) => void): void {
  const rt = ctx.rt;
  const registry = rt.registry(spec.registry);
  const own: LayerSpec[] = [];
  let waiting = 0;
  let next = 0;
  let running = 0;
  let fetchedAt = 0;
  const limit = Math.max(1, rt.spec.containerd.max_concurrent_downloads);

  const unpack = (): void => {
    fetchedAt = rt.sim.now;
    let bytes = 0;
    for (const l of own) bytes += l.uncompressedSize;
    rt.after((bytes / rt.spec.containerd.unpackBytesPerSecond) * 1e6, () => {
      for (const l of own) {
        ctx.store.addLayer(l);
        const waiters = ctx.layersInFlight.get(l.digest) ?? [];
        ctx.layersInFlight.delete(l.digest);
        for (const w of waiters) w();
      }
      done({ fetched: fetchedAt, done: rt.sim.now });
    });
  };
  const maybeFinished = (): void => {
    if (next >= own.length && running === 0 && waiting === 0) unpack();
  };
  const pump = (): void => {
    while (running < limit && next < own.length) {
      const layer = own[next++]!;
      running++;
      rt.fetch(registry, ctx.link, layer.size, (b) => ctx.received(b), () => {
        running--;
        pump();
        maybeFinished();
      });
    }
  };

  resolve(ctx, spec, () => {
    for (const l of spec.layers) {
      if (ctx.store.hasLayer(l.digest) || own.includes(l)) continue;
      const inFlight = ctx.layersInFlight.get(l.digest);
      if (inFlight !== undefined) {
        waiting++;
        inFlight.push(() => {
          waiting--;
          maybeFinished();
        });
        continue;
      }
      ctx.layersInFlight.set(l.digest, []);
      own.push(l);
    }
    pump();
    maybeFinished();
  });
}

/** Resolves the image (manifest and config requests, one after another), then calls `then`. */
export function resolve(ctx: NodePullContext, spec: ImageSpec, then: () => void): void {
  const registry = ctx.rt.registry(spec.registry);
  let left = resolveRequests;
  const step = (): void => {
    if (left-- === 0) return then();
    ctx.rt.fetch(registry, ctx.link, 0, () => undefined, step);
  };
  step();
}
