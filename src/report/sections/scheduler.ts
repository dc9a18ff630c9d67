/** Scheduler throughput over time, pending pods by queue (incl. unschedulable) and attempt latency. */
import type { ChartSpec } from '../chart-spec.js';
import { thinPoints } from '../chart-spec.js';
import { labelText, seriesOf, type ReportSection } from '../section.js';

/** The scheduler section. */
export const schedulerSection: ReportSection = {
  id: 'scheduler',
  title: 'Scheduler',
  render(run) {
    const charts: ChartSpec[] = [];
    const [scheduled] = seriesOf(run, 'kubesim_pods', { state: 'scheduled' });
    if (scheduled !== undefined && scheduled.t.length > 1) {
      const t: number[] = [];
      const rate: number[] = [];
      for (let i = 1; i < scheduled.t.length; i++) {
        const dt = (scheduled.t[i] as number) - (scheduled.t[i - 1] as number);
        if (dt <= 0) continue;
        t.push(scheduled.t[i] as number);
        rate.push(((scheduled.v[i] as number) - (scheduled.v[i - 1] as number)) / dt);
      }
      charts.push({ title: 'Scheduling throughput', xLabel: 'virtual time (s)', yLabel: 'pods scheduled per second', datasets: [{ label: 'pods/s', data: thinPoints(t, rate) }] });
    }
    const queues = seriesOf(run, 'scheduler_pending_pods');
    if (queues.length > 0) {
      charts.push({
        title: 'Pending pods in the scheduling queue (scheduler_pending_pods)',
        xLabel: 'virtual time (s)',
        yLabel: 'pods',
        datasets: queues.map((s) => ({ label: labelText(s), data: thinPoints(s.t, s.v), stepped: true })),
      });
    }
    const attempts = seriesOf(run, 'scheduler_scheduling_attempt_duration_seconds', { quantile: '0.99' });
    if (attempts.length > 0) {
      charts.push({
        title: 'Scheduling attempt duration p99 per sampling interval',
        xLabel: 'virtual time (s)',
        yLabel: 'seconds',
        datasets: attempts.map((s) => ({ label: labelText(s, ['quantile']), data: thinPoints(s.t, s.v) })),
      });
    }
    return charts.length === 0 ? undefined : { charts };
  },
};
