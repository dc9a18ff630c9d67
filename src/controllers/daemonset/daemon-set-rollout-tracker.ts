/**
 * What a DaemonSet rollout costs, measured from the controller manager's informers: a rollout
 * starts when the pod template changes and ends when `kubectl rollout status daemonset/...` would
 * return (daemonSetRolloutDone). While one runs it records the most nodes without an available
 * daemon pod (from the status the controller writes: numberUnavailable) and the most active pods
 * of the set at once (what maxSurge costs).
 *
 * Metrics: `kubesim_daemonset_rollout_duration_seconds` (histogram),
 * `kubesim_daemonset_rollouts_total{result="started|complete"}`,
 * `kubesim_daemonset_rollout_max_unavailable`, `kubesim_daemonset_rollout_max_pods`.
 */
import type { DaemonSet } from '../../api/apps.js';
import { canonicalJson } from '../../api/canonical-json.js';
import { objectKey } from '../../api/objects.js';
import type { Micros, Simulation } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import { controllerOf, type SharedInformerFactory } from '../informer.js';
import { isPodActive } from '../pod-readiness.js';

/** kubectl's DaemonSetStatusViewer: the generation observed, every node updated and available. */
export function daemonSetRolloutDone(ds: DaemonSet): boolean {
  const s = ds.status;
  return (s.observedGeneration ?? 0) >= (ds.metadata.generation ?? 1) && s.updatedNumberScheduled >= s.desiredNumberScheduled && s.numberAvailable >= s.desiredNumberScheduled;
}

/** Records the rollouts of every DaemonSet the informers see. */
export class DaemonSetRolloutTracker {
  private readonly rolling = new Map<string, Micros>();
  private readonly active = new Map<string, Set<string>>();

  constructor(private readonly sim: Simulation, informers: SharedInformerFactory, private readonly metrics: MetricsSink) {
    informers.informerFor('DaemonSet').addEventHandler({
      onUpdate: (old, ds) => this.daemonSet(old, ds),
      onDelete: (ds) => this.rolling.delete(objectKey(ds.metadata)),
    });
    const pod = (p: Parameters<typeof isPodActive>[0], gone: boolean): void => {
      const ref = controllerOf(p.metadata);
      if (ref?.kind !== 'DaemonSet') return;
      const key = objectKey({ name: ref.name, namespace: p.metadata.namespace ?? 'default' });
      let set = this.active.get(key);
      if (set === undefined) this.active.set(key, (set = new Set()));
      if (!gone && isPodActive(p)) set.add(p.metadata.name);
      else set.delete(p.metadata.name);
      if (this.rolling.has(key)) this.max('kubesim_daemonset_rollout_max_pods', set.size);
    };
    informers.informerFor('Pod').addEventHandler({ onAdd: (p) => pod(p, false), onUpdate: (_o, p) => pod(p, false), onDelete: (p) => pod(p, true) });
  }

  /** A watcher outside the informers (`rolloutStatus`) saw `ds`: a rollout it sees finished ends now if the informers have not seen that yet. */
  observed(ds: DaemonSet): void {
    if (this.rolling.has(objectKey(ds.metadata))) this.daemonSet(ds, ds);
  }

  private daemonSet(old: DaemonSet, ds: DaemonSet): void {
    const key = objectKey(ds.metadata);
    if (!this.rolling.has(key) && canonicalJson(old.spec.template) !== canonicalJson(ds.spec.template)) {
      this.rolling.set(key, this.sim.now);
      this.metrics.counter('kubesim_daemonset_rollouts_total', { result: 'started' }).inc();
      this.max('kubesim_daemonset_rollout_max_pods', this.active.get(key)?.size ?? 0);
    }
    const start = this.rolling.get(key);
    if (start === undefined) return;
    this.max('kubesim_daemonset_rollout_max_unavailable', ds.status.numberUnavailable);
    if (!daemonSetRolloutDone(ds)) return;
    this.rolling.delete(key);
    this.metrics.counter('kubesim_daemonset_rollouts_total', { result: 'complete' }).inc();
    this.metrics.histogram('kubesim_daemonset_rollout_duration_seconds').observe((this.sim.now - start) / 1e6);
  }

  private max(name: string, v: number): void {
    const g = this.metrics.gauge(name);
    if (v > g.value) g.set(v);
  }
}
