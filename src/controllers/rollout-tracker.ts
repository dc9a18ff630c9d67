/**
 * What a rollout costs, measured from the controller manager's informers (no watch of its own): a
 * rollout starts when a Deployment's pod template changes and ends when `kubectl rollout status`
 * would return — complete, or past its progress deadline (whichever of the informers and a
 * `rolloutStatus` op's own watch sees it first). While one runs it tracks the
 * Deployment's pods: the most at once (what maxSurge costs), the fewest ready (what a Service can
 * send traffic to) and the seconds with fewer ready than desired, and pods that failed.
 *
 * Metrics: `kubesim_rollout_duration_seconds` (histogram), `kubesim_rollouts_total{result}`
 * (started, complete, progress_deadline_exceeded), `kubesim_rollout_max_pods`,
 * `kubesim_rollout_min_ready_pods`, `kubesim_rollout_below_desired_seconds`,
 * `kubesim_rollout_pod_failures_total`.
 */
import type { Deployment } from '../api/apps.js';
import { canonicalJson } from '../api/canonical-json.js';
import { objectKey, type Pod } from '../api/objects.js';
import type { Micros, Simulation } from '../engine/simulation.js';
import type { Gauge, MetricsSink } from '../metrics/sink.js';
import { rolloutVerdict } from './deployment/rollout-verdict.js';
import { controllerOf, type SharedInformerFactory } from './informer.js';
import { isPodActive, isPodReady } from './pod-readiness.js';

interface Tracked {
  desired: number;
  pods: number;
  ready: number;
  rolling: boolean;
  start: Micros;
  since: Micros;
}

/** Records the rollouts of every Deployment the informers see. */
export class RolloutTracker {
  private readonly tracked = new Map<string, Tracked>();
  /** Pod key → the Deployment it counts for, and whether it counted as active / ready. */
  private readonly podState = new Map<string, { deployment: string; active: boolean; ready: boolean }>();
  private maxPods: Gauge | undefined;
  private minReady: Gauge | undefined;

  constructor(private readonly sim: Simulation, informers: SharedInformerFactory, private readonly metrics: MetricsSink) {
    const replicaSets = informers.informerFor('ReplicaSet');
    const deploymentOf = (pod: Pod): string | undefined => {
      const ref = controllerOf(pod.metadata);
      if (ref?.kind !== 'ReplicaSet') return undefined;
      const ns = pod.metadata.namespace ?? 'default';
      const rs = replicaSets.get(objectKey({ name: ref.name, namespace: ns }));
      const d = rs === undefined ? undefined : controllerOf(rs.metadata);
      return d?.kind === 'Deployment' ? objectKey({ name: d.name, namespace: ns }) : undefined;
    };
    informers.informerFor('Pod').addEventHandler({
      onAdd: (pod) => this.pod(pod, deploymentOf(pod)),
      onUpdate: (_old, pod) => this.pod(pod, this.podState.get(objectKey(pod.metadata))?.deployment ?? deploymentOf(pod)),
      onDelete: (pod) => this.pod(undefined, this.podState.get(objectKey(pod.metadata))?.deployment, objectKey(pod.metadata)),
    });
    informers.informerFor('Deployment').addEventHandler({
      onAdd: (d) => this.deployment(undefined, d),
      onUpdate: (old, d) => this.deployment(old, d),
      onDelete: (d) => this.tracked.delete(objectKey(d.metadata)),
    });
  }

  /** A watcher outside the informers (`rolloutStatus`, as kubectl) saw `d`: a rollout it sees finished ends now if the informers have not seen that yet. */
  observed(d: Deployment): void {
    if (this.tracked.get(objectKey(d.metadata))?.rolling === true) this.deployment(undefined, d);
  }

  private entry(key: string): Tracked {
    let t = this.tracked.get(key);
    if (t === undefined) this.tracked.set(key, (t = { desired: 0, pods: 0, ready: 0, rolling: false, start: 0, since: 0 }));
    return t;
  }

  private deployment(old: Deployment | undefined, d: Deployment): void {
    const t = this.entry(objectKey(d.metadata));
    this.account(t);
    t.desired = d.spec.replicas;
    if (old !== undefined && !t.rolling && canonicalJson(old.spec.template) !== canonicalJson(d.spec.template)) {
      t.rolling = true;
      t.start = this.sim.now;
      t.since = this.sim.now;
      this.metrics.counter('kubesim_rollouts_total', { result: 'started' }).inc();
      this.observe(t);
    }
    if (!t.rolling) return;
    const verdict = rolloutVerdict(d);
    if (verdict === 'waiting') return;
    t.rolling = false;
    this.metrics.counter('kubesim_rollouts_total', { result: verdict === 'done' ? 'complete' : 'progress_deadline_exceeded' }).inc();
    if (verdict === 'done') this.metrics.histogram('kubesim_rollout_duration_seconds').observe((this.sim.now - t.start) / 1e6);
  }

  private pod(pod: Pod | undefined, deployment: string | undefined, deletedKey?: string): void {
    const key = pod === undefined ? (deletedKey as string) : objectKey(pod.metadata);
    const before = this.podState.get(key);
    if (deployment === undefined) return;
    const t = this.entry(deployment);
    this.account(t);
    const active = pod !== undefined && isPodActive(pod);
    const ready = active && pod !== undefined && isPodReady(pod);
    t.pods += (active ? 1 : 0) - (before?.active === true ? 1 : 0);
    t.ready += (ready ? 1 : 0) - (before?.ready === true ? 1 : 0);
    if (pod === undefined) this.podState.delete(key);
    else this.podState.set(key, { deployment, active, ready });
    if (t.rolling && pod?.status.phase === 'Failed' && before?.active === true) this.metrics.counter('kubesim_rollout_pod_failures_total').inc();
    if (t.rolling) this.observe(t);
  }

  /** Adds the time since the last change to the below-desired seconds. */
  private account(t: Tracked): void {
    if (!t.rolling) return;
    const now = this.sim.now;
    if (t.ready < t.desired && now > t.since) this.metrics.counter('kubesim_rollout_below_desired_seconds').inc((now - t.since) / 1e6);
    t.since = now;
  }

  private observe(t: Tracked): void {
    this.maxPods ??= this.metrics.gauge('kubesim_rollout_max_pods');
    if (this.minReady === undefined) {
      this.minReady = this.metrics.gauge('kubesim_rollout_min_ready_pods');
      this.minReady.set(t.ready);
    }
    if (t.pods > this.maxPods.value) this.maxPods.set(t.pods);
    if (t.ready < this.minReady.value) this.minReady.set(t.ready);
  }
}
