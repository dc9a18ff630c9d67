/** The summary printed on the terminal after a run. */
import type { Summary } from '../summary.js';
import { imagePullRows } from './image-pull-rows.js';
import { kubeletRows } from './kubelet-rows.js';
import type { RunReport } from './run-report.js';
import { draRows } from './dra-rows.js';
import { nodeLifecycleRows } from './node-lifecycle-rows.js';
import { drainRows } from './drain-rows.js';

function summaryOf(r: RunReport, series: string): Summary | undefined {
  const v = r.metrics[series];
  return typeof v === 'object' ? v : undefined;
}

function fmt(v: number, digits = 3): string {
  return v.toFixed(digits);
}

/** Sum of the numeric series named `name` (any labels) whose labels satisfy `match`. */
function sumOf(r: RunReport, name: string, match: (series: string) => boolean = () => true): number | undefined {
  let total: number | undefined;
  for (const [series, v] of Object.entries(r.metrics)) {
    if (typeof v === 'number' && (series === name || series.startsWith(`${name}{`)) && match(series)) total = (total ?? 0) + v;
  }
  return total;
}

/** Rows for the control plane when the run has it: API answers by code class, etcd size and leader changes. */
function controlPlaneRows(r: RunReport): [string, string][] {
  const rows: [string, string][] = [];
  const byCode = (re: RegExp): number => sumOf(r, 'apiserver_request_total', (s) => re.test(s)) ?? 0;
  const total = sumOf(r, 'apiserver_request_total');
  if (total !== undefined) rows.push(['API answers 2xx / 429 / 5xx', `${byCode(/code="2/)} / ${byCode(/code="429"/)} / ${byCode(/code="5/)}`]);
  const db = sumOf(r, 'etcd_mvcc_db_total_size_in_bytes');
  if (db !== undefined) rows.push(['etcd db size (MiB, all clusters)', fmt(db / 2 ** 20, 1)]);
  const changes = sumOf(r, 'etcd_server_leader_changes_seen_total');
  if (changes !== undefined) rows.push(['etcd leader changes', String(changes)]);
  for (const [series, v] of Object.entries(r.metrics)) {
    if (typeof v === 'number' && series.startsWith('etcd_benchmark_put_requests_per_second{')) {
      const latency = r.metrics[series.replace('requests_per_second', 'latency_average_seconds')];
      rows.push([`benchmark put ${series.slice(series.indexOf('"') + 1, series.lastIndexOf('"'))}`, `${fmt(v, 0)} QPS, ${typeof latency === 'number' ? fmt(latency * 1e3, 2) : 'n/a'} ms avg`]);
    }
  }
  return rows;
}

/** Rows of a GPU trace replay: allocation and fragmentation (% of the cluster's GPUs) and pods left unscheduled at each reported arrived load. */
function gpuPlacementRows(r: RunReport): [string, string][] {
  const rows: [string, string][] = [];
  for (const [series, v] of Object.entries(r.metrics)) {
    const m = /^gpu_allocation_ratio\{arrived="(\d+%)"\}$/.exec(series);
    if (m === null || typeof v !== 'number') continue;
    const frag = r.metrics[`gpu_fragmentation_ratio{arrived="${m[1]}"}`];
    const left = r.metrics[`gpu_unscheduled_pods{arrived="${m[1]}"}`];
    rows.push([`GPU alloc / frag % / unscheduled @${m[1]}`, `${fmt(100 * v, 2)} / ${typeof frag === 'number' ? fmt(100 * frag, 2) : 'n/a'} / ${typeof left === 'number' ? left : 'n/a'}`]);
  }
  return rows;
}

/** A small aligned table: startup SLI quantiles, throughput, control plane, virtual and wall time, events. */
export function renderTerminalTable(r: RunReport): string {
  const startup = summaryOf(r, 'pod_startup_latency_seconds');
  const api = summaryOf(r, 'apiserver_request_duration_seconds{resource="pods",subresource="",verb="POST"}');
  const throughput = r.metrics['scheduler_throughput_pods_per_second'];
  const podRows: [string, string][] = r.pods.length === 0 ? [] : [
    ['pods running / created', `${r.pods.filter((p) => p.observedRunning !== undefined).length} / ${r.pods.length}`],
    ['pod startup p50 / p90 / p99 (s)', startup === undefined ? 'n/a' : `${fmt(startup.p50)} / ${fmt(startup.p90)} / ${fmt(startup.p99)}`],
    ['POST pods p99 (s)', api === undefined ? 'n/a' : fmt(api.p99, 4)],
    ['scheduling throughput (pods/s)', typeof throughput === 'number' ? fmt(throughput, 1) : 'n/a'],
  ];
  const rows: [string, string][] = [
    ['scenario', `${r.scenario} (seed ${String(r.seed)})`],
    ...podRows,
    ...draRows(r),
    ...imagePullRows(r),
    ...gpuPlacementRows(r),
    ...kubeletRows(r),
    ...nodeLifecycleRows(r),
    ...drainRows(r),
    ...controlPlaneRows(r),
    ['virtual time (s)', fmt(r.simSeconds, 1)],
    ['wall time (s)', fmt(r.wallSeconds, 2)],
    ['events', String(r.events)],
    ['events/s (wall)', r.wallSeconds > 0 ? String(Math.round(r.events / r.wallSeconds)) : 'n/a'],
  ];
  for (const s of r.slos) rows.push([`SLO ${s.name}`, `${fmt(s.value)} vs ${fmt(s.objective)} ${s.pass ? 'pass' : 'FAIL'}`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
