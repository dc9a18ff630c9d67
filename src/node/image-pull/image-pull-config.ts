/**
 * Parameters of image pulls on a node: the kubelet's image fields of KubeletConfiguration, the
 * containerd CRI plugin and stargz-snapshotter options (their own names), and kubesim's costs
 * of unpacking, creating and starting containers. Defaults are upstream's or fitted to the
 * stargz-snapshotter benchmark (REFERENCE.md, "Image pulls"), as each comment says.
 */
import type { Micros } from '../../engine/simulation.js';

/** KubeletConfiguration image fields. */
export interface KubeletImageConfig {
  readonly serializeImagePulls: boolean;
  /** 0: no limit (upstream nil). */
  readonly maxParallelImagePulls: number;
  /** Pulls per second of the kubelet's token bucket; 0: no limit. */
  readonly registryPullQPS: number;
  readonly registryBurst: number;
  readonly imageGCHighThresholdPercent: number;
  readonly imageGCLowThresholdPercent: number;
  readonly imageMinimumGCAge: Micros;
  /** 0: unused images are never removed for their age alone. */
  readonly imageMaximumGCAge: Micros;
}

/**
 * KubeletConfiguration defaults (REFERENCE.md kubelet row; pkg/kubelet/apis/config/v1beta1
 * defaults.go): serializeImagePulls true, maxParallelImagePulls nil, registryPullQPS 5,
 * registryBurst 10, imageGCHighThresholdPercent 85, imageGCLowThresholdPercent 80,
 * imageMinimumGCAge 2 min, imageMaximumGCAge 0.
 */
export const defaultKubeletImageConfig: KubeletImageConfig = {
  serializeImagePulls: true,
  maxParallelImagePulls: 0,
  registryPullQPS: 5,
  registryBurst: 10,
  imageGCHighThresholdPercent: 85,
  imageGCLowThresholdPercent: 80,
  imageMinimumGCAge: 120_000_000,
  imageMaximumGCAge: 0,
};

/** How often the kubelet's image GC runs (pkg/kubelet/kubelet.go ImageGCPeriod, 5 min). */
export const imageGCPeriod: Micros = 300_000_000;
/** First image pull back-off, doubling per failure (pkg/kubelet/kubelet.go backOffPeriod, 10 s). */
export const imagePullBackOffInitial: Micros = 10_000_000;
/** Longest image pull back-off (MaxContainerBackOff, 300 s). */
export const imagePullBackOffMax: Micros = 300_000_000;

/** stargz-snapshotter options (fs/config/config.go names) plus kubesim's cache capacity and create cost. */
export interface StargzConfig {
  /** Bytes prefetched from each layer without a prefetch landmark (0: none). */
  readonly prefetch_size: number;
  readonly noprefetch: boolean;
  readonly no_background_fetch: boolean;
  /** Longest wait for a layer's prefetch before the mount returns. */
  readonly prefetch_timeout_sec: number;
  /** Concurrent background fetches per node. */
  readonly max_concurrency: number;
  /** `directory` (on disk, survives image removal) or `memory`. */
  readonly http_cache_type: 'directory' | 'memory';
  /** Bytes the http cache may hold before the least recently used layers are dropped. */
  readonly httpCacheCapacity: number;
  /** Creating a container on lazily mounted layers. */
  readonly containerCreateLatency: Micros;
}

/** containerd parameters (CRI plugin option names where containerd has them). */
export interface ContainerdConfig {
  /** `overlayfs` pulls every layer; `stargz` mounts eStargz layers lazily (others as overlayfs does). */
  readonly snapshotter: 'overlayfs' | 'stargz';
  /** Layers downloaded at once per pull (CRI plugin `max_concurrent_downloads`). */
  readonly max_concurrent_downloads: number;
  /** Decompressing and writing layer contents, bytes of uncompressed data per second. */
  readonly unpackBytesPerSecond: number;
  /** Creating a container on an unpacked (overlayfs) snapshot. */
  readonly containerCreateLatency: Micros;
  /** Starting the container's task until its process runs. */
  readonly containerStartLatency: Micros;
  readonly stargz: StargzConfig;
}

/**
 * Defaults. `max_concurrent_downloads` 3 and the stargz options are upstream's (containerd CRI
 * config; stargz-snapshotter fs/config/config.go: prefetch_size 0, prefetch_timeout_sec 10,
 * max_concurrency 2, background fetch on, http cache on disk). The costs are fitted to the
 * stargz-snapshotter benchmark's python:3.7 row (REFERENCE.md, "Image pulls"; scenario
 * scenarios/validation/stargz-python.yaml): legacy create 5.3 s = 0.3 s create + 0.9 GB unpacked
 * at 180 MB/s; run 0.2 s (legacy) is the start latency; create 0.8 s on lazily mounted layers.
 */
export const defaultContainerdConfig: ContainerdConfig = {
  // containerd's default snapshotter; eStargz images are then pulled like any other.
  snapshotter: 'overlayfs',
  max_concurrent_downloads: 3,
  unpackBytesPerSecond: 180e6,
  containerCreateLatency: 300_000,
  containerStartLatency: 200_000,
  stargz: {
    prefetch_size: 0,
    noprefetch: false,
    no_background_fetch: false,
    prefetch_timeout_sec: 10,
    max_concurrency: 2,
    http_cache_type: 'directory',
    // stargz-snapshotter bounds its cache only by the disk; kubesim gives it a capacity (the
    // users' 20 GB, REFERENCE.md eStargz row).
    httpCacheCapacity: 20e9,
    containerCreateLatency: 800_000,
  },
};

/** A node's image filesystem and network. */
export interface NodeImageResources {
  /** Bytes of the image filesystem (imagefs). */
  readonly imageFsCapacity: number;
  /** Bytes per second the node can receive. */
  readonly networkBandwidth: number;
}

/** A 100 GiB imagefs and a 10 Gb/s NIC, a common cloud VM shape (assumptions, exposed per node pool). */
export const defaultNodeImageResources: NodeImageResources = { imageFsCapacity: 100 * 2 ** 30, networkBandwidth: 1.25e9 };

/**
 * Registry defaults: 130 ms per HTTP request (fitted to the stargz-snapshotter benchmark's eStargz
 * pull of python:3.7, 3.0 s, dominated by two requests per layer for its footer and table of
 * contents; REFERENCE.md "Image pulls") and 10 Gb/s egress (an assumption; the benchmark's
 * runner, not GHCR, was its bottleneck).
 */
export const defaultRegistry = { bandwidth: 1.25e9, requestLatency: 130_000 } as const;

/** Requests to resolve an image before its layers: the manifest and the config blob. */
export const resolveRequests = 2;
/** eStargz TOC size when a layer does not state it: 0.5 % of the compressed layer (an assumption). */
export const defaultTocFraction = 0.005;
/** stargz-snapshotter's background fetcher waits for this long without on-demand reads (fs/fs.go, 5 s). */
export const backgroundFetchSilencePeriod: Micros = 5_000_000;
/** Background fetches proceed in segments of this many bytes (a modelling granularity, not stargz's chunk_size). */
export const backgroundFetchSegment = 64 * 2 ** 20;
