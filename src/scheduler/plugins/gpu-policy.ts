/**
 * What the GPU placement policies (RandomScore, DotProductScore, GpuClusteringScore,
 * GpuPackingScore, BestFitScore, FGDScore — the FGD paper's baselines and FGD itself, named as in
 * its simulator) share: each scores a feasible node from the node's free CPU and GPUs and the
 * pod's request, and for a pod asking for GPUs also says which GPUs of that node it should take,
 * recorded per node under GpuSelectionStateKey for Open-Gpu-Share's Reserve.
 */
import { GpuRequestStateKey, GpuSelectionStateKey, type GpuRequest, type NodeGpus } from '../../dra/gpu/node-gpus.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { PreScorePlugin, ScorePlugin } from '../framework/extension-points.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { Result } from '../framework/status.js';

/** Largest CPU of a node the simulator normalises by (open-gpu-share utils MaxSpecCpu, 128 cores). */
export const maxSpecMilliCpu = 128_000;
/** Largest GPU milli of a node the simulator normalises by (MaxSpecGpu, 8 GPUs). */
export const maxSpecGpuMilli = 8_000;

/** A policy's verdict on one node: its score (0..100) and the GPUs the pod would take there (undefined: none or Reserve's choice). */
export interface GpuChoice {
  readonly score: number;
  readonly gpus: readonly number[] | undefined;
}

/** The pod as a policy sees it: CPU and the GPU request (undefined for a CPU-only pod). */
export interface PolicyPod {
  readonly milliCpu: number;
  readonly gpu: GpuRequest | undefined;
  readonly info: PodInfo;
}

/** CPU the node has left for new pods (allocatable minus requested). */
export function milliCpuLeft(node: NodeInfo): number {
  return node.allocatable.milliCpu - node.requested.milliCpu;
}

/** GPU milli the pod asks for in total. */
export function requestedGpuMilli(gpu: GpuRequest | undefined): number {
  return gpu === undefined ? 0 : gpu.count * gpu.milli;
}

/** Free GPU milli of a node (0 without GPUs). */
export function freeGpuMilli(gpus: NodeGpus | undefined): number {
  return gpus === undefined ? 0 : gpus.totalMilliFree();
}

/**
 * The GPUs chosen per node in one cycle (the GpuSelectionStateKey map). Batch scoring records
 * them by position in the scored node list and `get`/`has` find a node there on demand — a Map
 * entry per scored node per cycle was a sixth of a placement run — so iteration and `size` only
 * see entries set directly.
 */
class GpuSelection extends Map<string, readonly number[]> {
  nodes: readonly NodeInfo[] = [];
  readonly byPosition: (readonly number[] | undefined)[] = [];

  override get(nodeName: string): readonly number[] | undefined {
    const own = super.get(nodeName);
    if (own !== undefined) return own;
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) if ((nodes[i] as NodeInfo).name === nodeName) return this.byPosition[i];
    return undefined;
  }

  override has(nodeName: string): boolean {
    return this.get(nodeName) !== undefined;
  }
}

/** Base of the policies: PreScore reads the pod's request and opens the selection map; Score asks `choose` per node. */
export abstract class GpuPolicy implements PreScorePlugin, ScorePlugin {
  abstract readonly name: string;
  private pod: PolicyPod | undefined;
  private selection: GpuSelection | undefined;

  /** The verdict on `node` for `pod` (the node passed the filters). */
  protected abstract choose(pod: PolicyPod, node: NodeInfo, nodes: readonly NodeInfo[]): GpuChoice;

  /** Called once per scheduling cycle before the nodes are scored (e.g. to draw a random node). */
  protected prepare(_pod: PolicyPod, _nodes: readonly NodeInfo[]): void {}

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result {
    this.pod = { milliCpu: pod.requests.milliCpu, gpu: state.read<GpuRequest>(GpuRequestStateKey), info: pod };
    this.selection = new GpuSelection();
    state.write(GpuSelectionStateKey, this.selection);
    this.prepare(this.pod, nodes);
    return null;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    // PreScore did not run for this cycle (the plugin is enabled at Score only): prepare without the node list.
    if (this.pod?.info !== pod || state.read(GpuSelectionStateKey) !== this.selection) this.preScore(state, pod, []);
    const c = this.choose(this.pod as PolicyPod, node, [node]);
    if (c.gpus !== undefined) this.selection?.set(node.name, c.gpus);
    return c.score;
  }

  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    if (this.pod?.info !== pod || state.read(GpuSelectionStateKey) !== this.selection) this.preScore(state, pod, nodes);
    const p = this.pod as PolicyPod;
    const sel = this.selection as GpuSelection;
    sel.nodes = nodes;
    const chosen = sel.byPosition;
    chosen.length = nodes.length;
    for (let i = 0; i < nodes.length; i++) {
      const c = this.choose(p, nodes[i] as NodeInfo, nodes);
      chosen[i] = c.gpus;
      out[i] = c.score;
    }
  }
}

/** Clamps a score into 0..100. */
export function clampScore(s: number): number {
  return s < 0 ? 0 : s > 100 ? 100 : s;
}
