/**
 * The GPUs of one node as GPU-aware scheduling plugins see them, and what a pod asks of them.
 * DRA (the DynamicResources plugin, from ResourceSlices and claim allocations) and the trace
 * replay fill these in; the GPU placement policies (FGD and the baselines) only read them and
 * say which GPUs of the chosen node a pod should get.
 */

/** One whole GPU expressed in milli-GPU, the unit of the Alibaba trace's `gpu_milli`. */
export const GpuMilli = 1000;

/** The GPUs of one node: their model and the free share of each (milli, 0–1000), indexed as the node's devices are. */
export class NodeGpus {
  readonly milliFree: Int32Array;

  /** `deviceNames[i]` names GPU i in the node's ResourceSlice (or a synthetic name for trace nodes). */
  constructor(
    readonly model: string,
    readonly deviceNames: readonly string[],
  ) {
    this.milliFree = new Int32Array(deviceNames.length).fill(GpuMilli);
  }

  /** Number of GPUs on the node. */
  get count(): number {
    return this.milliFree.length;
  }

  /** Free milli summed over the node's GPUs. */
  totalMilliFree(): number {
    let s = 0;
    for (let i = 0; i < this.milliFree.length; i++) s += this.milliFree[i] as number;
    return s;
  }

  /** Number of GPUs with nothing allocated. */
  fullyFreeCount(): number {
    let n = 0;
    for (let i = 0; i < this.milliFree.length; i++) if (this.milliFree[i] === GpuMilli) n++;
    return n;
  }

  /** Takes `milli` from each GPU in `indices`; throws when that would over-commit one (a caller bug). */
  allocate(indices: readonly number[], milli: number): void {
    for (const i of indices) {
      const free = this.milliFree[i];
      if (free === undefined || free < milli) throw new Error(`GPU ${i} of model ${this.model} has ${free ?? 'no'} milli free, asked ${milli}`);
    }
    for (const i of indices) this.milliFree[i] = (this.milliFree[i] as number) - milli;
  }

  /** Gives `milli` back to each GPU in `indices`. */
  release(indices: readonly number[], milli: number): void {
    for (const i of indices) this.milliFree[i] = Math.min(GpuMilli, (this.milliFree[i] as number) + milli);
  }

  /** An independent copy (for what-if evaluation). */
  clone(): NodeGpus {
    const c = new NodeGpus(this.model, this.deviceNames);
    c.milliFree.set(this.milliFree);
    return c;
  }
}

/**
 * What a pod asks of GPUs: `count` whole GPUs (milli = 1000 each), or, when `count` is 1 and
 * `milli` < 1000, a share of one GPU; `models` lists acceptable GPU models (empty: any).
 */
export interface GpuRequest {
  readonly count: number;
  readonly milli: number;
  readonly models: readonly string[];
}

/** CycleState key under which PreFilter stores the pod's GpuRequest (absent: the pod asks for no GPU). */
export const GpuRequestStateKey = 'GpuRequest';

/**
 * CycleState key under which a GPU placement policy stores, per node name, the GPU indices it
 * chose for the pod on that node (a `Map<string, readonly number[]>`); Reserve allocates those
 * GPUs on the selected node when present, and its own first fit otherwise.
 */
export const GpuSelectionStateKey = 'GpuSelection';

/** True when a GPU of `model` is acceptable to `request` (its models empty = any). */
export function modelAccepted(request: GpuRequest, model: string): boolean {
  return request.models.length === 0 || request.models.includes(model);
}
