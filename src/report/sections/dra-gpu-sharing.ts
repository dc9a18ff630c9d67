/** DRA GPU sharing: per sharing strategy, GPU utilisation and pods per GPU over time and the cold start of pods with GPU claims. */
import { thinPoints } from '../chart-spec.js';
import { escapeHtml, seriesOf, type ReportSection } from '../section.js';

/** The DRA GPU sharing section (runs with GPU consumers only). */
export const draGpuSharing: ReportSection = {
  id: 'dra',
  title: 'DRA GPU sharing',
  render(run) {
    const util = seriesOf(run, 'dra_gpu_utilization');
    const perGpu = seriesOf(run, 'dra_pods_per_gpu');
    if (util.length === 0) return undefined;
    const rows: string[] = [];
    for (const [series, v] of Object.entries(run.summary.metrics)) {
      const m = /^dra_pod_cold_start_seconds\{sharing="([A-Za-z]+)"\}$/.exec(series);
      if (m === null || typeof v !== 'object') continue;
      rows.push(`<tr><td>${escapeHtml(m[1] as string)}</td><td>${v.count}</td><td>${v.mean.toFixed(2)}</td><td>${v.p50.toFixed(2)}</td><td>${v.p99.toFixed(2)}</td></tr>`);
    }
    const html = rows.length === 0 ? undefined : `<table><thead><tr><th>sharing</th><th>pods</th><th>cold start mean (s)</th><th>p50</th><th>p99</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    return {
      ...(html === undefined ? {} : { html }),
      charts: [
        {
          title: 'Useful GPU utilisation (GPUs with a consumer)',
          xLabel: 'virtual time (s)',
          yLabel: 'utilisation (0–1)',
          datasets: util.map((s) => ({ label: s.labels['sharing'] ?? '', data: thinPoints(s.t, s.v), stepped: true })),
        },
        {
          title: 'Pods per GPU in use',
          xLabel: 'virtual time (s)',
          yLabel: 'pods',
          datasets: perGpu.map((s) => ({ label: s.labels['sharing'] ?? '', data: thinPoints(s.t, s.v), stepped: true })),
        },
      ],
    };
  },
};
