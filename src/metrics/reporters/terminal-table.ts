/** The summary printed on the terminal after a run. */
import type { Summary } from '../summary.js';
import type { RunReport } from './run-report.js';

function summaryOf(r: RunReport, series: string): Summary | undefined {
  const v = r.metrics[series];
  return typeof v === 'object' ? v : undefined;
}

function fmt(v: number, digits = 3): string {
  return v.toFixed(digits);
}

/** A small aligned table: startup SLI quantiles, throughput, virtual and wall time, events. */
export function renderTerminalTable(r: RunReport): string {
  const startup = summaryOf(r, 'pod_startup_latency_seconds');
  const api = summaryOf(r, 'apiserver_request_duration_seconds{resource="pods",subresource="",verb="POST"}');
  const throughput = r.metrics['scheduler_throughput_pods_per_second'];
  const rows: [string, string][] = [
    ['scenario', `${r.scenario} (seed ${String(r.seed)})`],
    ['pods running / created', `${r.pods.filter((p) => p.observedRunning !== undefined).length} / ${r.pods.length}`],
    ['pod startup p50 / p90 / p99 (s)', startup === undefined ? 'n/a' : `${fmt(startup.p50)} / ${fmt(startup.p90)} / ${fmt(startup.p99)}`],
    ['POST pods p99 (s)', api === undefined ? 'n/a' : fmt(api.p99, 4)],
    ['scheduling throughput (pods/s)', typeof throughput === 'number' ? fmt(throughput, 1) : 'n/a'],
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
