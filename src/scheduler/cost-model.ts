/**
 * Virtual time of a scheduling attempt: a fixed overhead plus the work of each plugin call —
 * per-pod calls (PreFilter, PreScore) once, per-node calls (Filter, Score) divided over
 * `parallelism` workers as upstream's parallelizer does. Costs are in nanoseconds.
 */
/** Costs (ns) of one plugin's calls. */
export interface PluginCost {
  readonly preFilter?: number;
  readonly filterPerNode?: number;
  readonly preScore?: number;
  readonly scorePerNode?: number;
}

/** The scheduler's cost model (all in ns). */
export interface CostModel {
  /** Per attempt: queue pop, snapshot update, bookkeeping, assume. */
  readonly cycleOverhead: number;
  /** Defaults for plugins without their own entry. */
  readonly defaults: Required<PluginCost>;
  /** Per-plugin overrides by name. */
  readonly plugins: Readonly<Record<string, PluginCost>>;
}

/**
 * Defaults calibrated so that the SchedulingBasic equivalent (5,000 nodes, pods of 100m/500Mi, the
 * default profile: 500 nodes filtered and scored per pod, parallelism 16) runs at about 850 pods/s
 * of virtual time, inside the 680–1,100 pods/s scheduler_perf reports (REFERENCE.md,
 * kube-scheduler throughput). Plugins that walk other pods cost more per node.
 */
export const defaultCostModel: CostModel = {
  cycleOverhead: 500_000,
  defaults: { preFilter: 2_000, filterPerNode: 2_000, preScore: 2_000, scorePerNode: 3_000 },
  plugins: {
    NodeUnschedulable: { filterPerNode: 500 },
    NodeName: { filterPerNode: 300 },
    NodePorts: { filterPerNode: 800 },
    PodTopologySpread: { preFilter: 20_000, filterPerNode: 3_000, preScore: 20_000, scorePerNode: 4_000 },
    InterPodAffinity: { preFilter: 30_000, filterPerNode: 4_000, preScore: 30_000, scorePerNode: 5_000 },
    // PreFilter of a pod without claims returns Skip at once (so its cost is left out); Filter runs the
    // structured allocator with CEL over the node's devices. An estimate: no published per-node figure.
    DynamicResources: { preFilter: 0, filterPerNode: 10_000 },
  },
};
