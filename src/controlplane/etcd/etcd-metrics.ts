/**
 * Metric handles of one simulated etcd cluster, upstream names with the label `cluster`. Looked up
 * once; request-duration histograms are cached per (operation, type).
 */
import type { Counter, Gauge, Histogram, MetricsSink } from '../../metrics/sink.js';
import type { EtcdOperation } from './etcd-backend.js';

type Operation = EtcdOperation<unknown>['operation'];

const OPERATIONS: readonly Operation[] = ['create', 'update', 'delete', 'get', 'list'];

/** The metrics an EtcdCluster writes. */
export class EtcdMetrics {
  readonly walFsync: Histogram;
  readonly backendCommit: Histogram;
  readonly dbSize: Gauge;
  readonly dbSizeInUse: Gauge;
  readonly quota: Gauge;
  readonly hasLeader: Gauge;
  readonly leaderChanges: Counter;
  readonly heartbeatSendFailures: Counter;
  readonly proposalsCommitted: Counter;
  readonly proposalsApplied: Counter;
  readonly proposalsFailed: Counter;
  readonly proposalsPending: Gauge;
  private readonly requestDurations = new Map<string, Array<Histogram | undefined>>();

  constructor(private readonly sink: MetricsSink, private readonly cluster: string) {
    const l = { cluster };
    this.walFsync = sink.histogram('etcd_disk_wal_fsync_duration_seconds', l);
    this.backendCommit = sink.histogram('etcd_disk_backend_commit_duration_seconds', l);
    this.dbSize = sink.gauge('etcd_mvcc_db_total_size_in_bytes', l, true);
    this.dbSizeInUse = sink.gauge('etcd_mvcc_db_total_size_in_use_in_bytes', l, true);
    this.quota = sink.gauge('etcd_server_quota_backend_bytes', l);
    this.hasLeader = sink.gauge('etcd_server_has_leader', l, true);
    this.leaderChanges = sink.counter('etcd_server_leader_changes_seen_total', l, true);
    this.heartbeatSendFailures = sink.counter('etcd_server_heartbeat_send_failures_total', l);
    this.proposalsCommitted = sink.counter('etcd_server_proposals_committed_total', l);
    this.proposalsApplied = sink.counter('etcd_server_proposals_applied_total', l);
    this.proposalsFailed = sink.counter('etcd_server_proposals_failed_total', l);
    this.proposalsPending = sink.gauge('etcd_server_proposals_pending', l);
    for (const name of ['etcd_request_duration_seconds', 'etcd_disk_wal_fsync_duration_seconds', 'etcd_disk_backend_commit_duration_seconds']) {
      sink.quantilesOverTime.add(name);
    }
  }

  /** The apiserver-side `etcd_request_duration_seconds{cluster,operation,type}` histogram. */
  requestDuration(operation: Operation, type: string): Histogram {
    let byOp = this.requestDurations.get(type);
    if (byOp === undefined) this.requestDurations.set(type, (byOp = []));
    const i = OPERATIONS.indexOf(operation);
    let h = byOp[i];
    if (h === undefined) byOp[i] = h = this.sink.histogram('etcd_request_duration_seconds', { cluster: this.cluster, operation, type });
    return h;
  }
}
