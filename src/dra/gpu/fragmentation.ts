/**
 * GPU fragmentation as the FGD paper defines it (USENIX ATC'23 "Beware of Fragmentation:
 * Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent", Weng et al., §3.2–3.3;
 * the simulator's NodeGpuShareFragAmount in pkg/utils/frag.go):
 *
 *   For a node n and one typical pod m, the fragment F_n(m) is the idle GPU milli on n that m
 *   cannot use:
 *     - all idle GPU milli when m cannot run on n at all: m asks for no GPU (a CPU-only pod can
 *       use no GPU), n's GPU model is not one m accepts, n lacks the CPU m asks, or n has fewer
 *       than m's GPU count of GPUs each with m's milli free;
 *     - otherwise the idle milli of the GPUs whose free share is below m's milli per GPU.
 *   The node's fragmentation against the workload M is the expectation over the typical pods,
 *   F_n(M) = Σ_m p_m · F_n(m), and the cluster's is Σ_n F_n(M).
 *
 * Evaluation is over typed arrays (a node has at most a few GPUs, a workload a few dozen typical
 * pods), the typical pods a node's model accepts precomputed once per model.
 */
import { GpuMilli } from './node-gpus.js';
import type { TypicalPod } from './typical-pods.js';

/** The typical pods that may use GPUs of one model, as arrays, plus the popularity of those that never can. */
interface ModelTable {
  /** Summed popularity of typical pods for which every idle GPU milli is a fragment (CPU-only or model not accepted). */
  readonly always: number;
  readonly cpu: Float64Array;
  readonly milli: Int32Array;
  readonly count: Int32Array;
  readonly p: Float64Array;
}

/** F_n(M) for nodes of any model against one set of typical pods. */
export class FragmentationMeasure {
  private readonly tables = new Map<string, ModelTable>();

  constructor(readonly typicalPods: readonly TypicalPod[]) {}

  /** F_n(M) in GPU milli for a node of `model` with `milliCpuLeft` CPU free and `free[i]` milli free on GPU i. */
  nodeFragmentation(model: string, milliCpuLeft: number, free: ArrayLike<number>): number {
    let total = 0;
    let full = 0;
    for (let i = 0; i < free.length; i++) {
      const f = free[i] as number;
      total += f;
      if (f === GpuMilli) full++;
    }
    if (total === 0) return 0;
    const t = this.table(model);
    let frag = t.always * total;
    const n = t.p.length;
    for (let m = 0; m < n; m++) {
      const p = t.p[m] as number;
      if (milliCpuLeft < (t.cpu[m] as number)) {
        frag += p * total;
        continue;
      }
      const milli = t.milli[m] as number;
      const need = t.count[m] as number;
      let fit = 0;
      let below = 0;
      if (milli >= GpuMilli) {
        fit = full;
        below = total - full * GpuMilli;
      } else {
        for (let i = 0; i < free.length; i++) {
          const f = free[i] as number;
          if (f >= milli) fit++;
          else below += f;
        }
      }
      frag += fit >= need ? p * below : p * total;
    }
    return frag;
  }

  private table(model: string): ModelTable {
    let t = this.tables.get(model);
    if (t !== undefined) return t;
    let always = 0;
    const usable = this.typicalPods.filter((m) => {
      const ok = m.gpuMilli > 0 && m.gpuCount > 0 && (m.gpuModels.length === 0 || m.gpuModels.includes(model));
      if (!ok) always += m.popularity;
      return ok;
    });
    t = {
      always,
      cpu: Float64Array.from(usable, (m) => m.milliCpu),
      milli: Int32Array.from(usable, (m) => m.gpuMilli),
      count: Int32Array.from(usable, (m) => m.gpuCount),
      p: Float64Array.from(usable, (m) => m.popularity),
    };
    this.tables.set(model, t);
    return t;
  }
}
