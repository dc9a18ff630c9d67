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
  if (seriesOf(run, 'apiserver_flowcontrol_current_inqueue_requests').length === 0) return [];
  // [series, title, y axis, shown as a rate per second]
  const perLevel: readonly [string, string, string, boolean][] = [
    ['apiserver_flowcontrol_current_inqueue_requests', 'Requests waiting in APF queues by priority level', 'requests', false],
    ['apiserver_flowcontrol_current_executing_seats', 'Seats executing by priority level', 'seats', false],
    ['apiserver_flowcontrol_rejected_requests_total', 'Requests rejected by APF (429) per second by priority level', 'rejections per second', true],
  ];
  const charts: ChartSpec[] = [];
  for (const [name, title, yLabel, rate] of perLevel) {
    const series = seriesOf(run, name);
    if (series.length > 0) charts.push({ title: `${title} (${name})`, xLabel: 'virtual time (s)', yLabel, datasets: levels(sumSeriesBy(run, series, byLevel), rate) });
  }
  return [...charts, ...quantileCharts(run, 'apiserver_flowcontrol_request_wait_duration_seconds', 'APF queue wait', ['0.99'])];
}
