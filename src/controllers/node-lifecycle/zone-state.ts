/**
 * Zone disruption states of the node lifecycle controller (ComputeZoneState, ReducedQPSFunc,
 * HealthyQPSFunc and setLimiterInZone in pkg/controller/nodelifecycle/node_lifecycle_controller.go).
 */
import type { Node } from '../../api/objects.js';
import type { NodeLifecycleConfig } from './node-lifecycle-config.js';

/** A zone's state: no ready node, a large share not ready, or normal (Initial until first computed). */
export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** The topology label that names a node's zone. */
export const zoneLabel = 'topology.kubernetes.io/zone';
/** The topology label that names a node's region. */
export const regionLabel = 'topology.kubernetes.io/region';

/** The zone key of a node (upstream GetZoneKey joins region and zone; '' when neither label is set). */
export function zoneKey(node: Pick<Node, 'metadata'>): string {
  const labels = node.metadata.labels ?? {};
  const region = labels[regionLabel] ?? '';
  const zone = labels[zoneLabel] ?? '';
  return region === '' ? zone : `${region}:${zone}`;
}

/** Counts not-ready nodes and the zone's state: FullDisruption with none ready, PartialDisruption with more than 2 and at least `threshold` not ready. */
export function computeZoneState(ready: number, notReady: number, threshold: number): ZoneState {
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + ready) >= threshold) return 'PartialDisruption';
  return 'Normal';
}

/** The tainting rate (nodes/s) of a zone of `size` nodes in `state` while some zone is not fully disrupted. */
export function zoneEvictionRate(state: ZoneState, size: number, config: NodeLifecycleConfig): number {
  switch (state) {
    case 'PartialDisruption':
      return size > config.largeClusterSizeThreshold ? config.secondaryNodeEvictionRate : 0;
    default:
      // Normal, and FullDisruption of one zone among healthy ones (HealthyQPSFunc), tainting at the normal rate.
      return config.nodeEvictionRate;
  }
}

/** A numeric code of the state for the time series (0 Normal, 1 PartialDisruption, 2 FullDisruption, -1 Initial). */
export function zoneStateCode(state: ZoneState): number {
  return state === 'Normal' ? 0 : state === 'PartialDisruption' ? 1 : state === 'FullDisruption' ? 2 : -1;
}
