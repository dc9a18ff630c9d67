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
  /** Bumped on every allocate/release (for caches keyed on the GPUs' state). */
  version = 0;
  /** Free slot for a placement policy's cache of verdicts on this node (it must check `version` itself); never copied. */
  policyMemo: unknown = undefined;
  /** GPUs held by each pod placed through `assign`, by pod key. */
  private readonly assigned = new Map<string, { readonly indices: readonly number[]; readonly milli: number }>();

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
    this.version++;
  }

  /** Gives `milli` back to each GPU in `indices`. */
  release(indices: readonly number[], milli: number): void {
    for (const i of indices) this.milliFree[i] = Math.min(GpuMilli, (this.milliFree[i] as number) + milli);
    this.version++;
  }

  /** Allocates `milli` on each GPU in `indices` for pod `podKey` (remembered, so `unassign` can give them back); throws on over-commit or a pod assigned twice. */
  assign(podKey: string, indices: readonly number[], milli: number): void {
    if (this.assigned.has(podKey)) throw new Error(`pod ${podKey} already holds GPUs of this node`);
    this.allocate(indices, milli);
    this.assigned.set(podKey, { indices: [...indices], milli });
  }

  /** Releases what `assign` gave pod `podKey`; false when it holds nothing here. */
  unassign(podKey: string): boolean {
    const a = this.assigned.get(podKey);
    if (a === undefined) return false;
    this.assigned.delete(podKey);
    this.release(a.indices, a.milli);
    return true;
  }

  /** The GPU indices and milli per GPU pod `podKey` holds here, if any. */
  assignmentOf(podKey: string): { readonly indices: readonly number[]; readonly milli: number } | undefined {
    return this.assigned.get(podKey);
  }

  /** Every pod's assignment on this node, in the order they were made. */
  assignments(): IterableIterator<{ readonly indices: readonly number[]; readonly milli: number }> {
    return this.assigned.values();
  }

  /** GPU milli allocated in total (count × 1000 minus what is free). */
  totalMilliAllocated(): number {
    return this.count * GpuMilli - this.totalMilliFree();
  }

  /** An independent copy (for what-if evaluation). */
  clone(): NodeGpus {
    const c = new NodeGpus(this.model, this.deviceNames);
    c.milliFree.set(this.milliFree);
    for (const [k, v] of this.assigned) c.assigned.set(k, v);
    c.version = this.version;
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
