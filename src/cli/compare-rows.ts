/** The per-run and per-variant rows of a scheduler comparison (comparison.csv, variants.csv, the terminal table). */
import { quantile } from 'd3-array';
import { meanWithInterval } from '../metrics/confidence-interval.js';
import type { Summary } from '../metrics/summary.js';
import type { RunResult } from '../scenario/runner.js';
import { jobColumns, jobRow } from './job-columns.js';
import { rolloutColumns, rolloutRow } from './rollout-columns.js';
import { drainColumns, drainRow } from './drain-columns.js';

/** Columns compared, in order (all numbers; seconds are virtual unless named wall). */
export const compareColumns = [
  'pods', 'scheduled', 'unschedulable', 'preempted', 'throughput_pods_per_s', 'attempt_p50_s', 'attempt_p99_s',
  'e2e_scheduling_p50_s', 'e2e_scheduling_p99_s', 'cpu_allocation_stddev', 'memory_allocation_stddev', ...rolloutColumns,
  ...drainColumns,
  ...jobColumns, 'wall_s',
] as const;

/** One run's row. */
export type CompareRow = { variant: string; seed: string } & Record<(typeof compareColumns)[number], number>;

function sumOfHistogram(metrics: RunResult['metrics'], name: string): number {
  let total = 0;
  for (const [k, v] of Object.entries(metrics)) if (k === name && typeof v === 'object') total += v.mean * v.count;
  return total;
}

function attempts(metrics: RunResult['metrics']): Summary | undefined {
  for (const [k, v] of Object.entries(metrics)) {
    if (k.startsWith('scheduler_scheduling_attempt_duration_seconds{') && k.includes('result="scheduled"') && typeof v === 'object') return v;
  }
  return undefined;
}

/** The comparison row of one run. */
export function compareRow(variant: string, seed: string, r: RunResult, wallSeconds: number): CompareRow {
  const e2e = r.pods.flatMap((p) => (p.scheduled === undefined ? [] : [(p.scheduled - p.created) / 1e6])).sort((a, b) => a - b);
  const a = attempts(r.metrics);
  const num = (name: string): number => (typeof r.metrics[name] === 'number' ? (r.metrics[name] as number) : 0);
  return {
    variant,
    seed,
    pods: r.pods.length,
    scheduled: e2e.length,
    unschedulable: r.pods.filter((p) => p.scheduled === undefined).length,
    preempted: Math.round(sumOfHistogram(r.metrics, 'scheduler_preemption_victims')),
    throughput_pods_per_s: num('scheduler_throughput_pods_per_second'),
    attempt_p50_s: a?.p50 ?? 0,
    attempt_p99_s: a?.p99 ?? 0,
    e2e_scheduling_p50_s: quantile(e2e, 0.5) ?? 0,
    e2e_scheduling_p99_s: quantile(e2e, 0.99) ?? 0,
    cpu_allocation_stddev: num('kubesim_node_allocation_stddev{resource="cpu"}'),
    memory_allocation_stddev: num('kubesim_node_allocation_stddev{resource="memory"}'),
    ...rolloutRow(r),
    ...drainRow(r),
    ...jobRow(r),
    wall_s: wallSeconds,
  };
}

/** A row variantRows reads: its variant and numeric columns (a column a row lacks is left out of that column's statistics). */
export type VariantInput = { readonly variant: string } & Readonly<Record<string, string | number | undefined>>;

/** Per variant, in order of first appearance: runs, then mean and 95 % CI half-width of each of `columns` across seeds. */
export function variantRows(rows: readonly VariantInput[], columns: readonly string[] = compareColumns): Record<string, string | number>[] {
  const variants = [...new Set(rows.map((r) => r.variant))];
  return variants.map((variant) => {
    const mine = rows.filter((r) => r.variant === variant);
    const out: Record<string, string | number> = { variant, runs: mine.length };
    for (const c of columns) {
      const values = mine.map((r) => r[c]).filter((v): v is number => typeof v === 'number');
      const m = meanWithInterval(values);
      out[c] = values.length === 0 ? '' : Number(m.mean.toPrecision(6));
      out[`${c}_ci95`] = values.length === 0 ? '' : Number(m.halfWidth.toPrecision(3));
    }
    return out;
  });
}
