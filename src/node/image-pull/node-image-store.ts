/**
 * The images and layers on one node's image filesystem, as the container runtime lists them and
 * the kubelet's image manager tracks them: each image's first detection and last use, the
 * containers using it, and the bytes its layers hold (a layer shared by several images is stored
 * once; a pulled layer holds its compressed blob and its unpacked snapshot, a lazily mounted
 * eStargz layer holds nothing on imagefs — its fetched chunks live in the snapshotter's cache).
 */
import type { ContainerImage } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import type { ImageSpec, LayerSpec } from './image-catalog.js';

/** An image on the node. */
export interface StoredImage {
  readonly spec: ImageSpec;
  readonly firstDetected: Micros;
  lastUsed: Micros;
  /** Running or starting containers using it. */
  inUse: number;
  /** Mounted lazily through the stargz snapshotter. */
  readonly lazy: boolean;
}

interface StoredLayer {
  readonly layer: LayerSpec;
  /** Images on the node holding the layer. */
  refs: number;
  /** Bytes on imagefs. */
  readonly bytes: number;
}

/** Images and layers present on a node, with imagefs usage. */
export class NodeImageStore {
  private readonly images = new Map<string, StoredImage>();
  private readonly layers = new Map<string, StoredLayer>();
  private usedBytes = 0;
  /** Called after an image is added or removed. */
  onChange: () => void = () => undefined;

  constructor(readonly capacity: number) {}

  /** Bytes used on imagefs. */
  get used(): number {
    return this.usedBytes;
  }

  /** The image named `name` (normalised), if present. */
  get(name: string): StoredImage | undefined {
    return this.images.get(name);
  }

  /** True when a layer with this digest is stored (unpacked). */
  hasLayer(digest: string): boolean {
    return this.layers.has(digest);
  }

  /** Records a layer downloaded and unpacked (before its image is complete); no-op when present. */
  addLayer(layer: LayerSpec): void {
    if (this.layers.has(layer.digest)) return;
    const bytes = layer.size + layer.uncompressedSize;
    this.layers.set(layer.digest, { layer, refs: 0, bytes });
    this.usedBytes += bytes;
  }

  /** Records a pulled image (its layers must have been added, unless lazy). */
  addImage(spec: ImageSpec, now: Micros, lazy: boolean): StoredImage {
    const existing = this.images.get(spec.name);
    if (existing !== undefined) return existing;
    const img: StoredImage = { spec, firstDetected: now, lastUsed: now, inUse: 0, lazy };
    this.images.set(spec.name, img);
    if (!lazy) for (const l of spec.layers) {
      const stored = this.layers.get(l.digest);
      if (stored !== undefined) stored.refs++;
    }
    this.onChange();
    return img;
  }

  /** Removes an image and the layers no other image holds; returns the bytes freed. */
  removeImage(name: string): number {
    const img = this.images.get(name);
    if (img === undefined) return 0;
    this.images.delete(name);
    let freed = 0;
    if (!img.lazy) for (const l of img.spec.layers) {
      const stored = this.layers.get(l.digest);
      if (stored === undefined) continue;
      if (--stored.refs <= 0) {
        this.layers.delete(l.digest);
        this.usedBytes -= stored.bytes;
        freed += stored.bytes;
      }
    }
    this.onChange();
    return freed;
  }

  /** The bytes removing `name` would free now (layers held by no other image). */
  freeableBytes(name: string): number {
    const img = this.images.get(name);
    if (img === undefined || img.lazy) return 0;
    let bytes = 0;
    for (const l of img.spec.layers) {
      const stored = this.layers.get(l.digest);
      if (stored !== undefined && stored.refs <= 1) bytes += stored.bytes;
    }
    return bytes;
  }

  /** Every image on the node, in the order first detected. */
  all(): StoredImage[] {
    return [...this.images.values()];
  }

  /**
   * `status.images` as the kubelet reports it: names and sizes, largest first (kubelet_node_status.go
   * sorts by size). An official Docker Hub image is also listed by its short name (`nginx:1.27`),
   * the spelling pods mostly use and ImageLocality compares.
   */
  statusImages(): ContainerImage[] {
    return this.all()
      .map((i) => ({ names: namesOf(i.spec.name), sizeBytes: i.spec.size }))
      .sort((a, b) => b.sizeBytes - a.sizeBytes || (a.names[0]! < b.names[0]! ? -1 : 1));
  }
}

const dockerHubLibrary = 'docker.io/library/';

function namesOf(name: string): string[] {
  return name.startsWith(dockerHubLibrary) ? [name, name.slice(dockerHubLibrary.length)] : [name];
}
