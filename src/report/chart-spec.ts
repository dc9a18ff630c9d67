/** Charts as plain data (serialised into the page and drawn there by Chart.js). */

/** A point of a chart. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** One line or set of bars. */
export interface ChartDataset {
  readonly label: string;
  readonly data: readonly Point[];
  /** Drawn dashed, e.g. an SLO objective. */
  readonly dashed?: boolean;
  /** Drawn as a stepped line (counts, distributions). */
  readonly stepped?: boolean;
}

/** A chart: a title, labelled linear axes and its datasets. */
export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly datasets: readonly ChartDataset[];
  readonly kind?: 'line' | 'bar';
  readonly yMin?: number;
  readonly yMax?: number;
}

/** At most this many points per dataset are embedded; longer series are thinned evenly. */
export const maxPointsPerDataset = 800;

/** Points of parallel arrays, thinned to `maxPointsPerDataset` (first and last kept). */
export function thinPoints(t: readonly number[], v: readonly number[]): Point[] {
  const n = Math.min(t.length, v.length);
  const step = Math.max(1, Math.ceil(n / maxPointsPerDataset));
  const out: Point[] = [];
  for (let i = 0; i < n; i += step) out.push({ x: t[i] as number, y: v[i] as number });
  if (n > 0 && (n - 1) % step !== 0) out.push({ x: t[n - 1] as number, y: v[n - 1] as number });
  return out;
}

/** The empirical CDF of `values` as at most `maxPointsPerDataset` (value, fraction) points. */
export function ecdfPoints(values: readonly number[]): Point[] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const steps = Math.min(n, maxPointsPerDataset);
  const out: Point[] = [];
  for (let k = 1; k <= steps; k++) {
    const i = Math.ceil((k * n) / steps) - 1;
    out.push({ x: sorted[i] as number, y: (i + 1) / n });
  }
  return out;
}

/** A dashed horizontal line at `y` from `xFrom` to `xTo`: an objective or a limit drawn over a chart's data. */
export function referenceLine(label: string, y: number, xFrom: number, xTo: number): ChartDataset {
  return { label, data: [{ x: xFrom, y }, { x: xTo, y }], dashed: true };
}
