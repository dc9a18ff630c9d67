/** Terminal summary rows of drains: time per node and in all, evictions granted and refused, and each PodDisruptionBudget's lowest healthy pods against what it asks for. */
import type { Summary } from '../summary.js';
import type { RunReport } from './run-report.js';

/** Rows present when the run drained nodes. */
export function drainRows(r: RunReport): [string, string][] {
  const total = r.metrics['kubesim_drain_duration_seconds'];
  if (typeof total !== 'object') return [];
  const m = r.metrics;
  const num = (series: string): number => (typeof m[series] === 'number' ? (m[series] as number) : 0);
  const node = m['kubesim_drain_node_duration_seconds'];
  const rows: [string, string][] = [
    ['drain time, all nodes (s)', `${(total as Summary).max.toFixed(1)}`],
    ['drain time per node p50 / max (s)', typeof node === 'object' ? `${(node as Summary).p50.toFixed(1)} / ${(node as Summary).max.toFixed(1)} (${(node as Summary).count} nodes)` : 'n/a'],
    ['evictions granted / refused (429)', `${num('kubesim_drain_eviction_responses_total{code="201"}')} / ${num('kubesim_drain_eviction_responses_total{code="429"}')}`],
  ];
  for (const [series, v] of Object.entries(m)) {
    const match = /^kubesim_pdb_min_healthy_pods\{poddisruptionbudget="(.*)"\}$/.exec(series);
    if (match === null || typeof v !== 'number') continue;
    const labels = `{poddisruptionbudget="${match[1] ?? ''}"}`;
    rows.push([`PDB ${match[1] ?? ''} lowest healthy / desired / expected`, `${v} / ${num(`kubesim_pdb_desired_healthy_pods${labels}`)} / ${num(`kubesim_pdb_expected_pods${labels}`)}`]);
  }
  return rows;
}
