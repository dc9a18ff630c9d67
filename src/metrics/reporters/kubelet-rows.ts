/** Terminal summary rows of the kubelet model: evictions by QoS class and signal, OOM kills, container restarts (none when nothing happened). */
import { splitSeriesName } from '../series-name.js';
import type { RunReport } from './run-report.js';

/** Rows shown when pods were evicted, OOM killed or restarted. */
export function kubeletRows(r: RunReport): [string, string][] {
  const byQos = new Map<string, number>();
  const bySignal = new Map<string, number>();
  let restarts = 0;
  for (const [series, v] of Object.entries(r.metrics)) {
    if (typeof v !== 'number') continue;
    const { name } = splitSeriesName(series);
    if (name === 'kubesim_container_restarts_total') restarts += v;
    if (name !== 'kubelet_evictions') continue;
    const qos = /qos_class="([^"]*)"/.exec(series)?.[1] ?? '';
    const signal = /eviction_signal="([^"]*)"/.exec(series)?.[1] ?? '';
    byQos.set(qos, (byQos.get(qos) ?? 0) + v);
    bySignal.set(signal, (bySignal.get(signal) ?? 0) + v);
  }
  const rows: [string, string][] = [];
  if (byQos.size > 0) {
    const order = ['BestEffort', 'Burstable', 'Guaranteed'];
    rows.push(['evictions BestEffort / Burstable / Guaranteed', order.map((q) => String(byQos.get(q) ?? 0)).join(' / ')]);
    rows.push(['evictions by signal', [...bySignal].sort().map(([s, n]) => `${s} ${n}`).join(', ')]);
  }
  const oom = r.metrics['kubesim_container_oom_kills_total'];
  if (typeof oom === 'number' && oom > 0) rows.push(['container OOM kills', String(oom)]);
  if (restarts > 0) rows.push(['container restarts', String(restarts)]);
  return rows;
}
