/** Pods pending, scheduled and running/ready over virtual time (from `kubesim_pods{state}`). */
import { thinPoints } from '../chart-spec.js';
import { seriesOf, type ReportSection } from '../section.js';

/** The pods-over-time section. */
export const podsOverTime: ReportSection = {
  id: 'pods',
  title: 'Pods over time',
  render(run) {
    const [created] = seriesOf(run, 'kubesim_pods', { state: 'created' });
    const [scheduled] = seriesOf(run, 'kubesim_pods', { state: 'scheduled' });
    const [running] = seriesOf(run, 'kubesim_pods', { state: 'running' });
    if (created === undefined || scheduled === undefined || running === undefined) return undefined;
    const pending = created.v.map((c, i) => c - (scheduled.v[i] ?? 0));
    return {
      charts: [
        {
          title: 'Pods by state',
          xLabel: 'virtual time (s)',
          yLabel: 'pods',
          datasets: [
            { label: 'pending (created, not scheduled)', data: thinPoints(created.t, pending), stepped: true },
            { label: 'scheduled', data: thinPoints(scheduled.t, scheduled.v), stepped: true },
            { label: 'running and ready', data: thinPoints(running.t, running.v), stepped: true },
          ],
        },
      ],
    };
  },
};
