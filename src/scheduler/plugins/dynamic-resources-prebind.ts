/**
 * DynamicResources PreBind (upstream bindClaim): for each of the pod's claims, one status update
 * through the API that writes the allocation (when the claim was allocated in this cycle, with a
 * node selector on the chosen node) and adds the pod to `reservedFor`. The pod is bound only
 * after every update succeeded.
 */
import type { DraManager } from '../../dra/dra-manager.js';
import type { DeviceRequestAllocationResult, ResourceClaim } from '../../dra/resource-api.js';
import type { ClaimToAllocate } from '../../dra/allocation/allocator.js';
import { objectKey } from '../../api/objects.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { PodInfo } from '../framework/pod-info.js';
import { asError, type Result } from '../framework/status.js';
import { schedulerUser } from './default-binder.js';

/** Writes allocation and reservation of `claims` for `pod` on `nodeName`; `done` gets null when all succeeded. */
export function writeClaimStatuses(
  handle: FrameworkHandle, dra: DraManager, pod: PodInfo, nodeName: string,
  claims: readonly ResourceClaim[], toAllocate: readonly ClaimToAllocate[], results: readonly DeviceRequestAllocationResult[][],
  done: (status: Result) => void,
): void {
  const uid = pod.pod.metadata.uid;
  const pending: ResourceClaim[] = claims.filter((c) => !(c.status.reservedFor ?? []).some((r) => r.uid === uid) || toAllocate.some((t) => t.key === objectKey(c.metadata)));
  if (pending.length === 0) {
    done(null);
    return;
  }
  let left = pending.length;
  let failure: string | undefined;
  const now = handle.now();
  for (const claim of pending) {
    const key = objectKey(claim.metadata);
    const i = toAllocate.findIndex((t) => t.key === key);
    const allocation = i < 0
      ? claim.status.allocation
      : {
          devices: { results: results[i] ?? [] },
          nodeSelector: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [nodeName] }] }] },
          allocationTimestamp: now,
        };
    const reservedFor = [...(claim.status.reservedFor ?? []).filter((r) => r.uid !== uid), { resource: 'pods', name: pod.pod.metadata.name, uid }];
    const status = { ...claim.status, ...(allocation === undefined ? {} : { allocation }), reservedFor };
    const m = claim.metadata;
    handle.send(
      { verb: 'PUT', kind: 'ResourceClaim', subresource: 'status', name: m.name, ...(m.namespace === undefined ? {} : { namespace: m.namespace }), body: { ...claim, status }, user: schedulerUser },
      (response) => {
        if (response.code >= 300) failure ??= response.message ?? `updating resourceclaim ${key} failed with code ${response.code}`;
        else if (i >= 0) dra.metrics?.allocationLatency.observe((handle.now() - m.creationTimestamp) / 1e6);
        if (--left === 0) done(failure === undefined ? null : asError(failure));
      },
    );
  }
}
