/**
 * Measures node outages from the store's watches, as a test harness would (no API requests): the
 * last Lease renewal of each node, then for every node that goes silent how long after that
 * renewal its Ready condition became Unknown (`kubesim_node_unknown_after_heartbeat_seconds`), it
 * got the unreachable/not-ready NoExecute taint (`kubesim_node_noexecute_taint_after_heartbeat_seconds`)
 * and its pods were deleted by the taint eviction controller
 * (`kubesim_pod_eviction_after_heartbeat_seconds`); every Ready transition by status
 * (`kubesim_node_ready_transitions_total`) and the nodes carrying the controller's
 * unreachable/not-ready taints (`kubesim_nodes_tainted{effect}`), both sampled.
 */
import { findCondition, objectKey, type Node } from '../../api/objects.js';
import type { ObjectStore, Watch } from '../../api/object-store.js';
import type { Simulation } from '../../engine/simulation.js';
import type { Gauge, Histogram, MetricsSink } from '../../metrics/sink.js';
import { hasTaint, notReadyNoExecute, unreachableNoExecute } from './node-taints.js';
import { deletionByTaintManager } from './taint-eviction-controller.js';

/** Heartbeat-relative times of node outages. */
export class NodeOutageTracker {
  private readonly lastRenewal = new Map<string, number>();
  /** Evicted pods seen marked for deletion and not yet gone. */
  private readonly terminating = new Set<string>();
  private readonly ready = new Map<string, string>();
  private readonly tainted = new Set<string>();
  private readonly noSchedule = new Set<string>();
  private readonly taintedGauge: Gauge;
  private readonly noScheduleGauge: Gauge;
  private readonly watches: Watch[];
  private readonly unknownAfter: Histogram;
  private readonly taintAfter: Histogram;
  private readonly evictionAfter: Histogram;

  constructor(private readonly sim: Simulation, store: ObjectStore, private readonly metrics: MetricsSink) {
    this.unknownAfter = metrics.histogram('kubesim_node_unknown_after_heartbeat_seconds');
    this.taintAfter = metrics.histogram('kubesim_node_noexecute_taint_after_heartbeat_seconds');
    this.evictionAfter = metrics.histogram('kubesim_pod_eviction_after_heartbeat_seconds');
    this.taintedGauge = metrics.gauge('kubesim_nodes_tainted', { effect: 'NoExecute' }, true);
    this.noScheduleGauge = metrics.gauge('kubesim_nodes_tainted', { effect: 'NoSchedule' }, true);
    this.watches = [
      store.watch('Lease', (e) => {
        if (e.type !== 'DELETED' && e.object.metadata.namespace === 'kube-node-lease') this.lastRenewal.set(e.object.metadata.name, e.object.spec.renewTime);
      }, { list: true }),
      store.watch('Node', (e) => {
        if (e.type !== 'DELETED') this.onNode(e.object);
      }, { list: true }),
      store.watch('Pod', (e) => {
        const pod = e.object;
        const key = objectKey(pod.metadata);
        // An eviction counts once, when the watch first shows the pod marked for deletion (graceful) or gone.
        if (e.type === 'DELETED' && this.terminating.delete(key)) return;
        if ((e.type !== 'DELETED' && pod.metadata.deletionTimestamp === undefined) || pod.spec.nodeName === undefined) return;
        if (findCondition(pod.status.conditions, 'DisruptionTarget')?.reason !== deletionByTaintManager) return;
        if (e.type !== 'DELETED') {
          if (this.terminating.has(key)) return;
          this.terminating.add(key);
        }
        this.observe(this.evictionAfter, pod.spec.nodeName);
      }),
    ];
  }

  /** Stops the watches. */
  stop(): void {
    for (const w of this.watches) w.stop();
  }

  private onNode(node: Node): void {
    const name = node.metadata.name;
    const status = findCondition(node.status.conditions, 'Ready')?.status ?? 'Unknown';
    const before = this.ready.get(name);
    this.ready.set(name, status);
    if (before !== undefined && before !== status) {
      this.metrics.counter('kubesim_node_ready_transitions_total', { status }, true).inc();
      if (status === 'Unknown') this.observe(this.unknownAfter, name);
    }
    const tainted = hasTaint(node, unreachableNoExecute) || hasTaint(node, notReadyNoExecute);
    if (tainted && !this.tainted.has(name)) this.observe(this.taintAfter, name);
    if (tainted) this.tainted.add(name);
    else this.tainted.delete(name);
    this.taintedGauge.set(this.tainted.size);
    const noSchedule = (node.spec.taints ?? []).some((t) => t.effect === 'NoSchedule' && (t.key === unreachableNoExecute.key || t.key === notReadyNoExecute.key));
    if (noSchedule) this.noSchedule.add(name);
    else this.noSchedule.delete(name);
    this.noScheduleGauge.set(this.noSchedule.size);
  }

  private observe(h: Histogram, node: string): void {
    const last = this.lastRenewal.get(node);
    if (last !== undefined) h.observe((this.sim.now - last) / 1e6);
  }
}
