/**
 * Open-Gpu-Share (PreFilter, Filter, Reserve), after the open-gpu-share plugin of the FGD paper's
 * simulator (hkust-adsl/kubernetes-scheduler-simulator, pkg/simulator/plugin/open_gpu_share.go):
 * a pod asking for GPUs through `alibabacloud.com/gpu-*` annotations (or whose GpuRequest another
 * plugin already stored) only fits nodes of an accepted GPU model that have `count` GPUs with its
 * milli free — one GPU with enough room for a share, that many wholly free GPUs otherwise. Reserve
 * takes the GPUs the placement policy chose for the node (GpuSelectionStateKey), else the first
 * that fit; Unreserve, and the pod's removal from the scheduler cache, give them back.
 */
import { gpuShareRequest } from '../../dra/gpu/gpu-share-annotations.js';
import { firstFit, gpuRequestFits } from '../../dra/gpu/gpu-fit.js';
import { GpuRequestStateKey, GpuSelectionStateKey, modelAccepted, type GpuRequest, type NodeGpus } from '../../dra/gpu/node-gpus.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, PreFilterResult, ReservePlugin } from '../framework/extension-points.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { asError, skip, unresolvable, unschedulable, type Result } from '../framework/status.js';

const NAME = 'Open-Gpu-Share';

/** The reason given to nodes whose GPUs cannot hold the request right now. */
export const insufficientGpu = 'Insufficient GPU';

// One Status per verdict, shared (a rejection is returned for most nodes of a full cluster; allocating one each is measurable).
const tooFewGpus = unresolvable('node(s) had too few GPUs');
const wrongModel = unresolvable('node(s) didn\'t match the GPU model');
const noRoom = unschedulable(insufficientGpu);

/** The GPUs `req` would take on `gpus` under `selection` when it still fits there, else first fit. */
export function gpusToTake(req: GpuRequest, gpus: NodeGpus, selection: readonly number[] | undefined): readonly number[] | undefined {
  if (selection !== undefined && selection.length === req.count && selection.every((i) => (gpus.milliFree[i] ?? -1) >= req.milli) && new Set(selection).size === selection.length) return selection;
  return firstFit(req, gpus);
}

class OpenGpuShare implements PreFilterPlugin, FilterPlugin, ReservePlugin {
  readonly name = NAME;

  constructor(private readonly handle: FrameworkHandle) {}

  preFilter(state: CycleState, pod: PodInfo): PreFilterResult | null {
    const req = state.read<GpuRequest>(GpuRequestStateKey) ?? gpuShareRequest(pod.pod);
    if (req === undefined) return { status: skip };
    state.write(GpuRequestStateKey, req);
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Result {
    const req = state.read<GpuRequest>(GpuRequestStateKey);
    if (req === undefined) return null;
    const gpus = node.gpus;
    if (gpus === undefined || gpus.count < req.count) return tooFewGpus;
    if (!modelAccepted(req, gpus.model)) return wrongModel;
    return gpuRequestFits(req, gpus) ? null : noRoom;
  }

  reserve(state: CycleState, pod: PodInfo, nodeName: string): Result {
    const req = state.read<GpuRequest>(GpuRequestStateKey);
    if (req === undefined) return null;
    const gpus = this.handle.snapshot.get(nodeName)?.gpus;
    if (gpus === undefined) return asError(`node ${nodeName} has no GPUs`);
    const chosen = gpusToTake(req, gpus, state.read<ReadonlyMap<string, readonly number[]>>(GpuSelectionStateKey)?.get(nodeName));
    if (chosen === undefined) return unschedulable(insufficientGpu);
    gpus.assign(pod.key, chosen, req.milli);
    return null;
  }

  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    if (state.read<GpuRequest>(GpuRequestStateKey) === undefined) return;
    this.handle.snapshot.get(nodeName)?.gpus?.unassign(pod.key);
  }
}

/** Open-Gpu-Share: GPU-share filter and GPU allocation at Reserve for pods with a GpuRequest. */
export const openGpuSharePlugin: PluginDefinition = {
  name: NAME,
  factory: (_args, handle) => new OpenGpuShare(handle),
};
