/**
 * APF metric handles, looked up once per (priority level, flow schema) and per priority level,
 * with upstream names and labels (staging/src/k8s.io/apiserver/pkg/util/flowcontrol/metrics/metrics.go:
 * namespace `apiserver`, subsystem `flowcontrol`, labels `priority_level`, `flow_schema`, `reason`, `execute`).
 */
import type { Counter, Gauge, Histogram, MetricsSink } from '../../../metrics/sink.js';
import type { Labels } from '../../../metrics/series-name.js';
import type { RejectReason } from './request-digest.js';

/** Histogram of time spent queued (seconds); added to the sink's quantiles over time. */
export const requestWaitDurationSeconds = 'apiserver_flowcontrol_request_wait_duration_seconds';

/** The series one (priority level, flow schema) pair writes; rejection series appear on first use. */
export class FlowSchemaMetrics {
  /** `apiserver_flowcontrol_current_inqueue_requests` (sampled). */
  readonly inqueueRequests: Gauge;
  /** `apiserver_flowcontrol_current_executing_seats` (sampled; includes seats held for final work). */
  readonly executingSeats: Gauge;
  /** `apiserver_flowcontrol_dispatched_requests_total` (sampled). */
  readonly dispatched: Counter;
  /** Wait of requests that were dispatched (`execute="true"`). */
  readonly waitDispatched: Histogram;
  private waitRejectedHistogram: Histogram | undefined;
  private readonly rejectedCounters = new Map<RejectReason, Counter>();

  constructor(
    private readonly sink: MetricsSink,
    private readonly labels: Labels,
  ) {
    this.inqueueRequests = sink.gauge('apiserver_flowcontrol_current_inqueue_requests', labels, true);
    this.executingSeats = sink.gauge('apiserver_flowcontrol_current_executing_seats', labels, true);
    this.dispatched = sink.counter('apiserver_flowcontrol_dispatched_requests_total', labels, true);
    this.waitDispatched = sink.histogram(requestWaitDurationSeconds, { ...labels, execute: 'true' });
  }

  /** Wait of requests rejected after or instead of queuing (`execute="false"`). */
  get waitRejected(): Histogram {
    return (this.waitRejectedHistogram ??= this.sink.histogram(requestWaitDurationSeconds, { ...this.labels, execute: 'false' }));
  }

  /** `apiserver_flowcontrol_rejected_requests_total{reason}` (sampled). */
  rejected(reason: RejectReason): Counter {
    let c = this.rejectedCounters.get(reason);
    if (c === undefined) this.rejectedCounters.set(reason, (c = this.sink.counter('apiserver_flowcontrol_rejected_requests_total', { ...this.labels, reason }, true)));
    return c;
  }
}

/** The series of one priority level. */
export class PriorityLevelMetrics {
  /** `apiserver_flowcontrol_nominal_limit_seats`. */
  readonly nominalLimitSeats: Gauge;
  /** `apiserver_flowcontrol_current_limit_seats` (sampled: it moves with borrowing). */
  readonly currentLimitSeats: Gauge;

  constructor(sink: MetricsSink, labels: Labels) {
    this.nominalLimitSeats = sink.gauge('apiserver_flowcontrol_nominal_limit_seats', labels);
    this.currentLimitSeats = sink.gauge('apiserver_flowcontrol_current_limit_seats', labels, true);
  }
}
