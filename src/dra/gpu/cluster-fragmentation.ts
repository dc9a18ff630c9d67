/**
 * The cluster's GPU fragmentation Σ_n F_n(M) and allocation, kept current node by node (FGD paper
 * §3.3: the cluster's fragmentation is the sum of its nodes'). A node's F_n is recomputed only
 * when it is marked changed.
 */
import type { NodeInfo } from '../../scheduler/framework/node-info.js';
import { GpuMilli } from './node-gpus.js';
import type { FragmentationMeasure } from './fragmentation.js';

/** Per-node fragmentation and allocated milli over a fixed list of nodes. */
export class ClusterFragmentation {
  private readonly frag: Float64Array;
  private readonly allocated: Float64Array;
  private readonly index = new Map<NodeInfo, number>();
  /** Σ_n F_n(M) in GPU milli. */
  total = 0;
  /** GPU milli allocated over the cluster. */
  allocatedTotal = 0;
  /** GPU milli of the cluster. */
  readonly capacity: number;

  constructor(private readonly measure: FragmentationMeasure, private readonly nodes: readonly NodeInfo[]) {
    this.frag = new Float64Array(nodes.length);
    this.allocated = new Float64Array(nodes.length);
    let cap = 0;
    nodes.forEach((n, i) => {
      this.index.set(n, i);
      cap += (n.gpus?.count ?? 0) * GpuMilli;
      this.update(n);
    });
    this.capacity = cap;
  }

  /** Recomputes `node`'s share after its pods or GPUs changed. */
  update(node: NodeInfo): void {
    const i = this.index.get(node);
    if (i === undefined) return;
    const g = node.gpus;
    const f = g === undefined ? 0 : this.measure.nodeFragmentation(g.model, node.allocatable.milliCpu - node.requested.milliCpu, g.milliFree);
    const a = g === undefined ? 0 : g.totalMilliAllocated();
    this.total += f - (this.frag[i] as number);
    this.allocatedTotal += a - (this.allocated[i] as number);
    this.frag[i] = f;
    this.allocated[i] = a;
  }

  /** Recomputes every node (sums re-added from scratch, so rounding does not drift). */
  refreshAll(): void {
    this.total = 0;
    this.allocatedTotal = 0;
    this.frag.fill(0);
    this.allocated.fill(0);
    for (const n of this.nodes) this.update(n);
  }
}
