/**
 * The typical pods of a workload (FGD paper, USENIX ATC'23 "Beware of Fragmentation", Weng et
 * al., §4.1 and the simulator's GetTypicalPods in pkg/utils/frag.go): the workload's pods grouped
 * by resource shape (CPU, GPU milli per GPU, GPU count, acceptable GPU models), most popular first,
 * keeping the smallest prefix that covers `threshold` of all pods; their popularities are
 * renormalised to sum to 1. CPU-only pods are shapes like any other.
 */

/** The resource shape of a pod as the fragmentation measure sees it. */
export interface PodShape {
  readonly milliCpu: number;
  /** Milli per GPU (0 for CPU-only pods). */
  readonly gpuMilli: number;
  readonly gpuCount: number;
  /** Acceptable GPU models (empty: any). */
  readonly gpuModels: readonly string[];
}

/** A typical pod: its shape and its popularity p_m (the typical pods' popularities sum to 1). */
export interface TypicalPod extends PodShape {
  readonly popularity: number;
}

/** Default share of the workload the typical pods cover (FGD paper §4.1: 95 %). */
export const defaultPopularityThreshold = 0.95;

function shapeKey(s: PodShape): string {
  return `${s.milliCpu}/${s.gpuMilli}/${s.gpuCount}/${s.gpuModels.join('|')}`;
}

function compareShapes(a: PodShape, b: PodShape): number {
  const ma = a.gpuModels.join('|');
  const mb = b.gpuModels.join('|');
  return a.milliCpu - b.milliCpu || a.gpuMilli - b.gpuMilli || a.gpuCount - b.gpuCount || (ma < mb ? -1 : ma > mb ? 1 : 0);
}

/** Counts pod shapes incrementally (for a workload known in advance or learned as pods arrive). */
export class ShapeCounter {
  private readonly counts = new Map<string, { shape: PodShape; n: number }>();
  private total = 0;

  /** Counts one pod of `shape`. */
  add(shape: PodShape, weight = 1): void {
    const k = shapeKey(shape);
    const e = this.counts.get(k);
    if (e === undefined) this.counts.set(k, { shape, n: weight });
    else e.n += weight;
    this.total += weight;
  }

  /** Pods counted so far. */
  get size(): number {
    return this.total;
  }

  /**
   * The typical pods covering `threshold` of the pods counted, most popular first; shapes equally
   * popular in descending (CPU, milli per GPU, GPU count, models), the simulator's order
   * (SortTargetPodInDecreasingCount: sort.Reverse of TargetPodList.Less), which decides which of
   * them the cut keeps.
   */
  typicalPods(threshold = defaultPopularityThreshold): TypicalPod[] {
    if (this.total === 0) return [];
    const entries = [...this.counts.values()].sort((a, b) => b.n - a.n || compareShapes(b.shape, a.shape));
    const kept: { shape: PodShape; n: number }[] = [];
    let covered = 0;
    for (const e of entries) {
      if (covered >= threshold * this.total) break;
      kept.push(e);
      covered += e.n;
    }
    return kept.map((e) => ({ ...e.shape, popularity: e.n / covered }));
  }
}

/** The typical pods of `pods` (see ShapeCounter.typicalPods). */
export function typicalPodsOf(pods: Iterable<PodShape>, threshold = defaultPopularityThreshold): TypicalPod[] {
  const c = new ShapeCounter();
  for (const p of pods) c.add(p);
  return c.typicalPods(threshold);
}
