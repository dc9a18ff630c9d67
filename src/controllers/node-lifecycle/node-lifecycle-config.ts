/**
 * kube-controller-manager's node lifecycle flags (µs and per-second rates), with the defaults of
 * cmd/kube-controller-manager/app/options/nodelifecyclecontroller.go and
 * pkg/controller/nodelifecycle/config/v1alpha1/defaults.go.
 */
import type { Micros } from '../../engine/simulation.js';

/** The node lifecycle controller's parameters (`cluster.nodeLifecycleController`). */
export interface NodeLifecycleConfig {
  /** Starts the node lifecycle and taint eviction controllers (set when the workload fails nodes). */
  readonly enabled: boolean;
  /** `--node-monitor-period`: how often node health is checked. */
  readonly nodeMonitorPeriod: Micros;
  /** `--node-monitor-grace-period`: a node without a heartbeat this long is marked Ready=Unknown. */
  readonly nodeMonitorGracePeriod: Micros;
  /** `--node-startup-grace-period`: the grace of a node that never posted a Ready condition. */
  readonly nodeStartupGracePeriod: Micros;
  /** `--node-eviction-rate`: nodes per second tainted NoExecute per zone while the zone is healthy. */
  readonly nodeEvictionRate: number;
  /** `--secondary-node-eviction-rate`: the rate in a partially disrupted zone larger than the threshold below. */
  readonly secondaryNodeEvictionRate: number;
  /** `--large-cluster-size-threshold`: zones up to this size stop tainting when partially disrupted. */
  readonly largeClusterSizeThreshold: number;
  /** `--unhealthy-zone-threshold`: share of not-Ready nodes (at least 3) making a zone partially disrupted. */
  readonly unhealthyZoneThreshold: number;
}

/**
 * Upstream defaults: monitor period 5 s, grace period 50 s (40 s before v1.32), startup grace 60 s,
 * eviction rate 0.1/s, secondary rate 0.01/s, large cluster above 50 nodes, unhealthy zone at 55 %.
 */
export const defaultNodeLifecycleConfig: NodeLifecycleConfig = {
  enabled: false,
  nodeMonitorPeriod: 5_000_000,
  nodeMonitorGracePeriod: 50_000_000,
  nodeStartupGracePeriod: 60_000_000,
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  largeClusterSizeThreshold: 50,
  unhealthyZoneThreshold: 0.55,
};

/** How often the NoExecute tainting pass runs (scheduler.NodeEvictionPeriod, 100 ms). */
export const nodeEvictionPeriod: Micros = 100_000;
