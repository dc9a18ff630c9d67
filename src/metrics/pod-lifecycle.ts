/**
 * Watches pods the way clusterloader2's pod startup measurement does and records each pod's
 * lifecycle: created, scheduled (PodScheduled), running (Ready) and when a watcher observed it
 * running. The pod startup SLI of SIG scalability is creation to observed running excluding image
 * pulls: without the image model nothing is pulled; with it, the kubelet records the SLI
 * (`kubelet_pod_start_sli_duration_seconds`) and this histogram includes the pulls.
 */
import { findCondition, objectKey, type Pod } from '../api/objects.js';
import type { ObjectStore, Watch, WatchEvent } from '../api/object-store.js';
import type { Micros, Simulation } from '../engine/simulation.js';
import type { Gauge, Histogram, MetricsSink } from './sink.js';

/** One pod's lifecycle times (µs; undefined when the step did not happen). */
export interface PodRecord {
  readonly namespace: string;
  readonly name: string;
  node: string;
  readonly created: Micros;
  scheduled?: Micros | undefined;
  running?: Micros | undefined;
  observedRunning?: Micros | undefined;
  failed?: string | undefined;
}

/** Counts of pods by lifecycle step, as seen through the watch. */
export interface PodCounts {
  created: number;
  scheduled: number;
  running: number;
  failed: number;
  deleted: number;
}

/** Records pod lifecycles from a watch and feeds the startup SLI histogram and gauges. */
export class PodLifecycleTracker {
  /** Records by pod key in the order pods were first observed. */
  readonly records = new Map<string, PodRecord>();
  readonly counts: PodCounts = { created: 0, scheduled: 0, running: 0, failed: 0, deleted: 0 };
  private readonly listeners = new Set<() => void>();
  private readonly watch: Watch;
  private readonly gauges: { readonly created: Gauge; readonly scheduled: Gauge; readonly running: Gauge };
  private readonly startup: Histogram;

  constructor(private readonly sim: Simulation, store: ObjectStore, metrics: MetricsSink) {
    this.watch = store.watch('Pod', (e) => this.onPod(e));
    this.gauges = {
      created: metrics.gauge('kubesim_pods', { state: 'created' }, true),
      scheduled: metrics.gauge('kubesim_pods', { state: 'scheduled' }, true),
      running: metrics.gauge('kubesim_pods', { state: 'running' }, true),
    };
    this.startup = metrics.histogram('pod_startup_latency_seconds');
    metrics.quantilesOverTime.add('pod_startup_latency_seconds');
  }

  /** Calls `listener` after every change of the counts until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops watching. */
  stop(): void {
    this.watch.stop();
  }

  private onPod(e: WatchEvent<'Pod'>): void {
    const pod = e.object;
    const key = objectKey(pod.metadata);
    let rec = this.records.get(key);
    if (rec === undefined) {
      // Every field from the start: one shape for all records, none grown field by field.
      rec = { namespace: pod.metadata.namespace ?? '', name: pod.metadata.name, node: '', created: pod.metadata.creationTimestamp, scheduled: undefined, running: undefined, observedRunning: undefined, failed: undefined };
      this.records.set(key, rec);
      this.counts.created++;
    }
    if (e.type === 'DELETED') this.counts.deleted++;
    else this.update(rec, pod);
    this.gauges.created.set(this.counts.created);
    this.gauges.scheduled.set(this.counts.scheduled);
    this.gauges.running.set(this.counts.running);
    for (const l of this.listeners) l();
  }

  private update(rec: PodRecord, pod: Pod): void {
    if (rec.scheduled === undefined && pod.spec.nodeName !== undefined) {
      rec.node = pod.spec.nodeName;
      rec.scheduled = findCondition(pod.status.conditions, 'PodScheduled')?.lastTransitionTime ?? this.sim.now;
      this.counts.scheduled++;
    }
    if (rec.failed === undefined && pod.status.phase === 'Failed') {
      rec.failed = pod.status.reason ?? 'Failed';
      this.counts.failed++;
    }
    if (rec.observedRunning === undefined && pod.status.phase === 'Running') {
      rec.running = findCondition(pod.status.conditions, 'Ready')?.lastTransitionTime ?? this.sim.now;
      rec.observedRunning = this.sim.now;
      this.counts.running++;
      this.startup.observe((this.sim.now - rec.created) / 1e6);
    }
  }
}
