/**
 * sweep.csv (one row per run, in expansion order) and variants.csv (per variant the mean and 95 %
 * confidence half-width of every column across its seeds, via the comparison's variantRows), both
 * rebuilt from the stored rows so they are the same whatever order the runs completed in.
 */
import { stringify } from 'csv-stringify/sync';
import { variantRows, type VariantInput } from '../cli/compare-rows.js';
import type { SweepLayout } from './load-sweep.js';
import { sweepMetricColumns, type SweepRow } from './sweep-row.js';
import { valueText } from './variant.js';
import { placementColumnNames } from './placement-columns.js';

/** The two tables of a complete sweep, by file name. */
export function renderSweepTables(sweep: SweepLayout, rows: readonly SweepRow[]): { 'sweep.csv': string; 'variants.csv': string } {
  const placement = placementColumnNames(rows.map((r) => r.placement));
  const columns = [...sweepMetricColumns, ...sweep.sloNames, ...placement];
  const reserved = new Set(['run', 'variant', 'seed', 'runs', ...columns, ...columns.map((c) => `${c}_ci95`)]);
  /** An axis's column: its key, or `sweep.<key>` when a metric column has that name. */
  const axisColumn = (key: string): string => (reserved.has(key) ? `sweep.${key}` : key);
  const keys = sweep.axes.map((a) => axisColumn(a.key));
  const flat: VariantInput[] = sweep.runs.map((run, i) => {
    const row = rows[i];
    const out: Record<string, string | number | undefined> = { run: run.index, variant: run.variant.id, seed: String(run.seed) };
    for (const a of run.variant.assignments) out[axisColumn(a.key)] = valueText(a.value);
    for (const c of sweepMetricColumns) out[c] = row?.metrics[c];
    for (const s of sweep.sloNames) out[s] = row?.slos[s];
    for (const c of placement) out[c] = row?.placement?.[c];
    return out as VariantInput;
  });
  const runHeader = ['run', 'variant', 'seed', ...keys, ...columns];
  const sweepCsv = stringify(flat.map((r) => runHeader.map((c) => r[c] ?? '')), { header: true, columns: runHeader });
  const settings = new Map(sweep.variants.map((v) => [v.id, Object.fromEntries(v.assignments.map((a) => [axisColumn(a.key), valueText(a.value)]))]));
  const variants = variantRows(flat, columns).map((v) => ({ variant: v['variant'] ?? '', ...settings.get(String(v['variant'])), ...v }));
  const variantHeader = ['variant', ...keys, 'runs', ...columns.flatMap((c) => [c, `${c}_ci95`])];
  const variantsCsv = stringify(variants.map((v) => variantHeader.map((c) => (v as Record<string, string | number>)[c] ?? '')), { header: true, columns: variantHeader });
  return { 'sweep.csv': sweepCsv, 'variants.csv': variantsCsv };
}
