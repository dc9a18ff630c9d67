/** Scheduler throughput over time, pending pods by queue (incl. unschedulable) and attempt latency. */
import type { ChartSpec } from '../chart-spec.js';
import { thinPoints } from '../chart-spec.js';
import { ratePerSecond } from '../derived-series.js';
import { labelText, seriesOf, type ReportSection } from '../section.js';

/** The scheduler section. */
export const schedulerSection: ReportSection = {
  id: 'scheduler',
  title: 'Scheduler',
  render(run) {
    const charts: ChartSpec[] = [];
    const [scheduled] = seriesOf(run, 'kubesim_pods', { state: 'scheduled' });
    if (scheduled !== undefined && scheduled.t.length > 1) {
      charts.push({ title: 'Scheduling throughput', xLabel: 'virtual time (s)', yLabel: 'pods scheduled per second', datasets: [{ label: 'pods/s', data: thinPoints(...ratePerSecond(scheduled.t, scheduled.v)) }] });
    }
    const counts = [...seriesOf(run, 'scheduler_schedule_attempts_total'), ...seriesOf(run, 'scheduler_preemption_attempts_total')];
    if (counts.length > 0) {
      charts.push({
        title: 'Scheduling attempts per second by result (scheduler_schedule_attempts_total, scheduler_preemption_attempts_total)',
        xLabel: 'virtual time (s)',
        yLabel: 'attempts per second',
        datasets: counts.map((s) => ({ label: s.name === 'scheduler_preemption_attempts_total' ? 'preemption' : labelText(s, ['profile']), data: thinPoints(...ratePerSecond(s.t, s.v)) })),
      });
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
