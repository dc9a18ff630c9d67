/**
 * What a rollout costs, measured from the controller manager's informers (no watch of its own): a
 * rollout starts when a Deployment's or StatefulSet's pod template changes (or a StatefulSet's
 * partition is lowered, resuming a partitioned rollout) and ends when `kubectl
 * rollout status` would return — complete, or past a Deployment's progress deadline (whichever of
 * the informers and a `rolloutStatus` op's own watch sees it first). While one runs it tracks the
 * workload's pods: the most at once (what maxSurge costs), the fewest ready (what a Service can
 * send traffic to) and the seconds with fewer ready than desired, and pods that failed. It also
 * times how long a new workload takes to have every replica ready for the first time (what
 * OrderedReady costs against Parallel).
 *
 * Metrics: `kubesim_rollout_duration_seconds` (histogram), `kubesim_rollouts_total{result}`
 * (started, complete, progress_deadline_exceeded), `kubesim_rollout_max_pods`,
 * `kubesim_rollout_min_ready_pods`, `kubesim_rollout_below_desired_seconds`,
 * `kubesim_rollout_pod_failures_total`, `kubesim_workload_ready_seconds` (histogram: creation to
 * all replicas ready).
 */
import type { Deployment, StatefulSet } from '../api/apps.js';
import { canonicalJson } from '../api/canonical-json.js';
import { objectKey, type ObjectMeta, type Pod } from '../api/objects.js';
import type { Micros, Simulation } from '../engine/simulation.js';
import type { Gauge, MetricsSink } from '../metrics/sink.js';
import { rolloutVerdict } from './deployment/rollout-verdict.js';
import { controllerOf, type SharedInformerFactory } from './informer.js';
import { isPodActive, isPodReady } from './pod-readiness.js';
import { statefulSetRolloutVerdict } from './statefulset/stateful-set-rollout-verdict.js';

/** A workload whose rollouts are tracked. */
type Workload = Deployment | StatefulSet;

interface Tracked {
  desired: number;
  pods: number;
  ready: number;
  rolling: boolean;
  start: Micros;
  since: Micros;
  /** Creation time while the workload has not yet had every replica ready; undefined after. */
  created: Micros | undefined;
}

/** Key of a workload in the tracker: kind, namespace and name. */
function workloadKey(kind: Workload['kind'], meta: Pick<ObjectMeta, 'name' | 'namespace'>): string {
  return `${kind}/${objectKey({ name: meta.name, namespace: meta.namespace ?? 'default' })}`;
}

/** `kubectl rollout status`'s verdict for either kind (an OnDelete StatefulSet has no rollout to wait for). */
function verdictOf(w: Workload): 'done' | 'waiting' | 'failed' {
  if (w.kind === 'Deployment') return rolloutVerdict(w);
  const v = statefulSetRolloutVerdict(w);
  return v === 'unsupported' ? 'done' : v;
}

/** A StatefulSet's RollingUpdate partition (0 for other workloads and strategies). */
function partitionOf(w: Workload): number {
  return w.kind === 'StatefulSet' && w.spec.updateStrategy.type === 'RollingUpdate' ? w.spec.updateStrategy.rollingUpdate.partition : 0;
}

/** Lowering a StatefulSet's partition (the second step of a partitioned canary) resumes its rollout. */
function partitionLowered(old: Workload, w: Workload): boolean {
  return partitionOf(w) < partitionOf(old);
}

/** Records the rollouts of every Deployment and StatefulSet the informers see. */
export class RolloutTracker {
  private readonly tracked = new Map<string, Tracked>();
  /** Pod key → the workload it counts for, and whether it counted as active / ready. */
  private readonly podState = new Map<string, { workload: string; active: boolean; ready: boolean }>();
  private maxPods: Gauge | undefined;
  private minReady: Gauge | undefined;

  constructor(private readonly sim: Simulation, informers: SharedInformerFactory, private readonly metrics: MetricsSink) {
    const replicaSets = informers.informerFor('ReplicaSet');
    const workloadOf = (pod: Pod): string | undefined => {
      const ref = controllerOf(pod.metadata);
      const ns = pod.metadata.namespace ?? 'default';
      if (ref?.kind === 'StatefulSet') return workloadKey('StatefulSet', { name: ref.name, namespace: ns });
      if (ref?.kind !== 'ReplicaSet') return undefined;
      const rs = replicaSets.get(objectKey({ name: ref.name, namespace: ns }));
      const d = rs === undefined ? undefined : controllerOf(rs.metadata);
      return d?.kind === 'Deployment' ? workloadKey('Deployment', { name: d.name, namespace: ns }) : undefined;
    };
    informers.informerFor('Pod').addEventHandler({
      onAdd: (pod) => this.pod(pod, workloadOf(pod)),
      onUpdate: (_old, pod) => this.pod(pod, this.podState.get(objectKey(pod.metadata))?.workload ?? workloadOf(pod)),
      onDelete: (pod) => this.pod(undefined, this.podState.get(objectKey(pod.metadata))?.workload, objectKey(pod.metadata)),
    });
    for (const kind of ['Deployment', 'StatefulSet'] as const) {
      informers.informerFor(kind).addEventHandler({
        onAdd: (w) => this.workload(undefined, w),
        onUpdate: (old, w) => this.workload(old, w),
        onDelete: (w) => this.tracked.delete(workloadKey(w.kind, w.metadata)),
      });
    }
  }

  /** A watcher outside the informers (`rolloutStatus`, as kubectl) saw `w`: a rollout it sees finished ends now if the informers have not seen that yet. */
  observed(w: Workload): void {
    if (this.tracked.get(workloadKey(w.kind, w.metadata))?.rolling === true) this.workload(undefined, w);
  }

  private entry(key: string): Tracked {
    let t = this.tracked.get(key);
    if (t === undefined) this.tracked.set(key, (t = { desired: 0, pods: 0, ready: 0, rolling: false, start: 0, since: 0, created: undefined }));
    return t;
  }

  private workload(old: Workload | undefined, w: Workload): void {
    const known = this.tracked.has(workloadKey(w.kind, w.metadata));
    const t = this.entry(workloadKey(w.kind, w.metadata));
    if (!known) t.created = w.metadata.creationTimestamp;
    this.account(t);
    t.desired = w.spec.replicas;
    this.firstReady(t);
    if (old !== undefined && !t.rolling && (canonicalJson(old.spec.template) !== canonicalJson(w.spec.template) || partitionLowered(old, w))) {
      t.rolling = true;
      t.start = this.sim.now;
      t.since = this.sim.now;
      this.metrics.counter('kubesim_rollouts_total', { result: 'started' }).inc();
      this.observe(t);
    }
    if (!t.rolling) return;
    const verdict = verdictOf(w);
    if (verdict === 'waiting') return;
    t.rolling = false;
    this.metrics.counter('kubesim_rollouts_total', { result: verdict === 'done' ? 'complete' : 'progress_deadline_exceeded' }).inc();
    if (verdict === 'done') this.metrics.histogram('kubesim_rollout_duration_seconds').observe((this.sim.now - t.start) / 1e6);
  }

  private pod(pod: Pod | undefined, workload: string | undefined, deletedKey?: string): void {
    const key = pod === undefined ? (deletedKey as string) : objectKey(pod.metadata);
    const before = this.podState.get(key);
    if (workload === undefined) return;
    const t = this.entry(workload);
    this.account(t);
    const active = pod !== undefined && isPodActive(pod);
    const ready = active && pod !== undefined && isPodReady(pod);
    t.pods += (active ? 1 : 0) - (before?.active === true ? 1 : 0);
    t.ready += (ready ? 1 : 0) - (before?.ready === true ? 1 : 0);
    if (pod === undefined) this.podState.delete(key);
    else this.podState.set(key, { workload, active, ready });
    if (t.rolling && pod?.status.phase === 'Failed' && before?.active === true) this.metrics.counter('kubesim_rollout_pod_failures_total').inc();
    this.firstReady(t);
    if (t.rolling) this.observe(t);
  }

  /** The first time a new workload has every desired replica ready: how long that took from its creation. */
  private firstReady(t: Tracked): void {
    if (t.created === undefined || t.desired === 0 || t.ready < t.desired) return;
    this.metrics.histogram('kubesim_workload_ready_seconds').observe((this.sim.now - t.created) / 1e6);
    t.created = undefined;
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
