/** Prometheus-style series names: `name{a="x",b="y"}` with labels sorted by key. */

/** Label set of a series. */
export type Labels = Readonly<Record<string, string>>;

/** The series name for `name` and `labels`, labels sorted by key and values escaped. */
export function seriesName(name: string, labels?: Labels): string {
  if (labels === undefined) return name;
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return name;
  const parts = keys.map((k) => `${k}="${escapeLabel(labels[k] ?? '')}"`);
  return `${name}{${parts.join(',')}}`;
}

/** Splits a series name back into its metric name and its `{...}` label part (without braces). */
export function splitSeriesName(series: string): { name: string; labels: string } {
  const i = series.indexOf('{');
  return i < 0 ? { name: series, labels: '' } : { name: series.slice(0, i), labels: series.slice(i + 1, -1) };
}

function escapeLabel(v: string): string {
  if (!/[\\"\n]/.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
