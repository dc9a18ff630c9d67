/**
 * Charts of a latency histogram's p99 and p50 per sampling interval, one line per label set, and
 * the API request latency section built from them (verb and resource).
 */
import type { ChartSpec } from '../chart-spec.js';
import { thinPoints } from '../chart-spec.js';
import type { RunData } from '../run-data.js';
import { labelText, seriesOf, type ReportSection } from '../section.js';

/** One chart per quantile of `metric` sampled over time (p99, then p50 by default); none for a quantile without series. */
export function quantileCharts(run: RunData, metric: string, what: string, quantiles: readonly string[] = ['0.99', '0.5']): ChartSpec[] {
  const charts: ChartSpec[] = [];
  for (const q of quantiles) {
    const series = seriesOf(run, metric, { quantile: q });
    if (series.length === 0) continue;
    charts.push({
      title: `${what}: p${Number(q) * 100} per sampling interval (${metric})`,
      xLabel: 'virtual time (s)',
      yLabel: 'seconds',
      datasets: series.map((s) => ({ label: labelText(s, ['quantile']), data: thinPoints(s.t, s.v) })),
    });
  }
  return charts;
}

function latencySection(id: string, title: string, metric: string): ReportSection {
  return {
    id,
    title,
    render(run) {
      const charts = quantileCharts(run, metric, title);
      return charts.length === 0 ? undefined : { charts };
    },
  };
}

/** API request latency percentiles over time by verb and resource (etcd's are in the control plane section). */
export const apiLatency = latencySection('api', 'API request latency', 'apiserver_request_duration_seconds');
