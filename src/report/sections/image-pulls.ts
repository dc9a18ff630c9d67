/**
 * Image pulls: the startup split per image mode (pull / unpack / create / run, as the
 * stargz-snapshotter benchmark splits it), pull durations per image, bytes each registry sent
 * over time, image GC and the pod start SLI that leaves the pulls out.
 */
import { splitSeriesName } from '../../metrics/series-name.js';
import type { Summary } from '../../metrics/summary.js';
import { thinPoints } from '../chart-spec.js';
import { escapeHtml, labelText, seriesOf, type ReportSection } from '../section.js';

const phases = ['pull', 'unpack', 'create', 'run'] as const;

function labelsOf(series: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of splitSeriesName(series).labels.matchAll(/(\w+)="([^"]*)"/g)) out[m[1] as string] = m[2] as string;
  return out;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('');
  return `<table class="metrics"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The image pulls section (only for runs that modelled pulls). */
export const imagePulls: ReportSection = {
  id: 'images',
  title: 'Image pulls',
  render(run) {
    const metrics = run.summary.metrics;
    const phaseMeans = new Map<string, Record<string, number>>();
    const pulls: string[][] = [];
    const registries: string[][] = [];
    for (const [series, v] of Object.entries(metrics)) {
      const { name } = splitSeriesName(series);
      const l = labelsOf(series);
      if (name === 'kubesim_container_startup_phase_seconds' && typeof v === 'object' && l['mode'] !== undefined && l['phase'] !== undefined) {
        const row = phaseMeans.get(l['mode']) ?? {};
        row[l['phase']] = (v as Summary).mean;
        phaseMeans.set(l['mode'], row);
      } else if (name === 'kubelet_image_pull_duration_seconds' && typeof v === 'object') {
        const s = v as Summary;
        pulls.push([l['image'] ?? '', l['mode'] ?? '', String(s.count), s.p50.toFixed(2), s.p99.toFixed(2), s.max.toFixed(2)]);
      } else if (name === 'kubesim_registry_bytes_transferred_total' && typeof v === 'number') {
        registries.push([l['registry'] ?? '', (v / 1e9).toFixed(3)]);
      }
    }
    if (phaseMeans.size === 0) return undefined;
    const split = [...phaseMeans].map(([mode, row]) => [mode, ...phases.map((p) => (row[p] ?? 0).toFixed(2)), phases.reduce((a, p) => a + (row[p] ?? 0), 0).toFixed(2)]);
    const sli = metrics['kubelet_pod_start_sli_duration_seconds'];
    const sliLine = typeof sli === 'object' && sli.count > 0
      ? `<p>Pod start excluding image pulls (kubelet SLI): p50 ${sli.p50.toFixed(3)} s, p99 ${sli.p99.toFixed(3)} s — ${sli.p99 <= 5 ? 'under' : 'over'} the 5 s SLO.</p>`
      : '';
    const html =
      table(['mode', 'pull (s)', 'unpack (s)', 'create (s)', 'run (s)', 'total (s)'], split) +
      table(['image', 'mode', 'pulls', 'p50 (s)', 'p99 (s)', 'max (s)'], pulls) +
      table(['registry', 'GB sent'], registries) +
      sliLine;
    const sent = seriesOf(run, 'kubesim_registry_bytes_transferred_total');
    return {
      html,
      charts: sent.length === 0 ? [] : [{
        title: 'Bytes sent by each registry',
        xLabel: 'virtual time (s)',
        yLabel: 'GB',
        datasets: sent.map((s) => ({ label: labelText(s, []), data: thinPoints(s.t, s.v.map((b) => b / 1e9)), stepped: true })),
      }],
    };
  },
};
