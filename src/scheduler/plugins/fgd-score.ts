/**
 * FGDScore (PreScore, Score): Fragmentation Gradient Descent (USENIX ATC'23 "Beware of
 * Fragmentation", Weng et al., §4; the simulator's pkg/simulator/plugin/fgd_score.go). Each
 * feasible node — and, for a pod taking a share of one GPU, each GPU of it that fits — is judged
 * by how much placing the pod there changes the node's fragmentation F_n(M) against the
 * workload's typical pods M (see dra/gpu/fragmentation.ts); the smallest increase wins. The
 * score is ⌊100 · sigmoid((F_before − F_after) / 1000)⌋, an integer as in the simulator
 * (calculateGpuShareFragExtendScore in fgd_score.go converts it with int64(), and the plugin has
 * no NormalizeScore): near zero change one point is ~40 milli of fragmentation, so nodes whose
 * changes differ by less tie and the framework's tie-break decides. For a share of one GPU the
 * GPU is the lowest-index one with the highest such integer score (the simulator keeps the first
 * GPU unless a later one scores strictly higher, and Reserve re-runs the same choice).
 *
 * Args: `typicalPods` (a list of { milliCpu, gpuMilli, gpuCount, gpuModels, popularity }), as the
 * paper takes them from the workload in advance; without them the plugin learns them from the
 * pods it scores (each pod once), covering `popularityThreshold` (default 0.95) of them.
 *
 * Speed: a node's F_before is cached until its pods or GPUs change; its verdict for a pod shape
 * (CPU, milli per GPU, GPU count) likewise; only distinct free values of the node's GPUs are
 * tried for a share, as GPUs with equal free milli give the same fragmentation.
 */
import { exclusiveGpus, isFractional } from '../../dra/gpu/gpu-fit.js';
import { FragmentationMeasure } from '../../dra/gpu/fragmentation.js';
import { GpuMilli } from '../../dra/gpu/node-gpus.js';
import { defaultPopularityThreshold, ShapeCounter, type TypicalPod } from '../../dra/gpu/typical-pods.js';
import type { NodeInfo } from '../framework/node-info.js';
import { PluginArgsError, type PluginDefinition } from '../framework/registry.js';
import { MaxNodeScore } from '../framework/status.js';
import { GpuPolicy, milliCpuLeft, type GpuChoice, type PolicyPod } from './gpu-policy.js';
import { argsArray, argsObject, argsString } from './resource-allocation-scorer.js';

const NAME = 'FGDScore';

/** The logistic function the simulator maps fragmentation changes through. */
function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The score of a fragmentation decrease `delta` (F_before − F_after, GPU milli): ⌊100 · sigmoid(delta / 1000)⌋ (fgd_score.go). */
export function fgdScore(delta: number): number {
  return Math.trunc(MaxNodeScore * sigmoid(delta / 1000));
}

interface NodeMemo {
  readonly owner: FgdScore;
  generation: number;
  version: number;
  measure: FragmentationMeasure;
  before: number;
  /** Verdicts by pod shape id. */
  readonly byShape: (GpuChoice | undefined)[];
}

/** Validated FGDScore args. */
export interface FgdArgs {
  readonly typicalPods: readonly TypicalPod[] | undefined;
  readonly popularityThreshold: number;
}

function num(v: unknown, path: (string | number)[], min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new PluginArgsError(path, `must be a number in [${min}, ${max}]`);
  return v;
}

/** Checks FGDScore's args. */
export function parseFgdArgs(raw: Readonly<Record<string, unknown>>): FgdArgs {
  const args = argsObject(raw, [], ['typicalPods', 'popularityThreshold']);
  const popularityThreshold = args['popularityThreshold'] === undefined ? defaultPopularityThreshold : num(args['popularityThreshold'], ['popularityThreshold'], 0.01, 1);
  if (args['typicalPods'] === undefined) return { typicalPods: undefined, popularityThreshold };
  const typicalPods = argsArray(args['typicalPods'], ['typicalPods']).map((v, i) => {
    const o = argsObject(v, ['typicalPods', i], ['milliCpu', 'gpuMilli', 'gpuCount', 'gpuModels', 'popularity']);
    return {
      milliCpu: num(o['milliCpu'] ?? 0, ['typicalPods', i, 'milliCpu'], 0, Number.MAX_SAFE_INTEGER),
      gpuMilli: num(o['gpuMilli'] ?? 0, ['typicalPods', i, 'gpuMilli'], 0, GpuMilli),
      gpuCount: num(o['gpuCount'] ?? 0, ['typicalPods', i, 'gpuCount'], 0, 1024),
      gpuModels: argsArray(o['gpuModels'], ['typicalPods', i, 'gpuModels']).map((m, j) => argsString(m, ['typicalPods', i, 'gpuModels', j])),
      popularity: num(o['popularity'], ['typicalPods', i, 'popularity'], 0, 1),
    };
  });
  if (typicalPods.length === 0) throw new PluginArgsError(['typicalPods'], 'must list at least one typical pod (or be left out to learn them)');
  return { typicalPods, popularityThreshold };
}

class FgdScore extends GpuPolicy {
  readonly name = NAME;
  private measure: FragmentationMeasure;
  private readonly learned: ShapeCounter | undefined;
  private readonly seen = new Set<string>();
  private learnedAt = 0;
  private scratch = new Int32Array(8);
  /** Small ids of pod shapes (CPU, milli per GPU, GPU count), and the current pod's. */
  private readonly shapeIds = new Map<string, number>();
  private shapeId = 0;
  private shapeOf: PolicyPod | undefined;

  constructor(private readonly args: FgdArgs) {
    super();
    this.measure = new FragmentationMeasure(args.typicalPods ?? []);
    this.learned = args.typicalPods === undefined ? new ShapeCounter() : undefined;
  }

  protected override prepare(pod: PolicyPod): void {
    const counter = this.learned;
    if (counter === undefined || this.seen.has(pod.info.key)) return;
    this.seen.add(pod.info.key);
    const g = pod.gpu;
    counter.add({ milliCpu: pod.milliCpu, gpuMilli: g?.milli ?? 0, gpuCount: g?.count ?? 0, gpuModels: g?.models ?? [] });
    // Re-derive the typical pods as the workload seen grows (every doubling, then every 500 pods).
    if (counter.size >= 2 * this.learnedAt || counter.size - this.learnedAt >= 500) {
      this.learnedAt = counter.size;
      this.measure = new FragmentationMeasure(counter.typicalPods(this.args.popularityThreshold));
    }
  }

  protected choose(pod: PolicyPod, node: NodeInfo): GpuChoice {
    const gpus = node.gpus;
    const g = pod.gpu;
    if (gpus === undefined) return { score: fgdScore(0), gpus: undefined };
    if (this.shapeOf !== pod) {
      this.shapeOf = pod;
      const key = `${pod.milliCpu}/${g?.milli ?? 0}/${g?.count ?? 0}`;
      let id = this.shapeIds.get(key);
      if (id === undefined) this.shapeIds.set(key, (id = this.shapeIds.size));
      this.shapeId = id;
    }
    let memo = gpus.policyMemo as NodeMemo | undefined;
    const cpuLeft = milliCpuLeft(node);
    if (memo === undefined || memo.owner !== this || memo.generation !== node.generation || memo.version !== gpus.version || memo.measure !== this.measure) {
      const before = this.measure.nodeFragmentation(gpus.model, cpuLeft, gpus.milliFree);
      memo = { owner: this, generation: node.generation, version: gpus.version, measure: this.measure, before, byShape: [] };
      gpus.policyMemo = memo;
    }
    const known = memo.byShape[this.shapeId];
    if (known !== undefined) return known;
    const verdict = this.evaluate(pod, node, cpuLeft, memo.before);
    memo.byShape[this.shapeId] = verdict;
    return verdict;
  }

  private evaluate(pod: PolicyPod, node: NodeInfo, cpuLeft: number, before: number): GpuChoice {
    const gpus = node.gpus as NonNullable<NodeInfo['gpus']>;
    const g = pod.gpu;
    const free = gpus.milliFree;
    if (this.scratch.length !== free.length) this.scratch = new Int32Array(free.length);
    const s = this.scratch;
    s.set(free);
    const cpuAfter = cpuLeft - pod.milliCpu;
    const toScore = (after: number): number => fgdScore(before - after);
    if (g === undefined) return { score: toScore(this.measure.nodeFragmentation(gpus.model, cpuAfter, s)), gpus: undefined };
    if (!isFractional(g)) {
      const chosen = exclusiveGpus(g, gpus);
      if (chosen === undefined) return { score: 0, gpus: undefined };
      for (const i of chosen) s[i] = (s[i] as number) - g.milli;
      return { score: toScore(this.measure.nodeFragmentation(gpus.model, cpuAfter, s)), gpus: chosen };
    }
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < free.length; i++) {
      const f = free[i] as number;
      if (f < g.milli) continue;
      let tried = false;
      for (let j = 0; j < i; j++) if (free[j] === f) tried = true;
      if (tried) continue;
      s[i] = f - g.milli;
      const score = toScore(this.measure.nodeFragmentation(gpus.model, cpuAfter, s));
      s[i] = f;
      // A later GPU replaces the first only with a strictly higher integer score (a GPU with the same free milli as an earlier one scores the same).
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best < 0 ? { score: 0, gpus: undefined } : { score: bestScore, gpus: [best] };
  }
}

/** FGDScore: the node (and GPU) whose fragmentation grows least with the pod. */
export const fgdScorePlugin: PluginDefinition = {
  name: NAME,
  factory: (args) => new FgdScore(parseFgdArgs(args)),
};
