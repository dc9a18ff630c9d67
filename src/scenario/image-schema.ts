/**
 * JSON Schemas of the image model's input: the top-level `registries` (with the images each
 * serves), `cluster.containerd` (containerd and stargz-snapshotter options by their own names),
 * the KubeletConfiguration image fields of `cluster.kubelet` and a node pool's `imageFs` and
 * `network`.
 */
import { expr } from './schema-primitives.js';

const layer = {
  type: 'object',
  additionalProperties: false,
  required: ['digest', 'size', 'uncompressedSize'],
  properties: { digest: { type: 'string', pattern: '^[a-z0-9]+:[A-Za-z0-9=_-]+$' }, size: expr, uncompressedSize: expr, tocSize: expr },
} as const;

const image = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'layers'],
  properties: {
    name: { type: 'string', minLength: 1 },
    format: { enum: ['docker', 'estargz'] },
    optimized: { type: 'boolean' },
    startupReads: { type: 'object', additionalProperties: false, properties: { size: expr, files: expr } },
    layers: { type: 'array', minItems: 1, items: layer },
  },
} as const;

/** `registries`: hosts with their egress bandwidth, request latency and images. */
export const registriesSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['host', 'images'],
    properties: { host: { type: 'string', minLength: 1 }, bandwidth: expr, requestLatency: expr, images: { type: 'array', items: image } },
  },
} as const;

/** `cluster.containerd`. */
export const containerdSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    snapshotter: { enum: ['overlayfs', 'stargz'] },
    max_concurrent_downloads: expr,
    unpackBytesPerSecond: expr,
    containerCreateLatency: expr,
    containerStartLatency: expr,
    stargz: {
      type: 'object',
      additionalProperties: false,
      properties: {
        prefetch_size: expr,
        noprefetch: { type: 'boolean' },
        no_background_fetch: { type: 'boolean' },
        prefetch_timeout_sec: expr,
        max_concurrency: expr,
        http_cache_type: { enum: ['directory', 'memory'] },
        httpCacheCapacity: expr,
        containerCreateLatency: expr,
      },
    },
  },
} as const;

/** KubeletConfiguration image fields accepted in `cluster.kubelet`. */
export const kubeletImageProperties = {
  serializeImagePulls: { type: 'boolean' },
  maxParallelImagePulls: expr,
  registryPullQPS: expr,
  registryBurst: expr,
  imageGCHighThresholdPercent: expr,
  imageGCLowThresholdPercent: expr,
  imageMinimumGCAge: expr,
  imageMaximumGCAge: expr,
} as const;

/** A node pool's image filesystem and network. */
export const nodePoolImageProperties = {
  imageFs: { type: 'object', additionalProperties: false, properties: { capacity: expr } },
  network: { type: 'object', additionalProperties: false, properties: { bandwidth: expr } },
} as const;
