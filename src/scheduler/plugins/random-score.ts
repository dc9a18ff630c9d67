/**
 * RandomScore (PreScore, Score), the FGD paper's Random baseline as its simulator implements it
 * (pkg/simulator/plugin/random_score.go, random GPU selection in open_gpu_share.go): PreScore
 * draws one feasible node uniformly from the profile's seeded stream, which alone scores 100; a
 * pod sharing a GPU takes one of the node's GPUs that fit, drawn uniformly. Enabled at Score
 * only (no PreScore), every node scores 0 and the framework's random tie-break picks the node.
 */
import { randomFit } from '../../dra/gpu/gpu-fit.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { MaxNodeScore } from '../framework/status.js';
import { GpuPolicy, type GpuChoice, type PolicyPod } from './gpu-policy.js';

const NAME = 'RandomScore';

class RandomScore extends GpuPolicy {
  readonly name = NAME;
  private picked: NodeInfo | undefined;

  constructor(private readonly handle: FrameworkHandle) {
    super();
  }

  protected override prepare(_pod: PolicyPod, nodes: readonly NodeInfo[]): void {
    this.picked = nodes.length === 0 ? undefined : nodes[this.handle.rng.int(nodes.length)];
  }

  protected choose(pod: PolicyPod, node: NodeInfo): GpuChoice {
    if (node !== this.picked) return { score: 0, gpus: undefined };
    const gpus = pod.gpu === undefined || node.gpus === undefined ? undefined : randomFit(pod.gpu, node.gpus, this.handle.rng);
    return { score: MaxNodeScore, gpus };
  }
}

/** RandomScore: a uniformly random feasible node, and a random fitting GPU for a GPU share. */
export const randomScorePlugin: PluginDefinition = {
  name: NAME,
  factory: (_args, handle) => new RandomScore(handle),
};
