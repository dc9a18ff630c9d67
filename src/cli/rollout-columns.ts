/**
 * The rollout columns of a comparison or sweep row (see controllers/rollout-tracker.ts): mean time
 * to complete a rollout, rollouts complete and failed (past the progress deadline), the fewest
 * ready pods and the seconds below desired, the most pods at once, pods that failed, peak image-pull
 * bandwidth (all registries, the largest 10-second average; 0 without the image model) and the worst
 * mutating API call p99 (over the collection window — wrap the rollout in
 * startCollectingMetrics/stopCollectingMetrics to see the rollout's own), and the mean time a new
 * Deployment or StatefulSet took to have every replica ready. 0 in runs without rollouts.
 */
import type { RunResult } from '../scenario/runner.js';

/** The columns, in order. */
export const rolloutColumns = [
  'rollout_s', 'rollouts_complete', 'rollouts_failed', 'rollout_min_ready_pods', 'rollout_below_desired_s', 'rollout_max_pods',
  'rollout_pod_failures', 'peak_pull_bytes_per_s', 'api_mutating_p99_s', 'workload_ready_s',
] as const;

/** The rollout columns of one run. */
export function rolloutRow(r: RunResult): Record<(typeof rolloutColumns)[number], number> {
  const m = r.metrics;
  const num = (name: string): number => (typeof m[name] === 'number' ? (m[name] as number) : 0);
  const duration = m['kubesim_rollout_duration_seconds'];
  const ready = m['kubesim_workload_ready_seconds'];
  let apiP99 = 0;
  for (const [series, v] of Object.entries(m)) {
    if (series.startsWith('apiserver_request_duration_seconds{') && /verb="(POST|PUT|PATCH|DELETE)"/.test(series) && typeof v === 'object' && v.count > 0) apiP99 = Math.max(apiP99, v.p99);
  }
  return {
    rollout_s: typeof duration === 'object' && duration.count > 0 ? duration.mean : 0,
    rollouts_complete: num('kubesim_rollouts_total{result="complete"}'),
    rollouts_failed: num('kubesim_rollouts_total{result="progress_deadline_exceeded"}'),
    rollout_min_ready_pods: num('kubesim_rollout_min_ready_pods'),
    rollout_below_desired_s: num('kubesim_rollout_below_desired_seconds'),
    rollout_max_pods: num('kubesim_rollout_max_pods'),
    rollout_pod_failures: num('kubesim_rollout_pod_failures_total'),
    peak_pull_bytes_per_s: peakPullRate(r),
    api_mutating_p99_s: apiP99,
    workload_ready_s: typeof ready === 'object' && ready.count > 0 ? ready.mean : 0,
  };
}

/** Window of the pull-rate column (µs): fetches count when they complete, so a shorter one would show bursts of completions, not bandwidth. */
const pullWindow = 10_000_000;

/** Largest increase of all registries' transferred bytes over any `pullWindow` of the time series, per second. */
function peakPullRate(r: RunResult): number {
  const byTime = new Map<number, number>();
  for (const p of r.points) if (p.series.startsWith('kubesim_registry_bytes_transferred_total')) byTime.set(p.time, (byTime.get(p.time) ?? 0) + p.value);
  const times = [...byTime.keys()].sort((a, b) => a - b);
  let peak = 0;
  let from = 0;
  for (let i = 1; i < times.length; i++) {
    const t1 = times[i] as number;
    // The latest sample at least a window before t1.
    while (from + 1 < i && t1 - (times[from + 1] as number) >= pullWindow) from++;
    const t0 = times[from] as number;
    if (t1 - t0 < pullWindow) continue;
    peak = Math.max(peak, (((byTime.get(t1) ?? 0) - (byTime.get(t0) ?? 0)) * 1e6) / (t1 - t0));
  }
  return peak;
}
