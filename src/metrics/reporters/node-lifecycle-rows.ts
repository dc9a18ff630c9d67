/** Terminal summary rows of node outages: when failed nodes went Unknown, were tainted NoExecute and lost their pods, when controller-owned pods ran again elsewhere, and the zones' final states. */
import type { Summary } from '../summary.js';
import type { RunReport } from './run-report.js';

const stateNames = ['Normal', 'PartialDisruption', 'FullDisruption'];

function after(r: RunReport, series: string, label: string, unit: string): [string, string][] {
  const v = r.metrics[series];
  if (typeof v !== 'object') return [];
  const s = v as Summary;
  return [[`${label} after last heartbeat p50 / max (s)`, `${s.p50.toFixed(1)} / ${s.max.toFixed(1)} (${s.count} ${unit})`]];
}

/** Rows present when the run ran the node lifecycle controller and some node failed. */
export function nodeLifecycleRows(r: RunReport): [string, string][] {
  const rows: [string, string][] = [
    ...after(r, 'kubesim_node_unknown_after_heartbeat_seconds', 'nodes Unknown', 'nodes'),
    ...after(r, 'kubesim_node_noexecute_taint_after_heartbeat_seconds', 'NoExecute taints', 'nodes'),
    ...after(r, 'kubesim_pod_eviction_after_heartbeat_seconds', 'pods evicted', 'pods'),
    ...after(r, 'kubesim_pod_replacement_running_after_heartbeat_seconds', 'replacements running', 'pods'),
  ];
  const zones: string[] = [];
  for (const [series, v] of Object.entries(r.metrics)) {
    const m = /^kubesim_zone_disruption_state\{zone="(.*)"\}$/.exec(series);
    if (m !== null && typeof v === 'number') zones.push(`${m[1] === '' ? '(none)' : m[1]} ${stateNames[v] ?? 'Initial'}`);
  }
  if (rows.length > 0 && zones.length > 0) rows.push(['zone states at the end', zones.join(', ')]);
  return rows;
}
