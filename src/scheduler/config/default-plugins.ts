/**
 * The default profile's plugins, in upstream order, with their default score weights
 * (pkg/scheduler/apis/config/v1/default_plugins.go; REFERENCE.md: TaintToleration 3;
 * NodeAffinity, PodTopologySpread, InterPodAffinity 2; NodeResourcesFit,
 * NodeResourcesBalancedAllocation, ImageLocality 1). Volume plugins are not modelled yet.
 */

/** A plugin reference in a profile: name and (for Score) weight. */
export interface PluginRef {
  readonly name: string;
  readonly weight?: number;
}

/** multiPoint.enabled of the default profile. */
export const defaultMultiPoint: readonly PluginRef[] = [
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  // DRA is on by default since Kubernetes 1.34; default_plugins.go applyFeatureGates inserts DynamicResources before DefaultPreemption.
  { name: 'DynamicResources' },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

/** Upstream's default scheduler name. */
export const defaultSchedulerName = 'default-scheduler';
