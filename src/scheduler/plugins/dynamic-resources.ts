/**
 * DynamicResources (PreFilter, Filter, Reserve/Unreserve, PreBind), after upstream
 * pkg/scheduler/framework/plugins/dynamicresources: PreFilter finds the pod's claims (rejecting it
 * until template claims exist), Filter runs the structured allocator on each node, Reserve
 * allocates on the chosen node and keeps the allocation in flight (preferring the GPUs a GPU placement policy picked under
 * GpuSelectionStateKey), PreBind writes each claim's allocation and `reservedFor` through the API.
 * The pod binds only when every claim is allocated and reserved for it.
 */
import { allocate, allocationFailure, type ClaimToAllocate } from '../../dra/allocation/allocator.js';
import type { DraManager } from '../../dra/dra-manager.js';
import { GpuRequestStateKey, GpuSelectionStateKey } from '../../dra/gpu/node-gpus.js';
import { gpuIndexOf } from '../../dra/node-gpu-view.js';
import type { DeviceRequestAllocationResult } from '../../dra/resource-api.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin, PreBindPlugin, PreFilterPlugin, PreFilterResult, ReservePlugin } from '../framework/extension-points.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { asError, skip, unresolvable, unschedulable, type Result } from '../framework/status.js';
import { writeClaimStatuses } from './dynamic-resources-prebind.js';
import { gpuRequestOf, resolvePodClaims, type PodClaims } from './dynamic-resources-claims.js';

const NAME = 'DynamicResources';

interface DraState extends PodClaims {
  reserved: { readonly node: string; readonly results: DeviceRequestAllocationResult[][] } | undefined;
}

const skipResult: PreFilterResult = { status: skip };

class DynamicResources implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin {
  readonly name = NAME;
  /** Scheduling attempts per pod with claims, observed when it binds. */
  private readonly attempts = new Map<string, number>();

  constructor(private readonly handle: FrameworkHandle, private readonly dra: DraManager | undefined) {}

  preFilter(state: CycleState, pod: PodInfo): PreFilterResult | null {
    const dra = this.dra;
    if (dra !== undefined) dra.syncGpus(this.handle.snapshot);
    if ((pod.pod.spec.resourceClaims?.length ?? 0) === 0) return skipResult;
    if (dra === undefined) return { status: unresolvable('DynamicResourceAllocation is not available to this scheduler') };
    this.attempts.set(pod.key, (this.attempts.get(pod.key) ?? 0) + 1);
    const claims = resolvePodClaims(pod, dra);
    if (typeof claims === 'string') return { status: unresolvable(claims) };
    const s: DraState = { ...claims, reserved: undefined };
    state.write(NAME, s);
    const gpu = gpuRequestOf(claims.toAllocate, dra);
    if (gpu !== undefined) state.write(GpuRequestStateKey, gpu);
    if (claims.pinnedNode !== undefined) return { status: null, nodeNames: new Set([claims.pinnedNode]) };
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Result {
    const s = state.read<DraState>(NAME);
    const dra = this.dra;
    if (s === undefined || dra === undefined) return null;
    if (s.pinnedNode !== undefined && s.pinnedNode !== node.name) return unresolvable('resourceclaim not available on the node');
    if (s.toAllocate.length === 0) return null;
    // Filter only asks whether the claims fit; Reserve allocates on the chosen node.
    if (allocationFailure(s.toAllocate, dra.candidates(node.name), dra.usage(node.name), (c) => dra.classSelectors(c)) !== undefined) return unschedulable('cannot allocate all claims');
    return null;
  }

  reserve(state: CycleState, _pod: PodInfo, nodeName: string): Result {
    const s = state.read<DraState>(NAME);
    const dra = this.dra;
    if (s === undefined || dra === undefined || s.toAllocate.length === 0) return null;
    const results = this.chosenAllocation(state, s, dra, nodeName);
    if (results === undefined) return unschedulable('cannot allocate all claims');
    s.toAllocate.forEach((c, i) => dra.assume(c.key, nodeName, results[i] ?? []));
    s.reserved = { node: nodeName, results };
    dra.syncGpus(this.handle.snapshot);
    return null;
  }

  unreserve(state: CycleState, _pod: PodInfo): void {
    const s = state.read<DraState>(NAME);
    const dra = this.dra;
    if (s === undefined || dra === undefined || s.reserved === undefined) return;
    for (const c of s.toAllocate) dra.forget(c.key);
    s.reserved = undefined;
    dra.syncGpus(this.handle.snapshot);
  }

  preBind(): Result {
    return asError('DynamicResources binds through preBindAsync');
  }

  preBindAsync(state: CycleState, pod: PodInfo, nodeName: string, done: (status: Result) => void): void {
    const s = state.read<DraState>(NAME);
    const dra = this.dra;
    if (s === undefined || dra === undefined) {
      done(null);
      return;
    }
    const attempts = this.attempts.get(pod.key) ?? 1;
    writeClaimStatuses(this.handle, dra, pod, nodeName, s.claims, s.toAllocate, s.reserved?.results ?? [], (status) => {
      if (status === null) {
        this.attempts.delete(pod.key);
        dra.metrics?.attempts.observe(attempts);
      }
      done(status);
    });
  }

  /** The GPU policy's devices when they satisfy the claims, else the allocator's first fit. */
  private chosenAllocation(state: CycleState, s: DraState, dra: DraManager, nodeName: string): DeviceRequestAllocationResult[][] | undefined {
    const devices = dra.candidates(nodeName);
    const classes = (c: string): ReturnType<DraManager['classSelectors']> => dra.classSelectors(c);
    const picked = state.read<ReadonlyMap<string, readonly number[]>>(GpuSelectionStateKey)?.get(nodeName);
    if (picked !== undefined) {
      const wanted = new Set(picked);
      const preferred = new Set(devices.filter((d) => { const i = gpuIndexOf(d); return i === undefined || wanted.has(i); }).map((d) => d.id));
      const out = allocate(s.toAllocate as ClaimToAllocate[], devices, dra.usage(nodeName), classes, preferred);
      if ('results' in out) return out.results;
    }
    const out = allocate(s.toAllocate, devices, dra.usage(nodeName), classes);
    return 'results' in out ? out.results : undefined;
  }
}

/** DynamicResources: allocates ResourceClaims for pods that reference them (no args). */
export const dynamicResourcesPlugin: PluginDefinition = {
  name: NAME,
  factory: (_args, handle) => new DynamicResources(handle, handle.dra),
};
