/**
 * BestFitScore (PreScore, Score), the FGD paper's BestFit baseline as its simulator implements it
 * (pkg/simulator/plugin/best_fit_score.go, best-fit GPU selection): what the node would have left
 * after the pod, Σ_i w_i · (free_i − request_i) / maxSpec_i over CPU and GPU milli with weights
 * 0.5/0.5 and the largest node spec (128 cores, 8 GPUs), is better the smaller it is; the score is
 * ⌊100 · (1 − that)⌋, an integer as the simulator returns it (int64(score)). The simulator's
 * NormalizeScore (min-max onto 0..100 with integer division) is left out: with one Score plugin it
 * maps distinct integer scores in 0..100 to distinct ones in the same order, so it never changes
 * which nodes score highest.
 */
import { bestFit } from '../../dra/gpu/gpu-fit.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { MaxNodeScore } from '../framework/status.js';
import { clampScore, freeGpuMilli, GpuPolicy, maxSpecGpuMilli, maxSpecMilliCpu, milliCpuLeft, requestedGpuMilli, type GpuChoice, type PolicyPod } from './gpu-policy.js';

const NAME = 'BestFitScore';

/** The best-fit score of a node with `cpuLeft`/`gpuLeft` free for a pod asking `cpu`/`gpu` (0..100). */
export function bestFitScore(cpuLeft: number, gpuLeft: number, cpu: number, gpu: number): number {
  const left = (0.5 * (cpuLeft - cpu)) / maxSpecMilliCpu + (0.5 * (gpuLeft - gpu)) / maxSpecGpuMilli;
  return Math.trunc(clampScore(MaxNodeScore * (1 - left)));
}

class BestFitScore extends GpuPolicy {
  readonly name = NAME;

  protected choose(pod: PolicyPod, node: NodeInfo): GpuChoice {
    const score = bestFitScore(milliCpuLeft(node), freeGpuMilli(node.gpus), pod.milliCpu, requestedGpuMilli(pod.gpu));
    return { score, gpus: pod.gpu === undefined || node.gpus === undefined ? undefined : bestFit(pod.gpu, node.gpus) };
  }
}

/** BestFitScore: prefers the node the pod leaves with the least free CPU and GPU. */
export const bestFitScorePlugin: PluginDefinition = {
  name: NAME,
  factory: () => new BestFitScore(),
};
