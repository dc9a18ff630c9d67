/** Node-pressure evictions over virtual time by signal and QoS class (from `kubelet_evictions{eviction_signal,qos_class}`). */
import { thinPoints } from '../chart-spec.js';
import { labelText, seriesOf, type ReportSection } from '../section.js';

/** The evictions section: shown when some pod was evicted. */
export const evictionsSection: ReportSection = {
  id: 'evictions',
  title: 'Node-pressure evictions',
  render(run) {
    const series = seriesOf(run, 'kubelet_evictions');
    if (series.length === 0) return undefined;
    return {
      charts: [
        {
          title: 'Pods evicted (cumulative) by signal and QoS class',
          xLabel: 'virtual time (s)',
          yLabel: 'pods evicted',
          datasets: series.map((s) => ({ label: labelText(s), data: thinPoints(s.t, s.v), stepped: true })),
        },
      ],
    };
  },
};
