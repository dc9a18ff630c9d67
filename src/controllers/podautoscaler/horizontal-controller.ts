/**
 * kube-controller-manager's horizontal pod autoscaler (pkg/controller/podautoscaler/horizontal.go,
 * reconcileAutoscaler): every `horizontal-pod-autoscaler-sync-period` (15 s) each autoscaler reads
 * its target's scale through the API, lists the target's pods from the informer and their usage
 * from the resource metrics API, asks each metric for a replica count (replica-calculator.ts; the
 * largest wins), normalizes it (scale-normalization.ts: min/max, stabilization, policies), writes
 * `spec.replicas` of the target when it differs (upstream writes the scale subresource, the same
 * field), and writes the status (currentReplicas, desiredReplicas, currentMetrics,
 * lastScaleTime, conditions AbleToScale, ScalingActive, ScalingLimited) when it changed. The
 * first sync of a new autoscaler comes one period after it is seen, as upstream's fixed-interval
 * queue delays it.
 */
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, ResourceMetricStatus } from '../../api/autoscaling.js';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../api/apps.js';
import { canonicalJson } from '../../api/canonical-json.js';
import { matchesLabelSelector } from '../../api/label-selector.js';
import { objectKey, type LabelSelector } from '../../api/objects.js';
import type { PodMetricsLister } from '../../controlplane/metrics-server/pod-metrics.js';
import type { MetricsSink } from '../../metrics/sink.js';
import type { HorizontalPodAutoscalerFlags } from '../controller-manager-config.js';
import type { ControllerContext } from '../controller-context.js';
import type { Informer } from '../informer.js';
import { WorkQueue, type SyncOutcome } from '../work-queue.js';
import { resourceReplicas } from './replica-calculator.js';
import { ScaleNormalizer } from './scale-normalization.js';

/** The user of its requests. */
export const horizontalPodAutoscalerUser = 'system:serviceaccount:kube-system:horizontal-pod-autoscaler';

type Condition = HorizontalPodAutoscalerCondition;

/** Replaces the condition of `c.type`, keeping its transition time when the status is unchanged. */
function withCondition(conditions: readonly Condition[], c: Omit<Condition, 'lastTransitionTime'>, now: number): Condition[] {
  const old = conditions.find((x) => x.type === c.type);
  const lastTransitionTime = old !== undefined && old.status === c.status ? old.lastTransitionTime : now;
  return [...conditions.filter((x) => x.type !== c.type), { ...c, lastTransitionTime }];
}

/** Scales workloads to their metrics. */
export class HorizontalController {
  readonly queue: WorkQueue;
  private readonly hpas: Informer<'HorizontalPodAutoscaler'>;
  private readonly pods: Informer<'Pod'>;
  private readonly normalizer: ScaleNormalizer;
  private readonly scheduled = new Set<string>();
  private readonly resync;

  constructor(private readonly ctx: ControllerContext, private readonly flags: HorizontalPodAutoscalerFlags, private readonly metricsApi: PodMetricsLister, private readonly metrics: MetricsSink) {
    this.queue = new WorkQueue(ctx.sim, flags.concurrentSyncs, (key, done) => this.sync(key, done));
    this.normalizer = new ScaleNormalizer(flags.downscaleStabilization);
    this.hpas = ctx.informers.informerFor('HorizontalPodAutoscaler');
    this.pods = ctx.informers.informerFor('Pod');
    this.resync = ctx.sim.register<string>((key) => {
      this.scheduled.delete(key);
      this.queue.add(key);
    });
    this.hpas.addEventHandler({
      onAdd: (h) => this.later(objectKey(h.metadata)),
      onDelete: (h) => this.normalizer.forget(objectKey(h.metadata)),
    });
  }

  /** Queues `key` one sync period from now unless already waiting. */
  private later(key: string): void {
    if (this.scheduled.has(key)) return;
    this.scheduled.add(key);
    this.ctx.sim.schedule(this.flags.syncPeriod, this.resync, key);
  }

  private sync(key: string, done: (outcome: SyncOutcome) => void): void {
    const hpa = this.hpas.get(key);
    if (hpa === undefined) {
      done('ok');
      return;
    }
    this.later(key);
    const namespace = hpa.metadata.namespace ?? 'default';
    const ref = hpa.spec.scaleTargetRef;
    const { client, user } = this.ctx;
    client.send({ verb: 'GET', kind: ref.kind, namespace, name: ref.name, user }, (r) => {
      const target = r.object as Deployment | StatefulSet | ReplicaSet | DaemonSet | undefined;
      if (r.code !== 200 || target === undefined || target.kind === 'DaemonSet') {
        const message = `the HPA controller was unable to get the target's current scale: ${r.message ?? `${ref.kind.toLowerCase()}s "${ref.name}" not found`}`;
        this.writeStatus(hpa, { ...hpa.status }, [{ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message }], done);
        return;
      }
      this.reconcile(hpa, namespace, target.spec.replicas, target.spec.selector, done);
    });
  }

  private reconcile(hpa: HorizontalPodAutoscaler, namespace: string, current: number, selector: LabelSelector, done: (outcome: SyncOutcome) => void): void {
    const now = this.ctx.sim.now;
    const key = objectKey(hpa.metadata);
    const { minReplicas, maxReplicas } = hpa.spec;
    this.normalizer.recordInitial(key, current, now);
    const conditions: Omit<Condition, 'lastTransitionTime'>[] = [];
    const currentMetrics: ResourceMetricStatus[] = [];
    let desired = current;
    let rescale = true;
    if (current === 0 && minReplicas !== 0) {
      rescale = false;
      desired = 0;
      conditions.push({ type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
    } else if (current > maxReplicas) {
      desired = maxReplicas;
    } else if (current < minReplicas) {
      desired = minReplicas;
    } else {
      const pods = this.pods.list().filter((p) => (p.metadata.namespace ?? 'default') === namespace && matchesLabelSelector(selector, p.metadata.labels));
      const podMetrics = this.metricsApi.podMetrics(namespace, selector);
      let proposal: number | undefined;
      let error: string | undefined;
      for (const m of hpa.spec.metrics) {
        const res = resourceReplicas({
          currentReplicas: current, resource: m.resource.name, target: m.resource.target, pods, metrics: podMetrics, now,
          tolerance: this.flags.tolerance, cpuInitializationPeriod: this.flags.cpuInitializationPeriod, delayOfInitialReadinessStatus: this.flags.initialReadinessDelay,
        });
        if ('error' in res) {
          error ??= `the HPA was unable to compute the replica count: unable to get metrics for resource ${m.resource.name}: ${res.error}`;
          continue;
        }
        currentMetrics.push({ type: 'Resource', resource: { name: m.resource.name, current: { averageValue: res.averageValue, ...(res.utilization === undefined ? {} : { averageUtilization: res.utilization }) } } });
        proposal = Math.max(proposal ?? 0, res.replicas);
      }
      if (proposal === undefined) {
        conditions.push({ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: error ?? 'no metrics' });
        this.writeStatus(hpa, { ...hpa.status, currentReplicas: current }, conditions, done);
        return;
      }
      conditions.push({ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${hpa.spec.metrics[0]?.resource.name ?? ''} resource` });
      const n = this.normalizer.normalize({ key, behavior: hpa.spec.behavior, minReplicas, maxReplicas, currentReplicas: current, desiredReplicas: proposal, now });
      desired = n.replicas;
      conditions.push({ type: 'AbleToScale', status: 'True', reason: n.ableReason, message: n.ableMessage });
      conditions.push({ type: 'ScalingLimited', status: n.limited ? 'True' : 'False', reason: n.limitReason, message: n.limitMessage });
      rescale = desired !== current;
    }
    rescale = rescale && desired !== current;
    this.metrics.gauge('kubesim_hpa_desired_replicas', { hpa: key }, true).set(desired);
    const status = (lastScaleTime: number | undefined): HorizontalPodAutoscaler['status'] => ({
      observedGeneration: hpa.metadata.generation ?? 1,
      currentReplicas: current,
      desiredReplicas: desired,
      currentMetrics,
      ...(lastScaleTime === undefined ? {} : { lastScaleTime }),
    });
    if (!rescale) {
      this.writeStatus(hpa, status(hpa.status.lastScaleTime), conditions, done);
      return;
    }
    const ref = hpa.spec.scaleTargetRef;
    this.ctx.client.send({ verb: 'PATCH', kind: ref.kind, namespace, name: ref.name, body: { spec: { replicas: desired } }, user: this.ctx.user }, (r) => {
      if (r.code >= 300) {
        conditions.push({ type: 'AbleToScale', status: 'False', reason: 'FailedUpdateScale', message: `the HPA controller was unable to update the target scale: ${r.message ?? String(r.code)}` });
        this.writeStatus(hpa, status(hpa.status.lastScaleTime), conditions, () => done('error'));
        return;
      }
      this.normalizer.scaled(key, hpa.spec.behavior, current, desired, this.ctx.sim.now);
      this.metrics.counter('kubesim_hpa_rescales_total', { hpa: key, direction: desired > current ? 'up' : 'down' }).inc();
      conditions.push({ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${desired}` });
      this.writeStatus(hpa, status(this.ctx.sim.now), conditions, done);
    });
  }

  /** Writes `status` with `changes` applied to the conditions when anything changed. */
  private writeStatus(hpa: HorizontalPodAutoscaler, status: HorizontalPodAutoscaler['status'], changes: readonly Omit<Condition, 'lastTransitionTime'>[], done: (outcome: SyncOutcome) => void): void {
    let conditions: Condition[] = [...(hpa.status.conditions ?? [])];
    for (const c of changes) conditions = withCondition(conditions, c, this.ctx.sim.now);
    const order = ['AbleToScale', 'ScalingActive', 'ScalingLimited'];
    conditions.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
    const next = { ...status, conditions };
    if (canonicalJson(next) === canonicalJson(hpa.status)) {
      done('ok');
      return;
    }
    const namespace = hpa.metadata.namespace ?? 'default';
    this.ctx.client.send({ verb: 'PUT', kind: 'HorizontalPodAutoscaler', subresource: 'status', namespace, name: hpa.metadata.name, body: { ...hpa, status: next }, user: this.ctx.user }, () => done('ok'));
  }
}
