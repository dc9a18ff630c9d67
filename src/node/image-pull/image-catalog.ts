/**
 * The images a scenario declares: registries (egress bandwidth, request latency) and the images
 * they serve as lists of layers (digest, compressed size, uncompressed size). A layer digest may
 * appear in several images; nodes then fetch and store it once. eStargz images carry a table of
 * contents per layer and, when optimised (`ctr-remote image optimize`), a prefetch landmark in
 * front of the files the workload reads at startup.
 */
import type { Micros } from '../../engine/simulation.js';

/** One layer of an image manifest (OCI `layers[]`): `size` is the compressed blob, `uncompressedSize` the tar. */
export interface LayerSpec {
  readonly digest: string;
  readonly size: number;
  readonly uncompressedSize: number;
  /** eStargz only: bytes of the gzipped table of contents fetched when the layer is mounted. */
  readonly tocSize: number;
}

/** The three image shapes of the stargz-snapshotter benchmark. */
export type ImageMode = 'legacy' | 'estargz-noopt' | 'estargz';

/** What the image's workload reads from its root filesystem before it is ready. */
export interface StartupReads {
  /** Uncompressed bytes read. */
  readonly size: number;
  /** Files read (each an on-demand range request when not local). */
  readonly files: number;
}

/** An image served by a registry. */
export interface ImageSpec {
  /** Normalised reference (`registry/repository:tag`). */
  readonly name: string;
  readonly registry: string;
  readonly layers: readonly LayerSpec[];
  /** `docker` (tar.gz layers) or `estargz` (lazily pullable). */
  readonly format: 'docker' | 'estargz';
  /** eStargz optimised: the prefetch landmark covers the startup reads. */
  readonly optimized: boolean;
  readonly startupReads: StartupReads;
  /** Sum of compressed layer sizes (what containerd reports as the image size). */
  readonly size: number;
  readonly uncompressedSize: number;
  readonly mode: ImageMode;
}

/** A registry: egress bandwidth shared by every transfer from it, and a latency per HTTP request. */
export interface RegistrySpec {
  readonly name: string;
  /** Bytes per second. */
  readonly bandwidth: number;
  readonly requestLatency: Micros;
}

/**
 * Normalises an image reference as the container runtime does: a name without a registry host is
 * on docker.io, an official image without a repository is under `library/`, no tag means `:latest`
 * (docker/distribution reference.ParseNormalizedNamed). Digest references are kept as they are.
 */
export function normalizeImageReference(ref: string): string {
  let name = ref;
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasHost) name = `docker.io/${slash < 0 ? `library/${name}` : name}`;
  else if (first === 'docker.io' && !name.slice(slash + 1).includes('/')) name = `docker.io/library/${name.slice(slash + 1)}`;
  if (name.includes('@')) return name;
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** The registry host of a normalised reference. */
export function registryHost(normalized: string): string {
  return normalized.slice(0, normalized.indexOf('/'));
}

/** Lookup of declared registries and images. */
export class ImageCatalog {
  private readonly images = new Map<string, ImageSpec>();
  private readonly registries = new Map<string, RegistrySpec>();

  constructor(registries: readonly RegistrySpec[], images: readonly ImageSpec[]) {
    for (const r of registries) this.registries.set(r.name, r);
    for (const i of images) this.images.set(i.name, i);
  }

  /** The image named by a pod's `image` field (normalised first), or undefined. */
  image(ref: string): ImageSpec | undefined {
    return this.images.get(normalizeImageReference(ref));
  }

  /** A declared registry by name. */
  registry(name: string): RegistrySpec | undefined {
    return this.registries.get(name);
  }

  /** Every registry in declaration order. */
  allRegistries(): RegistrySpec[] {
    return [...this.registries.values()];
  }
}

/** The benchmark mode of an image: legacy tar.gz, eStargz without optimisation, eStargz optimised. */
export function imageMode(format: 'docker' | 'estargz', optimized: boolean): ImageMode {
  if (format === 'docker') return 'legacy';
  return optimized ? 'estargz' : 'estargz-noopt';
}
