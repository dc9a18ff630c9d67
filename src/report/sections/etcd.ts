/**
 * etcd over time, per cluster: the database file and the bytes in use inside it (against the
 * quota once the file nears it), leader changes, WAL fsync and backend commit p99 against etcd's
 * health rules, and request latency as the apiserver sees it.
 */
import { referenceLine, thinPoints, type ChartDataset, type ChartSpec } from '../chart-spec.js';
import { seriesName } from '../../metrics/series-name.js';
import type { RunData } from '../run-data.js';
import { labelText, seriesOf } from '../section.js';
import { quantileCharts } from './latency-over-time.js';

const MIB = 1024 * 1024;
/** The quota is drawn once a file reaches this fraction of it (below, it would flatten the sizes). */
const quotaShownFrom = 0.25;
/** etcd's health rules (etcd docs, op-guide/performance and faq): WAL fsync p99 < 10 ms, backend commit p99 < 25 ms. */
const healthRules: readonly [metric: string, what: string, limit: number][] = [
  ['etcd_disk_wal_fsync_duration_seconds', 'etcd WAL fsync', 0.01],
  ['etcd_disk_backend_commit_duration_seconds', 'etcd backend commit', 0.025],
];

function databaseSize(run: RunData): ChartSpec | undefined {
  const files = seriesOf(run, 'etcd_mvcc_db_total_size_in_bytes');
  if (files.length === 0) return undefined;
  const datasets: ChartDataset[] = [];
  for (const file of files) {
    const cluster = file.labels['cluster'] ?? '';
    datasets.push({ label: `cluster=${cluster} file`, data: thinPoints(file.t, file.v.map((b) => b / MIB)) });
    for (const inUse of seriesOf(run, 'etcd_mvcc_db_total_size_in_use_in_bytes', { cluster })) {
      datasets.push({ label: `cluster=${cluster} in use`, data: thinPoints(inUse.t, inUse.v.map((b) => b / MIB)) });
    }
    const quota = run.summary.metrics[seriesName('etcd_server_quota_backend_bytes', { cluster })];
    const first = file.t[0];
    const last = file.t[file.t.length - 1];
    if (typeof quota === 'number' && quota > 0 && file.v.some((b) => b >= quotaShownFrom * quota) && first !== undefined && last !== undefined) {
      datasets.push(referenceLine(`cluster=${cluster} quota (--quota-backend-bytes)`, quota / MIB, first, last));
    }
  }
  return {
    title: 'etcd database size (etcd_mvcc_db_total_size_in_bytes, etcd_mvcc_db_total_size_in_use_in_bytes)',
    xLabel: 'virtual time (s)',
    yLabel: 'MiB',
    yMin: 0,
    datasets,
  };
}

function leaderChanges(run: RunData): ChartSpec | undefined {
  const changes = seriesOf(run, 'etcd_server_leader_changes_seen_total');
  if (changes.length === 0) return undefined;
  return {
    title: 'etcd leader changes since start (etcd_server_leader_changes_seen_total)',
    xLabel: 'virtual time (s)',
    yLabel: 'leader changes',
    yMin: 0,
    datasets: changes.map((s) => ({ label: labelText(s), data: thinPoints(s.t, s.v), stepped: true })),
  };
}

/** The p99 chart of a disk histogram with its health rule drawn across it. */
function diskP99(run: RunData, metric: string, what: string, limit: number): ChartSpec[] {
  return quantileCharts(run, metric, what, ['0.99']).map((c) => {
    const xs = c.datasets.flatMap((d) => d.data.map((p) => p.x));
    const from = xs.reduce((a, b) => Math.min(a, b), Infinity);
    const to = xs.reduce((a, b) => Math.max(a, b), -Infinity);
    return { ...c, datasets: [...c.datasets, referenceLine(`health rule: p99 < ${limit * 1000} ms`, limit, from, to)] };
  });
}

/** The etcd charts, or none when the run sampled no etcd cluster. */
export function etcdCharts(run: RunData): ChartSpec[] {
  const charts: ChartSpec[] = [];
  for (const c of [databaseSize(run), leaderChanges(run)]) if (c !== undefined) charts.push(c);
  for (const [metric, what, limit] of healthRules) charts.push(...diskP99(run, metric, what, limit));
  return [...charts, ...quantileCharts(run, 'etcd_request_duration_seconds', 'etcd request latency')];
}
