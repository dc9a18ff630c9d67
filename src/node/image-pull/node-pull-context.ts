/** What a pull on one node works with: the shared runtime, the node's store, cache, link and fetcher. */
import type { LayerSpec } from './image-catalog.js';
import type { BackgroundFetcher } from './background-fetcher.js';
import type { ImagePullRuntime } from './image-pull-runtime.js';
import type { NodeImageStore } from './node-image-store.js';
import type { StargzLayerCache } from './stargz-layer-cache.js';
import type { Link } from './transfer-network.js';

/** The node-side state a pull reads and changes. */
export interface NodePullContext {
  readonly rt: ImagePullRuntime;
  readonly nodeName: string;
  readonly store: NodeImageStore;
  readonly cache: StargzLayerCache;
  readonly link: Link;
  readonly background: BackgroundFetcher;
  /** Layers being downloaded and unpacked on the node, with callbacks waiting for them. */
  readonly layersInFlight: Map<string, (() => void)[]>;
  /** Counts bytes received by the node. */
  received(bytes: number): void;
}

/** The compressed bytes of a layer holding `uncompressed` bytes of its files. */
export function compressedShare(layer: LayerSpec, uncompressed: number): number {
  return layer.uncompressedSize === 0 ? 0 : (uncompressed * layer.size) / layer.uncompressedSize;
}
