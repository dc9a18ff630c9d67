/**
 * DotProductScore (PreScore, Score), the FGD paper's DotProd baseline (after Tetris) as its
 * simulator runs it (pkg/simulator/plugin/dot_product_score.go with dimExtMethod `merge`,
 * normMethod `max`, best-fit GPU selection, per the artifact's experiment list): the node's free
 * (CPU, total GPU milli) and the pod's request, each divided by the largest node spec (128 cores,
 * 8 GPUs), are multiplied; the smaller the dot product over the two dimensions, the higher the
 * score: ⌊100 · (1 − dot / 2)⌋, an integer as the simulator returns it (int64()).
 */
import { bestFit } from '../../dra/gpu/gpu-fit.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { MaxNodeScore } from '../framework/status.js';
import { clampScore, freeGpuMilli, GpuPolicy, maxSpecGpuMilli, maxSpecMilliCpu, milliCpuLeft, requestedGpuMilli, type GpuChoice, type PolicyPod } from './gpu-policy.js';

const NAME = 'DotProductScore';

/** The dot-product score of a node with `cpuLeft`/`gpuLeft` free for a pod asking `cpu`/`gpu` (0..100). */
export function dotProductScore(cpuLeft: number, gpuLeft: number, cpu: number, gpu: number): number {
  const dot = (cpuLeft / maxSpecMilliCpu) * (cpu / maxSpecMilliCpu) + (gpuLeft / maxSpecGpuMilli) * (gpu / maxSpecGpuMilli);
  return Math.trunc(clampScore(MaxNodeScore * (1 - dot / 2)));
}

class DotProductScore extends GpuPolicy {
  readonly name = NAME;

  protected choose(pod: PolicyPod, node: NodeInfo): GpuChoice {
    const score = dotProductScore(milliCpuLeft(node), freeGpuMilli(node.gpus), pod.milliCpu, requestedGpuMilli(pod.gpu));
    return { score, gpus: pod.gpu === undefined || node.gpus === undefined ? undefined : bestFit(pod.gpu, node.gpus) };
  }
}

/** DotProductScore: prefers the node whose free (CPU, GPU) is least aligned with the pod's request. */
export const dotProductScorePlugin: PluginDefinition = {
  name: NAME,
  factory: () => new DotProductScore(),
};
