/** Terminal summary rows for DRA GPU sharing: per sharing strategy, GPU utilisation, pods per GPU and cold start. */
import type { RunReport } from './run-report.js';

/** One row per sharing strategy that ran GPU pods (none when the run has no DRA GPU consumers). */
export function draRows(r: RunReport): [string, string][] {
  const rows: [string, string][] = [];
  for (const [series, v] of Object.entries(r.metrics)) {
    const m = /^dra_gpu_utilization\{sharing="([A-Za-z]+)"\}$/.exec(series);
    if (m === null || typeof v !== 'number') continue;
    const strategy = m[1] as string;
    const perGpu = r.metrics[`dra_pods_per_gpu{sharing="${strategy}"}`];
    const cold = r.metrics[`dra_pod_cold_start_seconds{sharing="${strategy}"}`];
    const coldText = typeof cold === 'object' ? `${cold.mean.toFixed(2)} s` : 'n/a';
    rows.push([`GPU util / pods per GPU / cold start (${strategy})`, `${(v * 100).toFixed(1)} % / ${typeof perGpu === 'number' ? perGpu.toFixed(2) : 'n/a'} / ${coldText}`]);
  }
  const alloc = r.metrics['dra_resource_claim_allocation_duration_seconds'];
  if (typeof alloc === 'object') rows.push(['claim allocation p50 / p99 (s)', `${alloc.p50.toFixed(3)} / ${alloc.p99.toFixed(3)}`]);
  return rows;
}
