/**
 * Sections charting a latency histogram's p50 and p99 per sampling interval, one line per label
 * set: API requests by verb and resource, etcd requests, scheduling attempts.
 */
import type { ChartSpec } from '../chart-spec.js';
import { thinPoints } from '../chart-spec.js';
import type { RunData } from '../run-data.js';
import { labelText, seriesOf, type ReportSection } from '../section.js';

function quantileCharts(run: RunData, metric: string, what: string): ChartSpec[] {
  const charts: ChartSpec[] = [];
  for (const q of ['0.99', '0.5']) {
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

/** API request latency percentiles over time by verb and resource. */
export const apiLatency = latencySection('api', 'API request latency', 'apiserver_request_duration_seconds');
/** etcd request latency percentiles over time by operation. */
export const etcdLatency = latencySection('etcd', 'etcd request latency', 'etcd_request_duration_seconds');
