/** `metrics.prom`: the final metrics in Prometheus text exposition format (summaries with quantile labels). */
import { splitSeriesName } from '../series-name.js';
import type { RunReport } from './run-report.js';

/** Renders counters and gauges as `untyped` samples and histograms as `summary` families. */
export function renderPrometheus(r: RunReport): string {
  const lines: string[] = [];
  const typed = new Set<string>();
  for (const [series, value] of Object.entries(r.metrics)) {
    const { name, labels } = splitSeriesName(series);
    if (typeof value === 'number') {
      if (!typed.has(name)) {
        lines.push(`# TYPE ${name} untyped`);
        typed.add(name);
      }
      lines.push(`${series} ${value}`);
      continue;
    }
    if (!typed.has(name)) {
      lines.push(`# TYPE ${name} summary`);
      typed.add(name);
    }
    const sep = labels === '' ? '' : `${labels},`;
    for (const [q, v] of [['0.5', value.p50], ['0.9', value.p90], ['0.99', value.p99]] as const) {
      lines.push(`${name}{${sep}quantile="${q}"} ${v}`);
    }
    const suffix = labels === '' ? '' : `{${labels}}`;
    lines.push(`${name}_sum${suffix} ${Number((value.mean * value.count).toPrecision(12))}`);
    lines.push(`${name}_count${suffix} ${value.count}`);
  }
  return `${lines.join('\n')}\n`;
}
