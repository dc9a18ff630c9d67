/**
 * What a trace replay reports: the curves as `gpu-placement.csv` and, at fixed arrived loads
 * (100 % and 130 % of the cluster's GPUs), the GPU allocation ratio, the fragmentation ratio and
 * the pods left unscheduled as summary metrics (`gpu_allocation_ratio{arrived="100%"}` ...), which
 * `kubesim sweep` averages over seeds.
 */
import { stringify } from 'csv-stringify/sync';
import type { MetricsSink } from '../metrics/sink.js';
import type { PlacementOutcome, PlacementPoint } from './openb-placement.js';

/** Arrived loads (fractions of the cluster's GPUs) at which the summary metrics are taken. */
export const reportedLoads: readonly number[] = [1.0, 1.3];

/** The label value of an arrived load: `100%`. */
export function loadLabel(load: number): string {
  return `${Math.round(load * 100)}%`;
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

/**
 * The first point at or past `load`; when the run stops short of it (the top-up ends with the
 * first drawn pod that would pass the target, so a run may end a little below 130 %), its last
 * point if that rounds to the same whole percent, as the simulator's analysis buckets arrived loads
 * by whole percent (experiments/analysis/merge_alloc_discrete.py); undefined otherwise.
 */
export function pointAt(points: readonly PlacementPoint[], load: number): PlacementPoint | undefined {
  const p = points.find((q) => q.arrived >= load - 1e-9);
  if (p !== undefined) return p;
  const last = points.at(-1);
  return last !== undefined && last.arrived >= load - 0.005 ? last : undefined;
}

/** The curves of a placement-protocol run as CSV (percentages of the cluster's GPUs). */
export function renderPlacementCsv(points: readonly PlacementPoint[]): string {
  const rows = points.map((p) => [round(100 * p.arrived, 3), round(100 * p.allocation, 4), round(100 * p.fragmentation, 4), p.podsArrived, p.podsUnscheduled]);
  return stringify(rows, { header: true, columns: ['arrived_pct', 'gpu_allocation_pct', 'gpu_fragmentation_pct', 'pods_arrived', 'pods_unscheduled'] });
}

/** Sets the summary gauges of a placement-protocol run. */
export function recordPlacementMetrics(metrics: MetricsSink, out: PlacementOutcome): void {
  for (const load of reportedLoads) {
    const p = pointAt(out.points, load);
    if (p === undefined) continue;
    const arrived = { arrived: loadLabel(load) };
    metrics.gauge('gpu_allocation_ratio', arrived).set(p.allocation);
    metrics.gauge('gpu_fragmentation_ratio', arrived).set(p.fragmentation);
    metrics.gauge('gpu_unscheduled_pods', arrived).set(p.podsUnscheduled);
  }
  metrics.gauge('gpu_trace_pods_arrived').set(out.podsArrived);
  metrics.gauge('gpu_trace_pods_unscheduled').set(out.podsUnscheduled);
  metrics.gauge('gpu_typical_pods').set(out.typicalPods.length);
  metrics.gauge('gpu_cluster_milli').set(out.clusterGpuMilli);
}
