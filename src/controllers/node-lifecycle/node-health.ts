/**
 * What the node lifecycle controller remembers of each node's health and how one monitor pass
 * updates it (tryUpdateNodeHealth in pkg/controller/nodelifecycle/node_lifecycle_controller.go):
 * the probe timestamp moves to "now" whenever the node's Lease is renewed or the kubelet posts a
 * changed Ready condition; once it is older than the grace period, the node's Ready,
 * MemoryPressure, DiskPressure and PIDPressure conditions become Unknown (reason
 * NodeStatusUnknown). Kubelet status posts carry no heartbeat time in this model, so a posted
 * change of the Ready condition stands for a fresh heartbeat and the Lease is the steady one.
 */
import { findCondition, type Condition, type Lease, type Node } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';

/** The controller's record of one node (nodeHealthData). */
export interface NodeHealth {
  /** When the controller last saw a heartbeat (its own clock). */
  probeTimestamp: Micros;
  /** When the controller saw the Ready condition change. */
  readyTransitionTimestamp: Micros;
  /** The Ready condition as last seen or written. */
  ready: Condition | undefined;
  /** The renewTime of the last Lease seen. */
  leaseRenewTime: Micros | undefined;
}

/** Condition types the controller sets to Unknown (NodeNetworkUnavailable is left to the cloud provider). */
export const unknownConditionTypes = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** Reason of a condition the controller marked Unknown. */
export const nodeStatusUnknown = 'NodeStatusUnknown';

/** The outcome of one health check: the Ready condition before and after, and the status to write if it changed. */
export interface HealthCheck {
  readonly health: NodeHealth;
  readonly observedReady: Condition | undefined;
  readonly currentReady: Condition | undefined;
  readonly statusToWrite: Node['status'] | undefined;
}

function changed(a: Condition | undefined, b: Condition | undefined): boolean {
  return a?.status !== b?.status || a?.lastTransitionTime !== b?.lastTransitionTime || a?.reason !== b?.reason;
}

/**
 * One node's check at `now`: refresh the record from the node and its Lease, then, past the grace
 * period (`startupGrace` for a node that never posted Ready), the status with Unknown conditions.
 */
export function checkNodeHealth(node: Node, lease: Lease | undefined, saved: NodeHealth | undefined, now: Micros, grace: Micros, startupGrace: Micros): HealthCheck {
  const ready = findCondition(node.status.conditions, 'Ready');
  let health: NodeHealth;
  if (saved === undefined) {
    const t = ready === undefined ? node.metadata.creationTimestamp : now;
    health = { probeTimestamp: t, readyTransitionTimestamp: t, ready, leaseRenewTime: undefined };
  } else if (changed(saved.ready, ready) && ready?.reason !== nodeStatusUnknown) {
    // The kubelet posted a changed Ready condition: a heartbeat.
    const transition = saved.ready?.status !== ready?.status ? now : saved.readyTransitionTimestamp;
    health = { ...saved, probeTimestamp: now, readyTransitionTimestamp: transition, ready };
  } else {
    health = { ...saved, ready };
  }
  if (lease !== undefined && (health.leaseRenewTime === undefined || health.leaseRenewTime < lease.spec.renewTime)) {
    health = { ...health, leaseRenewTime: lease.spec.renewTime, probeTimestamp: now };
  }
  const gracePeriod = ready === undefined ? startupGrace : grace;
  // Upstream checks now.After(probe + grace); its passes run a little after every period (wait.Until
  // waits the period after each pass), so a pass exactly one grace period after the probe counts.
  if (now < health.probeTimestamp + gracePeriod) return { health, observedReady: ready, currentReady: ready, statusToWrite: undefined };
  let conditions = [...node.status.conditions];
  for (const type of unknownConditionTypes) {
    const c = findCondition(conditions, type);
    if (c === undefined) {
      conditions.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', lastTransitionTime: now });
    } else if (c.status !== 'Unknown') {
      conditions = conditions.map((x) => (x === c ? { type, status: 'Unknown', reason: nodeStatusUnknown, lastTransitionTime: now } : x));
    }
  }
  const currentReady = findCondition(conditions, 'Ready');
  if (!changed(currentReady, ready)) return { health, observedReady: ready, currentReady, statusToWrite: undefined };
  return { health: { ...health, ready: currentReady, readyTransitionTimestamp: now }, observedReady: ready, currentReady, statusToWrite: { ...node.status, conditions } };
}
