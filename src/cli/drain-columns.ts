/**
 * The drain columns of a comparison or sweep row (see scenario/ops/drain.ts and
 * controllers/disruption/disruption-tracker.ts): the longest drain op, the slowest node,
 * evictions granted (201) and refused by a disruption budget (429), and the smallest margin of any
 * budget's fewest healthy pods over its desiredHealthy while draining (negative: a budget was
 * breached). 0 in runs without drains.
 */
import type { RunResult } from '../scenario/runner.js';

/** The columns, in order. */
export const drainColumns = ['drain_s', 'drain_node_max_s', 'evictions_granted', 'evictions_refused', 'pdb_min_healthy_margin'] as const;

/** The drain columns of one run. */
export function drainRow(r: RunResult): Record<(typeof drainColumns)[number], number> {
  const m = r.metrics;
  const num = (name: string): number => (typeof m[name] === 'number' ? (m[name] as number) : 0);
  const max = (name: string): number => {
    const v = m[name];
    return typeof v === 'object' && v.count > 0 ? v.max : 0;
  };
  let margin: number | undefined;
  for (const [series, v] of Object.entries(m)) {
    const match = /^kubesim_pdb_min_healthy_pods(\{.*\})$/.exec(series);
    if (match === null || typeof v !== 'number') continue;
    const d = v - num(`kubesim_pdb_desired_healthy_pods${match[1] ?? ''}`);
    margin = margin === undefined ? d : Math.min(margin, d);
  }
  return {
    drain_s: max('kubesim_drain_duration_seconds'),
    drain_node_max_s: max('kubesim_drain_node_duration_seconds'),
    evictions_granted: num('kubesim_drain_eviction_responses_total{code="201"}'),
    evictions_refused: num('kubesim_drain_eviction_responses_total{code="429"}'),
    pdb_min_healthy_margin: margin ?? 0,
  };
}
