/**
 * Requests executing on the apiservers by kind (read-only, mutating) over time, and with
 * `enable-priority-and-fairness=false` the rejections per second of the max-inflight filter.
 */
import { thinPoints, type ChartSpec } from '../chart-spec.js';
import { ratePerSecond, sumSeriesBy } from '../derived-series.js';
import type { RunData, Series } from '../run-data.js';
import { seriesOf } from '../section.js';

const byKind = (s: Series): string | undefined => s.labels['request_kind'];

/** The in-flight and max-inflight rejection charts, each present when the run sampled its metric. */
export function inflightCharts(run: RunData): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const inflight = seriesOf(run, 'apiserver_current_inflight_requests');
  if (inflight.length > 0) {
    charts.push({
      title: 'Requests executing by kind (apiserver_current_inflight_requests)',
      xLabel: 'virtual time (s)',
      yLabel: 'requests',
      datasets: [...sumSeriesBy(run, inflight, byKind)].map(([kind, p]) => ({ label: kind, data: thinPoints(p.t, p.v) })),
    });
  }
  const dropped = seriesOf(run, 'apiserver_dropped_requests_total');
  if (dropped.length > 0) {
    charts.push({
      title: 'Requests rejected by the max-inflight filter (429) per second by kind (apiserver_dropped_requests_total)',
      xLabel: 'virtual time (s)',
      yLabel: 'rejections per second',
      datasets: [...sumSeriesBy(run, dropped, byKind)].map(([kind, p]) => ({ label: kind, data: thinPoints(...ratePerSecond(p.t, p.v)) })),
    });
  }
  return charts;
}
