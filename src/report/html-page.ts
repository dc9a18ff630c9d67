/**
 * The self-contained report page: styles, Chart.js (inlined from the installed package) and the
 * chart data are all embedded, so the file works offline and can be mailed around.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ChartSpec } from './chart-spec.js';
import { escapeHtml, type SectionContent } from './section.js';

let chartJs: string | undefined;

/** Chart.js's UMD build, read once from node_modules. */
function chartLibrary(): string {
  if (chartJs === undefined) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    chartJs = readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
  }
  return chartJs;
}

const style = `
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1d2733}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d8dee6;padding-bottom:4px}
p.sub{color:#5a6878;margin:0 0 12px}table{border-collapse:collapse;margin:8px 0}th,td{text-align:left;padding:3px 10px;border-bottom:1px solid #eef1f4}
th{font-weight:600;color:#38465a}tr.pass td{color:#176b2c}tr.fail td{color:#b3261e;font-weight:600}ul.warnings{color:#8a5a00}
.chart{position:relative;height:320px;margin:10px 0 22px}nav a{margin-right:12px}`;

/** A page section's title and content. */
export interface PageSection {
  readonly id: string;
  readonly title: string;
  readonly content: SectionContent;
}

/** Chart.js configuration of one chart (linear axes with titles, no animation). */
function chartConfig(c: ChartSpec): unknown {
  return {
    type: c.kind ?? 'line',
    data: {
      datasets: c.datasets.map((d) => ({
        label: d.label,
        data: d.data,
        borderDash: d.dashed === true ? [6, 4] : undefined,
        stepped: d.stepped === true ? 'before' : false,
        pointRadius: d.data.length > 60 ? 0 : 2,
        borderWidth: 1.5,
        fill: false,
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      plugins: { title: { display: true, text: c.title }, legend: { position: 'bottom' } },
      scales: {
        x: { type: 'linear', title: { display: true, text: c.xLabel } },
        y: { type: 'linear', title: { display: true, text: c.yLabel }, min: c.yMin, max: c.yMax },
      },
    },
  };
}

/** The complete HTML document for `title` and its sections. */
export function renderPage(title: string, subtitle: string, sections: readonly PageSection[]): string {
  const charts: unknown[] = [];
  const body = sections
    .map((s) => {
      const canvases = s.content.charts
        .map((c) => {
          charts.push(chartConfig(c));
          return `<div class="chart"><canvas id="chart-${charts.length - 1}" aria-label="${escapeHtml(c.title)}"></canvas></div>`;
        })
        .join('');
      return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>${s.content.html ?? ''}${canvases}</section>`;
    })
    .join('\n');
  const nav = sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('');
  const data = JSON.stringify(charts).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${style}</style></head>
<body><h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(subtitle)}</p><nav>${nav}</nav>
${body}
<script>${chartLibrary()}</script>
<script>
window.kubesimCharts = [];
const configs = ${data};
configs.forEach(function (config, i) {
  window.kubesimCharts.push(new Chart(document.getElementById('chart-' + i), config));
});
</script>
</body></html>
`;
}
