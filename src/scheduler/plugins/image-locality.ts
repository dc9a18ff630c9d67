/**
 * ImageLocality (Score), after upstream pkg/scheduler/framework/plugins/imagelocality/image_locality.go:
 * favours nodes that already hold the pod's images, each image's size scaled by the share of nodes
 * holding it, clamped to [23 MiB, 1000 MiB × containers] and mapped to 0..100.
 */
import type { CycleState } from '../framework/cycle-state.js';
import type { ScorePlugin } from '../framework/extension-points.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { ImageStateSummary, NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { MaxNodeScore } from '../framework/status.js';

const NAME = 'ImageLocality';
const mb = 1024 * 1024;
/** Lower bound of the summed image score (upstream minThreshold, 23 MiB). */
export const minThreshold = 23 * mb;
/** Upper bound of the summed image score per container (upstream maxContainerThreshold, 1000 MiB). */
export const maxContainerThreshold = 1000 * mb;

/** Upstream normalizedImageName: appends ":latest" when the name has no tag (no ':' after the last '/'). */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** Upstream scaledImageScore: the image size times the fraction of nodes that have it, truncated. */
export function scaledImageScore(state: ImageStateSummary, totalNumNodes: number): number {
  const spread = state.numNodes / totalNumNodes;
  return Math.trunc(state.size * spread);
}

/** Upstream calculatePriority: clamps the summed score to [minThreshold, maxContainerThreshold·containers] and scales it to 0..MaxNodeScore. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = maxContainerThreshold * numContainers;
  let s = sumScores;
  if (s < minThreshold) s = minThreshold;
  else if (s > maxThreshold) s = maxThreshold;
  return Math.trunc((MaxNodeScore * (s - minThreshold)) / (maxThreshold - minThreshold));
}

class ImageLocality implements ScorePlugin {
  readonly name = NAME;
  private lastPod: PodInfo | undefined;
  private lastImages: readonly string[] = [];

  constructor(private readonly handle: FrameworkHandle) {}

  /** Batch Score: `score` for every node, in this plugin's own loop. */
  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, pod, nodes[i] as NodeInfo);
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const images = this.imagesOf(pod);
    // No image on the node: the sum is 0, below minThreshold, so the score is 0 (calculatePriority).
    if (images.length === 0 || node.imageStates.size === 0) return 0;
    const totalNumNodes = this.handle.snapshot.nodeInfoList.length;
    const states = node.imageStates;
    let sum = 0;
    for (let i = 0; i < images.length; i++) {
      const st = states.get(images[i] as string);
      if (st !== undefined) sum += scaledImageScore(st, totalNumNodes);
    }
    return calculatePriority(sum, images.length);
  }

  /** Normalised image names of the pod's containers, memoised for the pod being scored (Score runs per node). */
  private imagesOf(pod: PodInfo): readonly string[] {
    if (this.lastPod !== pod) {
      this.lastPod = pod;
      this.lastImages = pod.pod.spec.containers.map((c) => normalizedImageName(c.image));
    }
    return this.lastImages;
  }
}

/** ImageLocality: scores nodes already holding the pod's container images (spread-scaled sizes, 0..100). */
export const imageLocalityPlugin: PluginDefinition = {
  name: NAME,
  factory: (_args, handle) => new ImageLocality(handle),
};
