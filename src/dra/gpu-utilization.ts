/**
 * GPU utilisation model: each running consumer of a GPU has a demand (the fraction of one whole
 * GPU it would keep busy alone) and a cap (its share where the strategy enforces one: Shares,
 * MPS thread percentage, a MIG partition); a GPU's useful utilisation is
 * min(1, Σ min(demand, cap)) × (1 − overhead of its strategy when two or more consumers share it).
 * Gauges per strategy: `dra_gpu_utilization` (mean over GPUs with a consumer) and
 * `dra_pods_per_gpu` (consumers per such GPU).
 */
import type { Gauge, MetricsSink } from '../metrics/sink.js';
import type { SharingStrategy } from './dra-params.js';

/** One consumer of a GPU. */
export interface GpuConsumer {
  readonly demand: number;
  readonly cap: number;
}

interface GpuState {
  readonly strategy: SharingStrategy;
  readonly consumers: Map<string, GpuConsumer>;
}

/** Useful utilisation (0–1) of a GPU with `consumers` under `overhead`. */
export function gpuUtilization(consumers: Iterable<GpuConsumer>, overhead: number): number {
  let sum = 0;
  let n = 0;
  for (const c of consumers) {
    sum += Math.min(c.demand, c.cap);
    n++;
  }
  if (n === 0) return 0;
  return Math.min(1, sum) * (n > 1 ? 1 - overhead : 1);
}

/** The GPUs of the cluster with their consumers, and the gauges derived from them. */
export class GpuUtilizationModel {
  private readonly gpus = new Map<string, GpuState>();
  private readonly gauges = new Map<SharingStrategy, { readonly utilization: Gauge; readonly podsPerGpu: Gauge }>();

  constructor(private readonly metrics: MetricsSink, private readonly overhead: Readonly<Record<SharingStrategy, number>>) {}

  /** True when GPU `gpu` (node/index) has a consumer. */
  busy(gpu: string): boolean {
    return (this.gpus.get(gpu)?.consumers.size ?? 0) > 0;
  }

  /** Adds consumer `id` (a pod) to `gpu`. */
  add(gpu: string, strategy: SharingStrategy, id: string, consumer: GpuConsumer): void {
    let g = this.gpus.get(gpu);
    if (g === undefined) this.gpus.set(gpu, (g = { strategy, consumers: new Map() }));
    g.consumers.set(id, consumer);
    this.update(strategy);
  }

  /** Removes consumer `id` from `gpu`. */
  remove(gpu: string, id: string): void {
    const g = this.gpus.get(gpu);
    if (g === undefined || !g.consumers.delete(id)) return;
    this.update(g.strategy);
  }

  /** Mean utilisation of busy GPUs of `strategy` and consumers per busy GPU. */
  summary(strategy: SharingStrategy): { utilization: number; podsPerGpu: number; busyGpus: number } {
    let busy = 0;
    let util = 0;
    let pods = 0;
    for (const g of this.gpus.values()) {
      if (g.strategy !== strategy || g.consumers.size === 0) continue;
      busy++;
      pods += g.consumers.size;
      util += gpuUtilization(g.consumers.values(), this.overhead[strategy]);
    }
    return busy === 0 ? { utilization: 0, podsPerGpu: 0, busyGpus: 0 } : { utilization: util / busy, podsPerGpu: pods / busy, busyGpus: busy };
  }

  private update(strategy: SharingStrategy): void {
    let g = this.gauges.get(strategy);
    if (g === undefined) {
      g = {
        utilization: this.metrics.gauge('dra_gpu_utilization', { sharing: strategy }, true),
        podsPerGpu: this.metrics.gauge('dra_pods_per_gpu', { sharing: strategy }, true),
      };
      this.gauges.set(strategy, g);
    }
    const s = this.summary(strategy);
    g.utilization.set(s.utilization);
    g.podsPerGpu.set(s.podsPerGpu);
  }
}
