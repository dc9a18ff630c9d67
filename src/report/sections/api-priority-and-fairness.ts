/**
 * API Priority and Fairness over time by priority level, every replica and flow schema of a level
 * summed: requests waiting in its queues, seats executing, rejections per second (queue-full,
 * time-out, concurrency-limit) and the queue wait p99.
 */
import { thinPoints, type ChartDataset, type ChartSpec } from '../chart-spec.js';
import { ratePerSecond, sumSeriesBy, type Points } from '../derived-series.js';
import type { RunData, Series } from '../run-data.js';
import { seriesOf } from '../section.js';
import { quantileCharts } from './latency-over-time.js';

const byLevel = (s: Series): string | undefined => s.labels['priority_level'];

function levels(groups: ReadonlyMap<string, Points>, rate: boolean): ChartDataset[] {
  return [...groups].map(([level, p]) => ({ label: level, data: rate ? thinPoints(...ratePerSecond(p.t, p.v)) : thinPoints(p.t, p.v) }));
}

/** The APF charts, or none when the run did not sample APF (`enable-priority-and-fairness=false`). */
export function apfCharts(run: RunData): ChartSpec[] {
  const inqueue = seriesOf(run, 'apiserver_flowcontrol_current_inqueue_requests');
  if (inqueue.length === 0) return [];
  const xLabel = 'virtual time (s)';
  const charts: ChartSpec[] = [
    {
      title: 'Requests waiting in APF queues by priority level (apiserver_flowcontrol_current_inqueue_requests)',
      xLabel,
      yLabel: 'requests',
      datasets: levels(sumSeriesBy(run, inqueue, byLevel), false),
    },
  ];
  const seats = seriesOf(run, 'apiserver_flowcontrol_current_executing_seats');
  if (seats.length > 0) {
    charts.push({
      title: 'Seats executing by priority level (apiserver_flowcontrol_current_executing_seats)',
      xLabel,
      yLabel: 'seats',
      datasets: levels(sumSeriesBy(run, seats, byLevel), false),
    });
  }
  const rejected = seriesOf(run, 'apiserver_flowcontrol_rejected_requests_total');
  if (rejected.length > 0) {
    charts.push({
      title: 'Requests rejected by APF (429) per second by priority level (apiserver_flowcontrol_rejected_requests_total)',
      xLabel,
      yLabel: 'rejections per second',
      datasets: levels(sumSeriesBy(run, rejected, byLevel), true),
    });
  }
  return [...charts, ...quantileCharts(run, 'apiserver_flowcontrol_request_wait_duration_seconds', 'APF queue wait', ['0.99'])];
}
