/**
 * Compiles the image model's input: `registries` (hosts and the images they serve), the
 * KubeletConfiguration image fields, `cluster.containerd`, a node pool's `imageFs` and `network`,
 * and checks that every container image of a pod template is served by a declared registry.
 */
import { imageMode, ImageCatalog, normalizeImageReference, registryHost, type ImageSpec, type LayerSpec, type RegistrySpec } from '../node/image-pull/image-catalog.js';
import {
  defaultContainerdConfig,
  defaultKubeletImageConfig,
  defaultNodeImageResources,
  defaultRegistry,
  defaultTocFraction,
  type ContainerdConfig,
  type KubeletImageConfig,
  type NodeImageResources,
} from '../node/image-pull/image-pull-config.js';
import type { ImagePullSpec } from '../node/image-pull/image-pull-runtime.js';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';
import type { ValueKind } from './expression.js';

type Raw = Record<string, unknown>;

function num(ctx: CompileContext, path: FieldPath, raw: unknown, kind: ValueKind, min: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = ctx.atLeast(path, raw, kind, min);
  return Number.isNaN(v) ? fallback : v;
}

/** Compiles `registries` into the catalog; duplicate hosts and images and inconsistent layers are problems. */
export function compileRegistries(ctx: CompileContext, raw: unknown): ImageCatalog {
  const registries: RegistrySpec[] = [];
  const images: ImageSpec[] = [];
  const layers = new Map<string, { layer: LayerSpec; path: FieldPath }>();
  const seenImages = new Set<string>();
  ((raw ?? []) as Raw[]).forEach((r, ri) => {
    const p: FieldPath = ['registries', ri];
    const host = String(r['host']);
    if (registries.some((x) => x.name === host)) ctx.problem([...p, 'host'], `duplicate registry host "${host}"`);
    registries.push({
      name: host,
      bandwidth: num(ctx, [...p, 'bandwidth'], r['bandwidth'], 'bandwidth', 1, defaultRegistry.bandwidth),
      requestLatency: num(ctx, [...p, 'requestLatency'], r['requestLatency'], 'duration', 0, defaultRegistry.requestLatency),
    });
    ((r['images'] ?? []) as Raw[]).forEach((img, ii) => {
      const ip: FieldPath = [...p, 'images', ii];
      const given = String(img['name']);
      const name = normalizeImageReference(given.startsWith(`${host}/`) ? given : `${host}/${given}`);
      if (registryHost(name) !== host) {
        ctx.problem([...ip, 'name'], `image "${given}" names registry ${registryHost(name)}, not ${host}`);
        return;
      }
      if (seenImages.has(name)) ctx.problem([...ip, 'name'], `duplicate image "${name}"`);
      seenImages.add(name);
      const format = (img['format'] as 'docker' | 'estargz' | undefined) ?? 'docker';
      const optimized = (img['optimized'] as boolean | undefined) ?? false;
      if (optimized && format !== 'estargz') ctx.problem([...ip, 'optimized'], 'only an eStargz image (format: estargz) can be optimised');
      const imageLayers = ((img['layers'] ?? []) as Raw[]).map((l, li) => compileLayer(ctx, [...ip, 'layers', li], l, layers));
      const reads = (img['startupReads'] ?? {}) as Raw;
      const size = imageLayers.reduce((a, l) => a + l.size, 0);
      const uncompressedSize = imageLayers.reduce((a, l) => a + l.uncompressedSize, 0);
      const startupSize = num(ctx, [...ip, 'startupReads', 'size'], reads['size'], 'size', 0, 0);
      if (startupSize > uncompressedSize) ctx.problem([...ip, 'startupReads', 'size'], `must not exceed the image's uncompressed size (${uncompressedSize} bytes)`);
      images.push({
        name,
        registry: host,
        layers: imageLayers,
        format,
        optimized,
        startupReads: { size: startupSize, files: num(ctx, [...ip, 'startupReads', 'files'], reads['files'], 'integer', 0, startupSize > 0 ? 1 : 0) },
        size,
        uncompressedSize,
        mode: imageMode(format, optimized),
      });
    });
  });
  return new ImageCatalog(registries, images);
}

function compileLayer(ctx: CompileContext, path: FieldPath, raw: Raw, seen: Map<string, { layer: LayerSpec; path: FieldPath }>): LayerSpec {
  const digest = String(raw['digest']);
  const size = num(ctx, [...path, 'size'], raw['size'], 'size', 0, 0);
  const uncompressedSize = num(ctx, [...path, 'uncompressedSize'], raw['uncompressedSize'], 'size', 0, 0);
  const tocSize = num(ctx, [...path, 'tocSize'], raw['tocSize'], 'size', 0, Math.ceil(size * defaultTocFraction));
  const layer = { digest, size, uncompressedSize, tocSize };
  const before = seen.get(digest);
  if (before === undefined) seen.set(digest, { layer, path });
  else if (before.layer.size !== size || before.layer.uncompressedSize !== uncompressedSize) {
    ctx.problem(path, `layer ${digest} has other sizes here than where it is first declared`);
  }
  return layer;
}

/** Compiles the KubeletConfiguration image fields of `cluster.kubelet`. */
export function compileKubeletImageConfig(ctx: CompileContext, raw: Raw): KubeletImageConfig {
  const d = defaultKubeletImageConfig;
  const p: FieldPath = ['cluster', 'kubelet'];
  const percent = (field: 'imageGCHighThresholdPercent' | 'imageGCLowThresholdPercent'): number => {
    const v = raw[field];
    if (v === undefined) return d[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) {
      ctx.problem([...p, field], `must be a whole number of percent between 0 and 100 (KubeletConfiguration int32), got ${JSON.stringify(v)}`);
      return d[field];
    }
    return v;
  };
  const high = percent('imageGCHighThresholdPercent');
  const low = percent('imageGCLowThresholdPercent');
  if (low >= high) ctx.problem([...p, 'imageGCLowThresholdPercent'], `must be less than imageGCHighThresholdPercent (${high}), got ${low}`);
  const serialize = (raw['serializeImagePulls'] as boolean | undefined) ?? d.serializeImagePulls;
  const parallel = num(ctx, [...p, 'maxParallelImagePulls'], raw['maxParallelImagePulls'], 'integer', 1, d.maxParallelImagePulls);
  if (serialize && parallel > 1) ctx.problem([...p, 'maxParallelImagePulls'], 'cannot be larger than 1 unless serializeImagePulls is false');
  const minAge = num(ctx, [...p, 'imageMinimumGCAge'], raw['imageMinimumGCAge'], 'duration', 0, d.imageMinimumGCAge);
  const maxAge = num(ctx, [...p, 'imageMaximumGCAge'], raw['imageMaximumGCAge'], 'duration', 0, d.imageMaximumGCAge);
  if (maxAge > 0 && maxAge < minAge) ctx.problem([...p, 'imageMaximumGCAge'], `must not be less than imageMinimumGCAge (${minAge / 1e6} s)`);
  return {
    serializeImagePulls: serialize,
    maxParallelImagePulls: parallel,
    registryPullQPS: num(ctx, [...p, 'registryPullQPS'], raw['registryPullQPS'], 'rate', 0, d.registryPullQPS),
    registryBurst: num(ctx, [...p, 'registryBurst'], raw['registryBurst'], 'integer', 0, d.registryBurst),
    imageGCHighThresholdPercent: high,
    imageGCLowThresholdPercent: low,
    imageMinimumGCAge: minAge,
    imageMaximumGCAge: maxAge,
  };
}

/** Compiles `cluster.containerd`. */
export function compileContainerd(ctx: CompileContext, raw: Raw): ContainerdConfig {
  const d = defaultContainerdConfig;
  const p: FieldPath = ['cluster', 'containerd'];
  const s = (raw['stargz'] ?? {}) as Raw;
  const sp: FieldPath = [...p, 'stargz'];
  const ds = d.stargz;
  return {
    snapshotter: (raw['snapshotter'] as ContainerdConfig['snapshotter'] | undefined) ?? d.snapshotter,
    max_concurrent_downloads: num(ctx, [...p, 'max_concurrent_downloads'], raw['max_concurrent_downloads'], 'integer', 1, d.max_concurrent_downloads),
    unpackBytesPerSecond: num(ctx, [...p, 'unpackBytesPerSecond'], raw['unpackBytesPerSecond'], 'bandwidth', 1, d.unpackBytesPerSecond),
    containerCreateLatency: num(ctx, [...p, 'containerCreateLatency'], raw['containerCreateLatency'], 'duration', 0, d.containerCreateLatency),
    containerStartLatency: num(ctx, [...p, 'containerStartLatency'], raw['containerStartLatency'], 'duration', 0, d.containerStartLatency),
    stargz: {
      prefetch_size: num(ctx, [...sp, 'prefetch_size'], s['prefetch_size'], 'size', 0, ds.prefetch_size),
      noprefetch: (s['noprefetch'] as boolean | undefined) ?? ds.noprefetch,
      no_background_fetch: (s['no_background_fetch'] as boolean | undefined) ?? ds.no_background_fetch,
      prefetch_timeout_sec: num(ctx, [...sp, 'prefetch_timeout_sec'], s['prefetch_timeout_sec'], 'number', 0, ds.prefetch_timeout_sec),
      max_concurrency: num(ctx, [...sp, 'max_concurrency'], s['max_concurrency'], 'integer', 1, ds.max_concurrency),
      http_cache_type: (s['http_cache_type'] as 'directory' | 'memory' | undefined) ?? ds.http_cache_type,
      httpCacheCapacity: num(ctx, [...sp, 'httpCacheCapacity'], s['httpCacheCapacity'], 'size', 0, ds.httpCacheCapacity),
      containerCreateLatency: num(ctx, [...sp, 'containerCreateLatency'], s['containerCreateLatency'], 'duration', 0, ds.containerCreateLatency),
    },
  };
}

/** The image model of the run, or undefined when the scenario declares no registry. */
export function compileImagePulls(ctx: CompileContext, registries: unknown, cluster: Raw): ImagePullSpec | undefined {
  const catalog = compileRegistries(ctx, registries);
  const kubelet = compileKubeletImageConfig(ctx, (cluster['kubelet'] ?? {}) as Raw);
  const containerd = compileContainerd(ctx, (cluster['containerd'] ?? {}) as Raw);
  if (registries === undefined) return undefined;
  ctx.imageCatalog = catalog;
  return { catalog, kubelet, containerd };
}

/** A node pool's `imageFs.capacity` and `network.bandwidth`. */
export function compileNodeImageResources(ctx: CompileContext, path: FieldPath, raw: Raw): NodeImageResources {
  const fs = (raw['imageFs'] ?? {}) as Raw;
  const net = (raw['network'] ?? {}) as Raw;
  return {
    imageFsCapacity: num(ctx, [...path, 'imageFs', 'capacity'], fs['capacity'], 'size', 1, defaultNodeImageResources.imageFsCapacity),
    networkBandwidth: num(ctx, [...path, 'network', 'bandwidth'], net['bandwidth'], 'bandwidth', 1, defaultNodeImageResources.networkBandwidth),
  };
}

/** With registries declared, every container image must be one of their images. */
export function checkContainerImages(ctx: CompileContext, path: FieldPath, containers: readonly { image: string }[]): void {
  const catalog = ctx.imageCatalog;
  if (catalog === undefined) return;
  containers.forEach((c, i) => {
    if (catalog.image(c.image) !== undefined) return;
    const name = normalizeImageReference(c.image);
    const host = registryHost(name);
    const where = catalog.registry(host) === undefined ? `no registry ${host} is declared in registries` : `registry ${host} does not serve it`;
    ctx.problem([...path, i, 'image'], `image "${c.image}" (${name}) is in no registry: ${where}`);
  });
}
