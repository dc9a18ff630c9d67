/** Pod startup latency (SIG-scalability SLI) as a distribution against the 5 s SLO, and over time. */
import { max } from 'd3-array';
import { ecdfPoints, thinPoints } from '../chart-spec.js';
import { labelText, seriesOf, type ReportSection } from '../section.js';

/** SLO objective for pod startup p99 (REFERENCE.md, kube-apiserver SLOs). */
const objective = 5;

/** The pod startup section. */
export const podStartup: ReportSection = {
  id: 'startup',
  title: 'Pod startup latency',
  render(run) {
    const latencies = run.pods.flatMap((p) => (p.startup === undefined ? [] : [p.startup]));
    if (latencies.length === 0) return undefined;
    const over = seriesOf(run, 'pod_startup_latency_seconds');
    return {
      charts: [
        {
          title: `Pod startup latency distribution (${latencies.length} pods) against the ${objective} s p99 SLO`,
          xLabel: 'startup latency (s)',
          yLabel: 'fraction of pods',
          yMin: 0,
          yMax: 1,
          datasets: [
            { label: 'pods started within x', data: ecdfPoints(latencies), stepped: true },
            { label: `SLO: p99 <= ${objective} s`, data: [{ x: objective, y: 0 }, { x: objective, y: 1 }], dashed: true },
            { label: 'p99 = 0.99', data: [{ x: 0, y: 0.99 }, { x: Math.max(objective, max(latencies) ?? 0), y: 0.99 }], dashed: true },
          ],
        },
        ...(over.length === 0
          ? []
          : [
              {
                title: 'Pod startup latency per sampling interval',
                xLabel: 'virtual time (s)',
                yLabel: 'seconds',
                datasets: over.map((s) => ({ label: labelText(s), data: thinPoints(s.t, s.v) })),
              },
            ]),
      ],
    };
  },
};
