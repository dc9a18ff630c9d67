/**
 * DynamicResources PreBind (upstream bindClaim): for each of the pod's claims, one status update
 * through the API that writes the allocation (when the claim was allocated in this cycle, or is
 * still being written for another pod, with a node selector on the chosen node) and adds the pod
 * to `reservedFor`. Concurrent writes for pods sharing a claim carry each other's reservations
 * (the scheduler's assume cache); the pod is bound only after every update succeeded.
 */
import type { DraManager } from '../../dra/dra-manager.js';
import type { AllocationResult, DeviceRequestAllocationResult, ResourceClaim } from '../../dra/resource-api.js';
import type { ClaimToAllocate } from '../../dra/allocation/allocator.js';
import { objectKey } from '../../api/objects.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { PodInfo } from '../framework/pod-info.js';
import { asError, type Result } from '../framework/status.js';
import { schedulerUser } from './default-binder.js';

function allocationOn(node: string, results: readonly DeviceRequestAllocationResult[], at: number): AllocationResult {
  return {
    devices: { results },
    nodeSelector: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] },
    allocationTimestamp: at,
  };
}

/** Writes allocation and reservation of `claims` for `pod` on `nodeName`; `done` gets null when all succeeded. */
export function writeClaimStatuses(
  handle: FrameworkHandle, dra: DraManager, pod: PodInfo, nodeName: string,
  claims: readonly ResourceClaim[], toAllocate: readonly ClaimToAllocate[], results: readonly DeviceRequestAllocationResult[][],
  done: (status: Result) => void,
): void {
  const uid = pod.pod.metadata.uid;
  const me = { resource: 'pods', name: pod.pod.metadata.name, uid };
  if (claims.length === 0) {
    done(null);
    return;
  }
  let left = claims.length;
  let failure: string | undefined;
  const now = handle.now();
  for (const seen of claims) {
    const key = objectKey(seen.metadata);
    dra.writes.setReserving(key, me, true);
    dra.writes.serialize(key, (finished) => {
      const claim = dra.claim(key) ?? seen;
      const i = toAllocate.findIndex((t) => t.key === key);
      const pending = dra.pendingAllocation(key);
      const allocation = i >= 0 ? allocationOn(nodeName, results[i] ?? [], now) : claim.status.allocation ?? (pending === undefined ? undefined : allocationOn(pending.node, pending.results, now));
      const others = [...(claim.status.reservedFor ?? []), ...dra.writes.pendingReservations(key)].filter((r, j, all) => r.uid !== uid && all.findIndex((x) => x.uid === r.uid) === j);
      const status = { ...claim.status, ...(allocation === undefined ? {} : { allocation }), reservedFor: [...others, me] };
      const m = claim.metadata;
      handle.send(
        { verb: 'PUT', kind: 'ResourceClaim', subresource: 'status', name: m.name, ...(m.namespace === undefined ? {} : { namespace: m.namespace }), body: { ...claim, status }, user: schedulerUser },
        (response) => {
          dra.writes.setReserving(key, me, false);
          if (response.code >= 300) failure ??= response.message ?? `updating resourceclaim ${key} failed with code ${response.code}`;
          else {
            if (response.object?.kind === 'ResourceClaim') dra.writes.assume(response.object);
            if (i >= 0) dra.metrics?.allocationLatency.observe((handle.now() - m.creationTimestamp) / 1e6);
          }
          finished();
          if (--left === 0) done(failure === undefined ? null : asError(failure));
        },
      );
    });
  }
}
