/**
 * DynamicResources' PreFilter work (upstream plugins/dynamicresources/dynamicresources.go
 * PreFilter): the pod's claims by name (a template entry resolves through
 * `status.resourceClaimStatuses`, which the resourceclaim controller writes), which of them still
 * need an allocation, the node an allocated claim pins the pod to, and the GpuRequest the GPU
 * placement policies read.
 */
import { objectKey } from '../../api/objects.js';
import type { ClaimToAllocate } from '../../dra/allocation/allocator.js';
import type { DraManager } from '../../dra/dra-manager.js';
import { GpuMilli, type GpuRequest } from '../../dra/gpu/node-gpus.js';
import { gpuIndexOf, gpuModelOf, resultMilli } from '../../dra/node-gpu-view.js';
import { consumedCapacity, formatMilli } from '../../dra/allocation/capacity-request.js';
import { exactRequests, type ExactDeviceRequest, type ResourceClaim } from '../../dra/resource-api.js';
import type { PodInfo } from '../framework/pod-info.js';

/** The pod's claims as PreFilter found them. */
export interface PodClaims {
  readonly claims: readonly ResourceClaim[];
  /** Claims without an allocation (allocated together on the chosen node). */
  readonly toAllocate: readonly ClaimToAllocate[];
  /** The node an already allocated claim is on (the pod can only go there). */
  readonly pinnedNode: string | undefined;
}

/** The pod's claims, or the reason PreFilter rejects the pod (unresolvable until a claim or class appears). */
export function resolvePodClaims(pod: PodInfo, dra: DraManager): PodClaims | string {
  const p = pod.pod;
  const namespace = p.metadata.namespace ?? 'default';
  const claims: ResourceClaim[] = [];
  const toAllocate: ClaimToAllocate[] = [];
  let pinnedNode: string | undefined;
  for (const pc of p.spec.resourceClaims ?? []) {
    const name = pc.resourceClaimName ?? p.status.resourceClaimStatuses?.find((s) => s.name === pc.name)?.resourceClaimName;
    if (name === undefined) return `pod "${pod.key}": waiting for the resourceclaim controller to create the claim for "${pc.name}"`;
    const key = objectKey({ name, namespace });
    const claim = dra.claim(key);
    if (claim === undefined) return `resourceclaim "${name}" not found`;
    claims.push(claim);
    const node = dra.allocatedNode(key);
    if (node !== undefined) {
      if (pinnedNode !== undefined && pinnedNode !== node) return `pod "${pod.key}": its claims are allocated on different nodes`;
      pinnedNode = node;
      continue;
    }
    for (const request of claim.spec.devices?.requests ?? []) {
      for (const { exact } of exactRequests(request)) {
        if (dra.classSelectors(exact.deviceClassName) === undefined) return `resource claim ${key}: device class ${exact.deviceClassName} does not exist`;
      }
    }
    toAllocate.push({ key, spec: claim.spec });
  }
  return { claims, toAllocate, pinnedNode };
}

/**
 * The GpuRequest of claims still to allocate, or undefined when they ask for no GPU: the GPUs a
 * request's class and selectors match anywhere in the cluster decide whether it is a GPU request,
 * its models and, for a share, its milli.
 */
export function gpuRequestOf(toAllocate: readonly ClaimToAllocate[], dra: DraManager): GpuRequest | undefined {
  let count = 0;
  let milli = 0;
  const models = new Set<string>();
  for (const c of toAllocate) {
    for (const request of c.spec.devices?.requests ?? []) {
      const first = exactRequests(request)[0];
      if (first === undefined) continue;
      const g = gpusOf(first.exact, dra);
      if (g === undefined) continue;
      count += first.exact.allocationMode === 'All' ? 1 : first.exact.count ?? 1;
      milli = Math.max(milli, g.milli);
      for (const m of g.models) models.add(m);
    }
  }
  if (count === 0) return undefined;
  return { count, milli: count > 1 ? GpuMilli : milli, models: [...models].sort() };
}

interface RequestGpus {
  readonly generation: number;
  readonly found: { readonly milli: number; readonly models: readonly string[] } | undefined;
}

/** What a request's class selects anywhere in the cluster, until classes or devices change. */
const requestGpus = new WeakMap<ExactDeviceRequest, RequestGpus>();

function gpusOf(exact: ExactDeviceRequest, dra: DraManager): RequestGpus['found'] {
  const cached = requestGpus.get(exact);
  if (cached !== undefined && cached.generation === dra.generation) return cached.found;
  const selectors = [...(dra.classSelectors(exact.deviceClassName) ?? [])];
  let milli: number | undefined;
  const models = new Set<string>();
  for (const devices of dra.allCandidates()) {
    for (const d of devices) {
      if (gpuIndexOf(d) === undefined || !selectors.every((s) => s.matches(d.view))) continue;
      models.add(gpuModelOf(d));
      if (milli !== undefined) continue;
      if (d.view.device.allowMultipleAllocations === true) {
        const consumed = consumedCapacity(d.view.driver, d.view.device, exact.capacity?.requests);
        const cc: Record<string, string> = {};
        for (const [k, v] of consumed ?? []) cc[k] = formatMilli(v);
        milli = resultMilli(d, { consumedCapacity: cc });
      } else {
        milli = resultMilli(d, {});
      }
    }
  }
  const found = milli === undefined ? undefined : { milli, models: [...models] };
  requestGpus.set(exact, { generation: dra.generation, found });
  return found;
}
