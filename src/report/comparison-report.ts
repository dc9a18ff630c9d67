/**
 * The report of several runs (a directory of run directories): variants are runs with the same
 * scenario and params, replications differ only in the seed. One overlay per variant and a table
 * of key metrics with 95 % confidence intervals across replications.
 */
import { meanWithInterval } from '../metrics/confidence-interval.js';
import type { Summary } from '../metrics/summary.js';
import { ecdfPoints, thinPoints, type ChartSpec } from './chart-spec.js';
import { renderPage } from './html-page.js';
import type { RunData } from './run-data.js';
import { escapeHtml, seriesOf } from './section.js';

/** Runs grouped by scenario and params. */
interface Variant {
  readonly label: string;
  readonly runs: RunData[];
}

function variants(runs: readonly RunData[]): Variant[] {
  const byKey = new Map<string, Variant>();
  for (const r of runs) {
    const params = Object.entries(r.summary.params).map(([k, v]) => `${k}=${v}`).join(' ');
    const label = `${r.summary.scenario}${params === '' ? '' : ` ${params}`}`;
    let v = byKey.get(label);
    if (v === undefined) byKey.set(label, (v = { label, runs: [] }));
    v.runs.push(r);
  }
  return [...byKey.values()];
}

/** Key metrics compared across variants: label and how to read it from a run. */
const columns: [string, (r: RunData) => number | undefined][] = [
  ['startup p50 (s)', (r) => (r.summary.metrics['pod_startup_latency_seconds'] as Summary | undefined)?.p50],
  ['startup p99 (s)', (r) => (r.summary.metrics['pod_startup_latency_seconds'] as Summary | undefined)?.p99],
  ['POST pods p99 (s)', (r) => (r.summary.metrics['apiserver_request_duration_seconds{resource="pods",subresource="",verb="POST"}'] as Summary | undefined)?.p99],
  ['throughput (pods/s)', (r) => r.summary.metrics['scheduler_throughput_pods_per_second'] as number | undefined],
  ['virtual time (s)', (r) => r.summary.simSeconds],
];

function table(vs: readonly Variant[]): string {
  const head = `<tr><th>variant</th><th>runs</th>${columns.map(([c]) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const rows = vs.map((v) => {
    const cells = columns.map(([, read]) => {
      const values = v.runs.flatMap((r) => {
        const x = read(r);
        return x === undefined ? [] : [x];
      });
      if (values.length === 0) return '<td>n/a</td>';
      const m = meanWithInterval(values);
      return `<td>${m.mean.toPrecision(4)}${m.n > 1 ? ` ± ${m.halfWidth.toPrecision(2)}` : ''}</td>`;
    });
    return `<tr><th>${escapeHtml(v.label)}</th><td>${v.runs.length}</td>${cells.join('')}</tr>`;
  });
  return `<table class="metrics"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table><p class="sub">mean ± half-width of the 95 % confidence interval across replications (seeds)</p>`;
}

/** report.html comparing `runs`. */
export function renderComparisonReport(title: string, runs: readonly RunData[]): string {
  const vs = variants(runs);
  const running: ChartSpec = {
    title: 'Pods running over time, one line per run',
    xLabel: 'virtual time (s)',
    yLabel: 'pods',
    datasets: runs.flatMap((r) =>
      seriesOf(r, 'kubesim_pods', { state: 'running' }).map((s) => ({ label: `${r.summary.scenario} seed ${String(r.summary.seed)} ${Object.entries(r.summary.params).map(([k, v]) => `${k}=${v}`).join(' ')}`, data: thinPoints(s.t, s.v), stepped: true })),
    ),
  };
  const startup: ChartSpec = {
    title: 'Pod startup latency distribution per variant (replications pooled)',
    xLabel: 'startup latency (s)',
    yLabel: 'fraction of pods',
    yMin: 0,
    yMax: 1,
    datasets: vs.map((v) => ({ label: v.label, data: ecdfPoints(v.runs.flatMap((r) => r.pods.flatMap((p) => (p.startup === undefined ? [] : [p.startup])))), stepped: true })),
  };
  const charts = [running, startup].filter((c) => c.datasets.some((d) => d.data.length > 0));
  return renderPage(`kubesim — ${title}`, `${runs.length} runs in ${vs.length} variants`, [
    { id: 'table', title: 'Variants', content: { html: table(vs), charts: [] } },
    { id: 'overlays', title: 'Overlays', content: { charts } },
  ]);
}
