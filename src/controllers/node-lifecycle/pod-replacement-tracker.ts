/**
 * Measures how long after a failed node's last Lease renewal the pods the taint eviction
 * controller evicted from it run again elsewhere (`kubesim_pod_replacement_running_after_heartbeat_seconds`):
 * each evicted pod owned by a controller (a ReplicaSet, StatefulSet, ...) is paired, first in
 * first out, with the next pod of the same owner created after the eviction that runs on another
 * node. Read from the store's watches, as a test harness would (no API requests); pods without an
 * owner are never replaced and are not counted.
 */
import { findCondition, objectKey, type Pod } from '../../api/objects.js';
import type { ObjectStore, Watch } from '../../api/object-store.js';
import type { Micros, Simulation } from '../../engine/simulation.js';
import type { Histogram, MetricsSink } from '../../metrics/sink.js';
import { deletionByTaintManager } from './taint-eviction-controller.js';

interface Evicted {
  readonly node: string;
  readonly at: Micros;
}

/** Pairs evicted controller-owned pods with their replacements once those run. */
export class PodReplacementTracker {
  private readonly lastRenewal = new Map<string, number>();
  private readonly pendingByOwner = new Map<string, Evicted[]>();
  private readonly seen = new Set<string>();
  private readonly replacementAfter: Histogram;
  private readonly watches: Watch[];

  constructor(private readonly sim: Simulation, store: ObjectStore, metrics: MetricsSink) {
    this.replacementAfter = metrics.histogram('kubesim_pod_replacement_running_after_heartbeat_seconds');
    this.watches = [
      store.watch('Lease', (e) => {
        if (e.type !== 'DELETED' && e.object.metadata.namespace === 'kube-node-lease') this.lastRenewal.set(e.object.metadata.name, e.object.spec.renewTime);
      }, { list: true }),
      store.watch('Pod', (e) => this.onPod(e.type, e.object)),
    ];
  }

  /** Stops the watches. */
  stop(): void {
    for (const w of this.watches) w.stop();
  }

  private onPod(type: string, pod: Pod): void {
    const owner = ownerKey(pod);
    const node = pod.spec.nodeName;
    if (owner === undefined || node === undefined) return;
    const key = objectKey(pod.metadata);
    if (this.seen.has(key)) {
      if (type === 'DELETED') this.seen.delete(key);
      return;
    }
    const evicted = (type === 'DELETED' || pod.metadata.deletionTimestamp !== undefined) && findCondition(pod.status.conditions, 'DisruptionTarget')?.reason === deletionByTaintManager;
    if (evicted) {
      this.seen.add(key);
      const list = this.pendingByOwner.get(owner) ?? [];
      // The DELETE's own time (the watch may show it later than the ReplicaSet controller saw it).
      const m = pod.metadata;
      const at = m.deletionTimestamp === undefined ? this.sim.now : m.deletionTimestamp - (m.deletionGracePeriodSeconds ?? 0) * 1e6;
      list.push({ node, at });
      this.pendingByOwner.set(owner, list);
      if (type === 'DELETED') this.seen.delete(key);
      return;
    }
    if (type === 'DELETED' || pod.status.phase !== 'Running' || pod.metadata.deletionTimestamp !== undefined) return;
    const pending = this.pendingByOwner.get(owner);
    const first = pending?.[0];
    if (pending === undefined || first === undefined || node === first.node || pod.metadata.creationTimestamp < first.at) return;
    pending.shift();
    this.seen.add(key);
    const last = this.lastRenewal.get(first.node);
    if (last !== undefined) this.replacementAfter.observe((this.sim.now - last) / 1e6);
  }
}

function ownerKey(pod: Pod): string | undefined {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller === true) ?? pod.metadata.ownerReferences?.[0];
  return ref === undefined ? undefined : `${pod.metadata.namespace ?? 'default'}/${ref.kind}/${ref.name}`;
}
