/**
 * kube-controller-manager's Deployment controller (pkg/controller/deployment): for each Deployment
 * it finds the ReplicaSet whose template matches (or creates it, named `<deployment>-<pod-template-hash>`,
 * with the next revision), keeps the revision annotations in step (a rollback reuses an old
 * ReplicaSet and moves it to the newest revision), then takes one step of its strategy —
 * RollingUpdate (rolling.ts) or Recreate (all old pods gone before the new ReplicaSet scales up) —
 * writes the status with its Available and Progressing conditions, requeues itself for the
 * progress deadline, and once complete deletes old ReplicaSets beyond revisionHistoryLimit.
 * A paused Deployment only scales and reports status. Each write is an API request; the watch
 * events they cause bring the next step. Proportional scaling of several active ReplicaSets
 * (a scale during a rollout) is left to the rolling step instead of upstream's proportions.
 */
import type { Deployment, ReplicaSet } from '../../api/apps.js';
import { canonicalJson } from '../../api/canonical-json.js';
import { objectKey, type Pod } from '../../api/objects.js';
import type { ApiRequest } from '../../controlplane/apiserver/request.js';
import type { ControllerContext } from '../controller-context.js';
import { controllerOf, type Informer } from '../informer.js';
import { WorkQueue, type SyncOutcome } from '../work-queue.js';
import { desiredReplicasAnnotation, deploymentComplete, maxReplicasAnnotation, maxSurge, newRSNewReplicas, progressingCondition, reasons, revisionAnnotation, revisionHistoryAnnotation, revisionOf } from './deployment-util.js';
import { deploymentStatus } from './deployment-status.js';
import { computeHash, equalIgnoreHash, podTemplateHashLabel } from './pod-template-hash.js';
import { byCreation, reconcileNewReplicaSet, reconcileOldReplicaSets, type ScaleAction } from './rolling.js';

/** The user of its requests. */
export const deploymentControllerUser = 'system:serviceaccount:kube-system:deployment-controller';

/** Reconciles Deployments with their ReplicaSets. */
export class DeploymentController {
  readonly queue: WorkQueue;
  private readonly deployments: Informer<'Deployment'>;
  private readonly replicaSets: Informer<'ReplicaSet'>;
  private readonly pods: Informer<'Pod'>;
  /** Deployments whose new ReplicaSet this controller just created (reported in the next status). */
  private readonly created = new Map<string, string>();

  constructor(private readonly ctx: ControllerContext, workers: number) {
    this.queue = new WorkQueue(ctx.sim, workers, (key, done) => this.sync(key, done));
    this.deployments = ctx.informers.informerFor('Deployment');
    this.replicaSets = ctx.informers.informerFor('ReplicaSet');
    this.pods = ctx.informers.informerFor('Pod');
    const enqueue = (d: Deployment): void => this.queue.add(objectKey(d.metadata));
    this.deployments.addEventHandler({ onAdd: enqueue, onUpdate: (_o, d) => enqueue(d), onDelete: enqueue });
    const owner = (rs: ReplicaSet): void => {
      const ref = controllerOf(rs.metadata);
      if (ref?.kind === 'Deployment') this.queue.add(objectKey({ name: ref.name, namespace: rs.metadata.namespace ?? 'default' }));
    };
    this.replicaSets.addEventHandler({ onAdd: owner, onUpdate: (_o, rs) => owner(rs), onDelete: owner });
    // Recreate waits for the old pods to be gone: a deleted pod may let it go on.
    this.pods.addEventHandler({
      onDelete: (pod) => {
        const rsRef = controllerOf(pod.metadata);
        if (rsRef?.kind !== 'ReplicaSet') return;
        const rs = this.replicaSets.get(objectKey({ name: rsRef.name, namespace: pod.metadata.namespace ?? 'default' }));
        const dRef = rs === undefined ? undefined : controllerOf(rs.metadata);
        if (dRef?.kind !== 'Deployment') return;
        const key = objectKey({ name: dRef.name, namespace: pod.metadata.namespace ?? 'default' });
        if (this.deployments.get(key)?.spec.strategy.type === 'Recreate') this.queue.add(key);
      },
    });
  }

  private send(req: Omit<ApiRequest, 'user'>, then: (ok: boolean) => void): void {
    this.ctx.client.send({ ...req, user: this.ctx.user } as ApiRequest, (r) => then(r.code < 300));
  }

  private sync(key: string, done: (outcome: SyncOutcome) => void): void {
    const d = this.deployments.get(key);
    if (d === undefined) {
      this.created.delete(key);
      done('ok');
      return;
    }
    const rsList = this.replicaSets.ownedBy(d.metadata.uid);
    const newRS = byCreation(rsList).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
    const oldRSs = rsList.filter((rs) => rs !== newRS);
    const finish = (ok: boolean): void => done(ok ? 'ok' : 'error');
    if (d.spec.paused) {
      // sync.go sync(): scale only, then status.
      const scale = newRS !== undefined && oldRSs.every((rs) => rs.spec.replicas === 0) && newRS.spec.replicas !== d.spec.replicas ? [{ rs: newRS, replicas: d.spec.replicas }] : [];
      this.scale(d, scale, () => this.syncStatus(d, rsList, newRS, false, finish));
      return;
    }
    const recreate = d.spec.strategy.type === 'Recreate';
    if (newRS === undefined) {
      if (recreate) {
        const active = oldRSs.filter((rs) => rs.spec.replicas > 0);
        if (active.length > 0) {
          this.scale(d, active.map((rs) => ({ rs, replicas: 0 })), () => this.syncStatus(d, rsList, newRS, true, finish));
          return;
        }
        if (this.oldPodsRunning(oldRSs)) {
          this.syncStatus(d, rsList, newRS, true, finish);
          return;
        }
      }
      this.createNewReplicaSet(d, oldRSs, finish);
      return;
    }
    if (this.syncRevision(d, newRS, oldRSs, finish)) return;
    let actions: ScaleAction[];
    if (recreate) {
      const active = oldRSs.filter((rs) => rs.spec.replicas > 0);
      if (active.length > 0) actions = active.map((rs) => ({ rs, replicas: 0 }));
      else if (this.oldPodsRunning(oldRSs)) actions = [];
      else actions = newRS.spec.replicas === d.spec.replicas ? [] : [{ rs: newRS, replicas: d.spec.replicas }];
    } else {
      const up = reconcileNewReplicaSet(d, rsList, newRS);
      actions = up !== undefined ? [up] : reconcileOldReplicaSets(d, rsList, oldRSs, newRS);
    }
    if (actions.length > 0) {
      this.scale(d, actions, (ok) => (ok ? this.syncStatus(d, rsList, newRS, true, finish) : finish(false)));
      return;
    }
    const status = deploymentStatus(d, rsList, newRS, this.ctx.sim.now, true);
    const complete = deploymentComplete(d, status);
    this.syncStatus(d, rsList, newRS, true, (ok) => (complete && ok ? this.cleanup(d, oldRSs, finish) : finish(ok)));
  }

  /** Any pod of the old ReplicaSets still running or pending (recreate.go oldPodsRunning). */
  private oldPodsRunning(oldRSs: readonly ReplicaSet[]): boolean {
    for (const rs of oldRSs) {
      if (rs.status.replicas > 0) return true;
      if (this.pods.ownedBy(rs.metadata.uid).some((p: Pod) => p.status.phase !== 'Failed' && p.status.phase !== 'Succeeded')) return true;
    }
    return false;
  }

  private createNewReplicaSet(d: Deployment, oldRSs: readonly ReplicaSet[], finish: (ok: boolean) => void): void {
    const hash = computeHash(d.spec.template);
    const namespace = d.metadata.namespace ?? 'default';
    const maxRevision = Math.max(0, ...oldRSs.map(revisionOf));
    const template = { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels: { ...d.spec.template.metadata.labels, [podTemplateHashLabel]: hash } } };
    const draft: ReplicaSet = {
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`, namespace, uid: '', resourceVersion: 0, creationTimestamp: this.ctx.sim.now,
        labels: template.metadata.labels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true }],
      },
      spec: {
        replicas: 0, minReadySeconds: d.spec.minReadySeconds, template,
        selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, [podTemplateHashLabel]: hash } },
      },
      status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 },
    };
    const replicas = newRSNewReplicas(d, [...oldRSs, draft], draft);
    const { uid: _u, resourceVersion: _r, creationTimestamp: _c, ...metadata } = draft.metadata;
    const body = {
      ...draft,
      metadata: { ...metadata, annotations: { [revisionAnnotation]: String(maxRevision + 1), [desiredReplicasAnnotation]: String(d.spec.replicas), [maxReplicasAnnotation]: String(d.spec.replicas + maxSurge(d)) } },
      spec: { ...draft.spec, replicas },
    };
    this.send({ verb: 'POST', kind: 'ReplicaSet', namespace, name: draft.metadata.name, body }, (ok) => {
      if (ok) this.created.set(objectKey(d.metadata), draft.metadata.name);
      finish(ok);
    });
  }

  /**
   * The new ReplicaSet must carry the newest revision (a rollback makes an old one new again; its
   * old revision goes to revision-history) and the Deployment the same; true when a write was sent.
   */
  private syncRevision(d: Deployment, newRS: ReplicaSet, oldRSs: readonly ReplicaSet[], finish: (ok: boolean) => void): boolean {
    const maxOld = Math.max(0, ...oldRSs.map(revisionOf));
    const current = revisionOf(newRS);
    const namespace = d.metadata.namespace ?? 'default';
    if (current <= maxOld) {
      const history = [newRS.metadata.annotations?.[revisionHistoryAnnotation], current > 0 ? String(current) : undefined].filter((x) => x !== undefined && x !== '').join(',');
      const annotations = { ...newRS.metadata.annotations, [revisionAnnotation]: String(maxOld + 1), ...(history === '' ? {} : { [revisionHistoryAnnotation]: history }) };
      this.send({ verb: 'PUT', kind: 'ReplicaSet', namespace, name: newRS.metadata.name, body: { ...newRS, metadata: { ...newRS.metadata, annotations } } }, finish);
      return true;
    }
    if (d.metadata.annotations?.[revisionAnnotation] !== String(current)) {
      this.send({ verb: 'PATCH', kind: 'Deployment', namespace, name: d.metadata.name, body: { metadata: { annotations: { [revisionAnnotation]: String(current) } } } }, finish);
      return true;
    }
    return false;
  }

  /** Writes the new sizes (scaleReplicaSet: an update with the desired/max replicas annotations); `then(ok)` when all are answered. */
  private scale(d: Deployment, actions: readonly ScaleAction[], then: (ok: boolean) => void): void {
    if (actions.length === 0) {
      then(true);
      return;
    }
    let left = actions.length;
    let allOk = true;
    for (const { rs, replicas } of actions) {
      const annotations = { ...rs.metadata.annotations, [desiredReplicasAnnotation]: String(d.spec.replicas), [maxReplicasAnnotation]: String(d.spec.replicas + maxSurge(d)) };
      const body = { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas, minReadySeconds: d.spec.minReadySeconds } };
      this.send({ verb: 'PUT', kind: 'ReplicaSet', namespace: rs.metadata.namespace ?? 'default', name: rs.metadata.name, body }, (ok) => {
        allOk &&= ok;
        if (--left === 0) then(allOk);
      });
    }
  }

  /** Writes the status when it changed; otherwise requeues a rollout in progress for its deadline (requeueStuckDeployment). */
  private syncStatus(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined, rolling: boolean, finish: (ok: boolean) => void): void {
    const key = objectKey(d.metadata);
    const now = this.ctx.sim.now;
    const created = this.created.get(key);
    this.created.delete(key);
    const status = deploymentStatus(d, allRSs, newRS, now, rolling, created);
    if (canonicalJson(status) !== canonicalJson(d.status)) {
      this.send({ verb: 'PUT', kind: 'Deployment', subresource: 'status', namespace: d.metadata.namespace ?? 'default', name: d.metadata.name, body: { ...d, status } }, finish);
      return;
    }
    const cond = progressingCondition(status.conditions);
    if (rolling && !d.spec.paused && cond !== undefined && cond.reason !== reasons.timedOut && !deploymentComplete(d, status)) {
      const after = cond.lastUpdateTime + d.spec.progressDeadlineSeconds * 1_000_000 - now;
      this.queue.addAfter(key, Math.max(1_000_000, after + 1_000_000));
    }
    finish(true);
  }

  /** Deletes the oldest fully scaled-down old ReplicaSets beyond revisionHistoryLimit (cleanupDeployment). */
  private cleanup(d: Deployment, oldRSs: readonly ReplicaSet[], finish: (ok: boolean) => void): void {
    const diff = oldRSs.length - d.spec.revisionHistoryLimit;
    const victims = diff <= 0 ? [] : [...oldRSs].sort((a, b) => revisionOf(a) - revisionOf(b) || a.metadata.creationTimestamp - b.metadata.creationTimestamp).slice(0, diff)
      .filter((rs) => rs.status.replicas === 0 && rs.spec.replicas === 0 && (rs.status.observedGeneration ?? 0) >= (rs.metadata.generation ?? 1));
    if (victims.length === 0) {
      finish(true);
      return;
    }
    let left = victims.length;
    for (const rs of victims) this.send({ verb: 'DELETE', kind: 'ReplicaSet', namespace: rs.metadata.namespace ?? 'default', name: rs.metadata.name }, () => --left === 0 && finish(true));
  }
}
