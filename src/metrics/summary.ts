/** Summaries of histograms (count, mean, quantiles) computed with d3-array. */
import { max, mean, quantileSorted } from 'd3-array';
import type { MetricsSink } from './sink.js';

/** Summary of a histogram in base units, as summary.json stores it. */
export interface Summary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** A metric's final value: a number (counter, gauge) or a summary (histogram). */
export type MetricValue = number | Summary;

/** Rounds to 9 significant decimals so results are stable and readable (µs-based times stay exact). */
export function roundMetric(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(12)) : 0;
}

/** Summarises sorted observations (R-7 quantiles as d3-array computes them); zeros when empty. */
export function summarize(sorted: Float64Array): Summary {
  const values = sorted as unknown as number[];
  if (sorted.length === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  return {
    count: sorted.length,
    mean: roundMetric(mean(values) ?? 0),
    p50: roundMetric(quantileSorted(values, 0.5) ?? 0),
    p90: roundMetric(quantileSorted(values, 0.9) ?? 0),
    p99: roundMetric(quantileSorted(values, 0.99) ?? 0),
    max: roundMetric(max(values) ?? 0),
  };
}

/** All metrics of the sink by series name, keys sorted, histograms summarised. */
export function collectMetrics(sink: MetricsSink): Record<string, MetricValue> {
  const entries: [string, MetricValue][] = [];
  for (const [k, c] of sink.counters) entries.push([k, roundMetric(c.value)]);
  for (const [k, g] of sink.gauges) entries.push([k, roundMetric(g.value)]);
  for (const [k, h] of sink.histograms) entries.push([k, summarize(h.sorted())]);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}
