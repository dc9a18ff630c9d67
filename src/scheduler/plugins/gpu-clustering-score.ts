/**
 * GpuClusteringScore (PreScore, Score), the FGD paper's GpuClustering baseline as its simulator
 * implements it (pkg/simulator/plugin/gpu_clustering_score.go, best-fit GPU selection): GPU pods
 * are tagged by kind — `share-gpu` for a share of one GPU, `<n>-gpu` for n whole GPUs — and a
 * pod prefers nodes that hold only its kind (75–100), then nodes holding its kind among others
 * (50–75), then idle nodes (25–50), then nodes holding other kinds only (0–25); within a band,
 * the fewer free GPU milli (of 8 GPUs) the better: 25 · (8000 − free) / 8000 in integer
 * arithmetic, as upstream. Pods without GPUs score 0 everywhere.
 */
import { bestFit, isFractional } from '../../dra/gpu/gpu-fit.js';
import { GpuMilli, type GpuRequest, type NodeGpus } from '../../dra/gpu/node-gpus.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { MaxNodeScore } from '../framework/status.js';
import { GpuPolicy, maxSpecGpuMilli, type GpuChoice, type PolicyPod } from './gpu-policy.js';

const NAME = 'GpuClusteringScore';

/** The kind of a GPU request as upstream tags it (GetGpuAffinityFromPodAnnotation). */
export function gpuAffinityTag(count: number, milli: number): string {
  return count === 1 && milli < GpuMilli ? 'share-gpu' : `${count}-gpu`;
}

const tagCache = new WeakMap<NodeGpus, { version: number; tags: ReadonlySet<string> }>();

/** The kinds of the GPU pods a node holds (cached by the GPUs' version). */
function nodeTags(gpus: NodeGpus): ReadonlySet<string> {
  const c = tagCache.get(gpus);
  if (c !== undefined && c.version === gpus.version) return c.tags;
  const tags = new Set<string>();
  for (const a of gpus.assignments()) tags.add(gpuAffinityTag(a.indices.length, a.milli));
  tagCache.set(gpus, { version: gpus.version, tags });
  return tags;
}

/** The clustering score of `req` on `gpus` (0..100). */
export function gpuClusteringScore(req: GpuRequest, gpus: NodeGpus): number {
  const tag = isFractional(req) ? 'share-gpu' : gpuAffinityTag(req.count, GpuMilli);
  const tags = nodeTags(gpus);
  const quarter = MaxNodeScore / 4;
  const used = Math.trunc((quarter * (maxSpecGpuMilli - gpus.totalMilliFree())) / maxSpecGpuMilli);
  if (tags.has(tag)) return used + (tags.size === 1 ? 3 * quarter : 2 * quarter);
  return used + (tags.size === 0 ? quarter : 0);
}

class GpuClusteringScore extends GpuPolicy {
  readonly name = NAME;

  protected choose(pod: PolicyPod, node: NodeInfo): GpuChoice {
    if (pod.gpu === undefined || node.gpus === undefined) return { score: 0, gpus: undefined };
    return { score: gpuClusteringScore(pod.gpu, node.gpus), gpus: bestFit(pod.gpu, node.gpus) };
  }
}

/** GpuClusteringScore: keeps GPU pods of one kind together on the same nodes. */
export const gpuClusteringScorePlugin: PluginDefinition = {
  name: NAME,
  factory: () => new GpuClusteringScore(),
};
