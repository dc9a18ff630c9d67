/** CPU in use on each kube-apiserver replica over time: the rate of `process_cpu_seconds_total`, in cores busy. */
import { thinPoints, type ChartSpec } from '../chart-spec.js';
import { ratePerSecond } from '../derived-series.js';
import type { RunData } from '../run-data.js';
import { seriesOf } from '../section.js';

/** The apiserver CPU chart, or none when no replica was sampled. */
export function apiserverCpuCharts(run: RunData): ChartSpec[] {
  const cpu = seriesOf(run, 'process_cpu_seconds_total').filter((s) => s.labels['apiserver'] !== undefined);
  if (cpu.length === 0) return [];
  return [
    {
      title: 'apiserver CPU busy per replica (rate of process_cpu_seconds_total)',
      xLabel: 'virtual time (s)',
      yLabel: 'cores busy',
      yMin: 0,
      datasets: cpu.map((s) => ({ label: `apiserver ${s.labels['apiserver'] ?? ''}`, data: thinPoints(...ratePerSecond(s.t, s.v)) })),
    },
  ];
}
