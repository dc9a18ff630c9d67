/**
 * The GPU placement columns of a sweep: runs that replay a GPU trace (replayTrace) report
 * `gpu_allocation_ratio`, `gpu_fragmentation_ratio` and `gpu_unscheduled_pods` at fixed arrived
 * loads; a sweep carries them as columns such as `gpu_allocation_ratio_100` (the load in percent)
 * and prints their means with 95 % confidence intervals per variant.
 */
import { meanWithInterval } from '../metrics/confidence-interval.js';
import type { MetricValue } from '../metrics/summary.js';

const names = ['gpu_allocation_ratio', 'gpu_fragmentation_ratio', 'gpu_unscheduled_pods'] as const;
const series = /^(gpu_allocation_ratio|gpu_fragmentation_ratio|gpu_unscheduled_pods)\{arrived="(\d+)%"\}$/;

/** The placement columns of one run's metrics (empty when it replayed no GPU trace). */
export function placementColumns(metrics: Readonly<Record<string, MetricValue>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(metrics)) {
    const m = series.exec(k);
    if (m !== null && typeof v === 'number') out[`${m[1]}_${m[2]}`] = v;
  }
  return out;
}

/** The placement column names present in any of `rows`, by metric then load. */
export function placementColumnNames(rows: readonly (Readonly<Record<string, number>> | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r ?? {})) seen.add(k);
  const load = (c: string): number => Number(c.slice(c.lastIndexOf('_') + 1));
  const metric = (c: string): number => names.findIndex((n) => c.startsWith(`${n}_`));
  return [...seen].sort((a, b) => metric(a) - metric(b) || load(a) - load(b));
}

/** Per variant, the placement columns as `mean±ci` (ratios in percent), or '' when no run has them. */
export function renderPlacementSummary(variants: readonly { readonly id: string; readonly rows: readonly (Readonly<Record<string, number>> | undefined)[] }[]): string {
  const columns = placementColumnNames(variants.flatMap((v) => v.rows));
  if (columns.length === 0) return '';
  const title = (c: string): string => {
    const load = c.slice(c.lastIndexOf('_') + 1);
    return c.startsWith('gpu_allocation_ratio') ? `alloc % @${load}%` : c.startsWith('gpu_fragmentation_ratio') ? `frag % @${load}%` : `unsched @${load}%`;
  };
  const head = ['variant', 'runs', ...columns.map(title)];
  const body = variants.map((v) => [
    v.id,
    String(v.rows.length),
    ...columns.map((c) => {
      const values = v.rows.flatMap((r) => (r?.[c] === undefined ? [] : [r[c] as number]));
      if (values.length === 0) return 'n/a';
      const pct = !c.startsWith('gpu_unscheduled_pods');
      const m = meanWithInterval(values.map((x) => (pct ? 100 * x : x)));
      const d = pct ? 2 : 0;
      return `${m.mean.toFixed(d)}${m.halfWidth > 0 ? `±${m.halfWidth.toFixed(d)}` : ''}`;
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => `  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}\n`;
  return `  GPU placement (mean ± 95 % CI over seeds)\n${line(head)}${body.map(line).join('')}`;
}
