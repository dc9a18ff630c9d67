/** The summary table: scenario, seed, params, run totals, SLOs with pass/fail, key metrics, warnings. */
import type { Summary } from '../../metrics/summary.js';
import type { RunData } from '../run-data.js';
import { escapeHtml, type ReportSection } from '../section.js';

function row(k: string, v: string, cls = ''): string {
  return `<tr${cls === '' ? '' : ` class="${cls}"`}><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`;
}

/** Series shown in the key-metrics table when present: label and series name. */
const keyMetrics: [string, string][] = [
  ['pod startup latency (s)', 'pod_startup_latency_seconds'],
  ['POST pods (s)', 'apiserver_request_duration_seconds{resource="pods",subresource="",verb="POST"}'],
  ['POST pods/binding (s)', 'apiserver_request_duration_seconds{resource="pods",subresource="binding",verb="POST"}'],
  ['PATCH pods/status (s)', 'apiserver_request_duration_seconds{resource="pods",subresource="status",verb="PATCH"}'],
  ['scheduling attempt (s)', 'scheduler_scheduling_attempt_duration_seconds{profile="default-scheduler",result="scheduled"}'],
];

function keyMetricsTable(run: RunData): string {
  const rows = keyMetrics.flatMap(([label, series]) => {
    const v = run.summary.metrics[series];
    if (typeof v !== 'object') return [];
    const s = v as Summary;
    return [`<tr><th>${escapeHtml(label)}</th><td>${s.count}</td><td>${s.p50.toFixed(4)}</td><td>${s.p90.toFixed(4)}</td><td>${s.p99.toFixed(4)}</td><td>${s.max.toFixed(4)}</td></tr>`];
  });
  if (rows.length === 0) return '';
  return `<table class="metrics"><thead><tr><th>metric</th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>max</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The summary section (always present). */
export const summaryTable: ReportSection = {
  id: 'summary',
  title: 'Summary',
  render(run) {
    const s = run.summary;
    const throughput = s.metrics['scheduler_throughput_pods_per_second'];
    const rows = [
      row('scenario', s.scenario),
      row('seed', String(s.seed)),
      row('params', Object.entries(s.params).map(([k, v]) => `${k}=${v}`).join(', ') || '(none)'),
      row('virtual time', `${s.simSeconds} s`),
      row('events', String(s.events)),
      row('wall time', `${s.wallSeconds} s`),
      row('workload completed', s.completed ? 'yes' : 'no', s.completed ? '' : 'fail'),
      ...(typeof throughput === 'number' ? [row('scheduling throughput', `${throughput.toFixed(1)} pods/s`)] : []),
      ...s.slos.map((slo) => row(`SLO ${slo.name}`, `${slo.value.toFixed(3)} vs objective ${slo.objective} — ${slo.pass ? 'pass' : 'FAIL'}`, slo.pass ? 'pass' : 'fail')),
    ];
    const warnings = s.warnings.length === 0 ? '' : `<ul class="warnings">${s.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`;
    return { html: `<table class="summary">${rows.join('')}</table>${keyMetricsTable(run)}${warnings}`, charts: [] };
  },
};
