/**
 * The row of one sweep run in sweep.csv: the scheduler comparison's columns (compareRow, without
 * wall time so that every sweep file is reproducible) plus the control plane's key numbers and
 * the value of every SLO. Rows are stored with each run (`sweep-row.json`) and read back when a
 * sweep resumes or parts are merged.
 */
import type { SloResult } from '../metrics/reporters/run-report.js';
import type { MetricValue } from '../metrics/summary.js';
import { roundMetric } from '../metrics/summary.js';
import type { RunResult } from '../scenario/runner.js';
import { compareColumns, compareRow } from '../cli/compare-rows.js';
import { placementColumns } from './placement-columns.js';

/** Metric columns of every sweep row, in order (SLO value columns follow, one per SLO). */
export const sweepMetricColumns = [
  ...compareColumns.filter((c) => c !== 'wall_s'),
  'running', 'pod_startup_p50_s', 'pod_startup_p99_s', 'api_2xx', 'api_429', 'api_5xx', 'apiserver_cpu_cores',
  'etcd_db_bytes', 'etcd_leader_changes', 'sim_s', 'events', 'completed', 'slos_met',
] as const;

/** One run's numbers: metric columns and SLO values by name (an SLO without observations is absent). */
export interface SweepRow {
  readonly metrics: Readonly<Record<(typeof sweepMetricColumns)[number], number>>;
  readonly slos: Readonly<Record<string, number>>;
  /** Whether each SLO passed, by name. */
  readonly slosPassed: Readonly<Record<string, boolean>>;
  /** GPU placement columns (`gpu_allocation_ratio_100` ...), only for runs that replayed a GPU trace. */
  readonly placement?: Readonly<Record<string, number>>;
}

function sumOf(metrics: Readonly<Record<string, MetricValue>>, name: string, match: (series: string) => boolean = () => true): number {
  let total = 0;
  for (const [series, v] of Object.entries(metrics)) if (typeof v === 'number' && series.startsWith(`${name}{`) && match(series)) total += v;
  return total;
}

/** The sweep row of a finished run with its checked SLOs. */
export function sweepRow(result: RunResult, slos: readonly SloResult[]): SweepRow {
  const m = result.metrics;
  const { variant: _v, seed: _s, wall_s: _w, ...scheduling } = compareRow('', '', result, 0);
  const startup = m['pod_startup_latency_seconds'];
  const s = typeof startup === 'object' && startup.count > 0 ? startup : undefined;
  const completed = result.completed ? 1 : 0;
  const metrics = {
    ...scheduling,
    running: result.pods.filter((p) => p.observedRunning !== undefined).length,
    pod_startup_p50_s: s?.p50 ?? 0,
    pod_startup_p99_s: s?.p99 ?? 0,
    api_2xx: sumOf(m, 'apiserver_request_total', (x) => /code="2/.test(x)),
    api_429: sumOf(m, 'apiserver_request_total', (x) => x.includes('code="429"')),
    api_5xx: sumOf(m, 'apiserver_request_total', (x) => /code="5/.test(x)),
    apiserver_cpu_cores: result.simSeconds > 0 ? sumOf(m, 'process_cpu_seconds_total') / result.simSeconds : 0,
    etcd_db_bytes: sumOf(m, 'etcd_mvcc_db_total_size_in_bytes'),
    etcd_leader_changes: sumOf(m, 'etcd_server_leader_changes_seen_total'),
    sim_s: result.simSeconds,
    events: result.events,
    completed,
    slos_met: completed === 1 && slos.every((x) => x.pass) ? 1 : 0,
  };
  const placement = placementColumns(m);
  return {
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, roundMetric(v)])) as SweepRow['metrics'],
    slos: Object.fromEntries(slos.map((x) => [x.name, x.value])),
    slosPassed: Object.fromEntries(slos.map((x) => [x.name, x.pass])),
    ...(Object.keys(placement).length > 0 ? { placement } : {}),
  };
}
