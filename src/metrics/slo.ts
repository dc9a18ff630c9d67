/**
 * The SIG-scalability SLOs checked on every run (REFERENCE.md, kube-apiserver): mutating API
 * calls p99 <= 1 s for every (resource, verb) pair, and stateless pod startup p99 <= 5 s
 * (excluding image pulls: the kubelet's `kubelet_pod_start_sli_duration_seconds` when pulls are
 * modelled, else creation to observed running).
 */
import { splitSeriesName } from './series-name.js';
import type { MetricValue } from './summary.js';
import type { SloResult } from './reporters/run-report.js';

const mutating = /verb="(POST|PUT|PATCH|DELETE)"/;

/** Evaluates the default SLOs on final metrics; an SLO with no observations is omitted. */
export function checkDefaultSlos(metrics: Readonly<Record<string, MetricValue>>): SloResult[] {
  const out: SloResult[] = [];
  let worst: number | undefined;
  for (const [series, v] of Object.entries(metrics)) {
    const { name, labels } = splitSeriesName(series);
    if (name !== 'apiserver_request_duration_seconds' || typeof v === 'number' || v.count === 0) continue;
    if (mutating.test(labels)) worst = Math.max(worst ?? 0, v.p99);
  }
  if (worst !== undefined) out.push({ name: 'mutating_api_call_latency_p99_seconds', value: worst, objective: 1, pass: worst <= 1 });
  // With image pulls modelled, the kubelet's SLI excludes them, as the SLO defines it.
  const sli = metrics['kubelet_pod_start_sli_duration_seconds'];
  const startup = typeof sli === 'object' && sli.count > 0 ? sli : metrics['pod_startup_latency_seconds'];
  if (typeof startup === 'object' && startup.count > 0) {
    out.push({ name: 'pod_startup_latency_p99_seconds', value: startup.p99, objective: 5, pass: startup.p99 <= 5 });
  }
  return out;
}
