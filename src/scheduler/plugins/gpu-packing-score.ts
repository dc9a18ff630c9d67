/**
 * GpuPackingScore (PreScore, Score), the FGD paper's GpuPacking baseline as its simulator
 * implements it (pkg/simulator/plugin/gpu_packing_score.go, best-fit GPU selection). From best to
 * worst, a GPU pod goes: (1) onto GPUs already shared, 100 − (free % of the GPUs used)/10, at
 * least 50; (2) onto wholly free GPUs of a node already in use, 50 − the free GPUs it takes, at
 * least 33; (3) onto an idle node, 33 − its GPU count (at least that count). Pods without GPUs
 * score 0 everywhere.
 */
import { bestFit } from '../../dra/gpu/gpu-fit.js';
import { GpuMilli, type GpuRequest, type NodeGpus } from '../../dra/gpu/node-gpus.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { MaxNodeScore } from '../framework/status.js';
import { GpuPolicy, type GpuChoice, type PolicyPod } from './gpu-policy.js';

const NAME = 'GpuPackingScore';

/** The packing score of `req` on `gpus` (integer arithmetic as upstream); 0 when it does not fit. */
export function gpuPackingScore(req: GpuRequest, gpus: NodeGpus): number {
  const free = gpus.milliFree;
  const fullyFree = gpus.fullyFreeCount();
  if (fullyFree === gpus.count) return Math.max(Math.trunc(MaxNodeScore / 3) - fullyFree, fullyFree);
  // GPUs taken least-free first, as upstream sorts them ascending (stable: lower index first on ties).
  const order = Array.from(free.keys()).sort((a, b) => (free[a] as number) - (free[b] as number) || a - b);
  let need = req.count;
  let fullyFreeUsed = 0;
  let freePercentOnUsed = 0;
  for (const i of order) {
    if (need === 0) break;
    const f = free[i] as number;
    if (f < req.milli) continue;
    need--;
    if (f === GpuMilli) fullyFreeUsed++;
    freePercentOnUsed += Math.trunc((f * 100) / GpuMilli);
  }
  if (need > 0) return 0;
  if (fullyFreeUsed > 0) return Math.max(Math.trunc(MaxNodeScore / 2) - fullyFreeUsed, Math.trunc(MaxNodeScore / 3));
  return Math.max(MaxNodeScore - Math.trunc(freePercentOnUsed / 10), Math.trunc(MaxNodeScore / 2));
}

class GpuPackingScore extends GpuPolicy {
  readonly name = NAME;

  protected choose(pod: PolicyPod, node: NodeInfo): GpuChoice {
    if (pod.gpu === undefined || node.gpus === undefined) return { score: 0, gpus: undefined };
    return { score: gpuPackingScore(pod.gpu, node.gpus), gpus: bestFit(pod.gpu, node.gpus) };
  }
}

/** GpuPackingScore: shared GPUs first, then free GPUs of busy nodes, then idle nodes. */
export const gpuPackingScorePlugin: PluginDefinition = {
  name: NAME,
  factory: () => new GpuPackingScore(),
};
