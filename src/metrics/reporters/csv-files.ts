/** `timeseries.csv` (long format `time_s,series,value`) and `pods.csv` (one row per pod), via csv-stringify. */
import { stringify } from 'csv-stringify/sync';
import { roundMetric } from '../summary.js';
import { secondsText, type RunReport } from './run-report.js';

/** The sampled gauges as `time_s,series,value` rows. */
export function renderTimeseriesCsv(r: RunReport): string {
  const rows = r.points.map((p) => [secondsText(p.time), p.series, roundMetric(p.value)]);
  return stringify(rows, { header: true, columns: ['time_s', 'series', 'value'] });
}

/** One row per pod with the virtual time (s) of each lifecycle step and its startup latency. */
export function renderPodsCsv(r: RunReport): string {
  const rows = r.pods.map((p) => [
    p.namespace,
    p.name,
    p.node,
    secondsText(p.created),
    secondsText(p.scheduled),
    secondsText(p.running),
    secondsText(p.observedRunning),
    p.observedRunning === undefined ? '' : secondsText(p.observedRunning - p.created),
    p.failed ?? '',
  ]);
  return stringify(rows, {
    header: true,
    columns: ['namespace', 'name', 'node', 'created_s', 'scheduled_s', 'running_s', 'observed_running_s', 'startup_latency_s', 'failed_reason'],
  });
}
