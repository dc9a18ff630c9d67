/**
 * kube-controller-manager's ReplicaSet controller (pkg/controller/replicaset/replica_set.go):
 * keeps `spec.replicas` active pods of each ReplicaSet. Too few: creates pods from the template,
 * owned by the ReplicaSet, in slow-start batches (1, 2, 4, ...) of at most burstReplicas (500) per
 * sync; too many: deletes the cheapest pods first (pods-to-delete.ts). Outstanding creates and
 * deletes are tracked as expectations, so a stale cache never makes it act twice. Each sync then
 * writes `status.replicas`, `readyReplicas`, `availableReplicas` (ready for minReadySeconds) and
 * `observedGeneration`. Everything goes through the API.
 */
import type { ReplicaSet } from '../../api/apps.js';
import { objectKey, type Pod } from '../../api/objects.js';
import { ControllerExpectations } from '../expectations.js';
import type { ControllerContext } from '../controller-context.js';
import { generatedSuffix } from '../controller-context.js';
import { controllerOf, type Informer } from '../informer.js';
import { isPodActive, isPodAvailable, isPodReady } from '../pod-readiness.js';
import { WorkQueue, type SyncOutcome } from '../work-queue.js';
import { podsToDelete } from './pods-to-delete.js';
import { slowStartBatch } from './slow-start-batch.js';

/** burstReplicas: the most pods one sync creates or deletes (replica_set.go, BurstReplicas 500). */
export const burstReplicas = 500;
/** The user of its requests. */
export const replicaSetControllerUser = 'system:serviceaccount:kube-system:replicaset-controller';

/** Reconciles ReplicaSets with their pods. */
export class ReplicaSetController {
  readonly queue: WorkQueue;
  private readonly expectations: ControllerExpectations;
  private readonly replicaSets: Informer<'ReplicaSet'>;
  private readonly pods: Informer<'Pod'>;

  constructor(private readonly ctx: ControllerContext, workers: number) {
    this.queue = new WorkQueue(ctx.sim, workers, (key, done) => this.sync(key, done));
    this.expectations = new ControllerExpectations(() => ctx.sim.now);
    this.replicaSets = ctx.informers.informerFor('ReplicaSet');
    this.pods = ctx.informers.informerFor('Pod');
    this.replicaSets.addEventHandler({
      onAdd: (rs) => this.queue.add(objectKey(rs.metadata)),
      onUpdate: (_old, rs) => this.queue.add(objectKey(rs.metadata)),
      onDelete: (rs) => {
        this.expectations.delete(objectKey(rs.metadata));
        this.queue.add(objectKey(rs.metadata));
      },
    });
    this.pods.addEventHandler({
      onAdd: (pod) => {
        const key = this.ownerKey(pod);
        if (key === undefined) return;
        this.expectations.creationObserved(key);
        this.queue.add(key);
      },
      onUpdate: (old, pod) => {
        const key = this.ownerKey(pod);
        if (key === undefined) return;
        this.queue.add(key);
        // A pod that just became ready becomes available minReadySeconds later: look again then.
        const rs = this.replicaSets.get(key);
        if (rs !== undefined && rs.spec.minReadySeconds > 0 && !isPodReady(old) && isPodReady(pod)) this.queue.addAfter(key, rs.spec.minReadySeconds * 1_000_000);
      },
      onDelete: (pod) => {
        const key = this.ownerKey(pod);
        if (key === undefined) return;
        this.expectations.deletionObserved(key);
        this.queue.add(key);
      },
    });
  }

  private ownerKey(pod: Pod): string | undefined {
    const ref = controllerOf(pod.metadata);
    if (ref?.kind !== 'ReplicaSet') return undefined;
    return objectKey({ name: ref.name, namespace: pod.metadata.namespace ?? 'default' });
  }

  private sync(key: string, done: (outcome: SyncOutcome) => void): void {
    const rs = this.replicaSets.get(key);
    if (rs === undefined) {
      this.expectations.delete(key);
      done('ok');
      return;
    }
    const pods = this.pods.ownedBy(rs.metadata.uid).filter(isPodActive);
    const finish = (outcome: SyncOutcome): void => this.updateStatus(rs, pods, outcome, done);
    if (this.expectations.satisfied(key)) this.manageReplicas(key, rs, pods, finish);
    else finish('ok');
  }

  /** Creates or deletes pods so that `pods` (active, owned) becomes spec.replicas; reports when the requests are answered. */
  private manageReplicas(key: string, rs: ReplicaSet, pods: readonly Pod[], finish: (outcome: SyncOutcome) => void): void {
    const diff = pods.length - rs.spec.replicas;
    if (diff === 0) {
      finish('ok');
      return;
    }
    const namespace = rs.metadata.namespace ?? 'default';
    const { client, user } = this.ctx;
    if (diff < 0) {
      const n = Math.min(-diff, burstReplicas);
      this.expectations.expect(key, n, 0);
      let sent = 0;
      slowStartBatch(n, 1, (callDone) => {
        sent++;
        const pod = this.podFromTemplate(rs, namespace);
        client.send({ verb: 'POST', kind: 'Pod', namespace, name: pod.metadata.name, body: pod, user }, (r) => {
          if (r.code !== 201) this.expectations.creationObserved(key);
          callDone(r.code === 201);
        });
      }, (successes) => {
        // Creates never sent (upstream's skippedPods) will never be observed; failed ones were lowered above.
        for (let i = sent; i < n; i++) this.expectations.creationObserved(key);
        finish(successes < n ? 'error' : 'ok');
      });
      return;
    }
    const n = Math.min(diff, burstReplicas);
    const related = this.relatedPods(rs);
    const victims = podsToDelete(pods, related, n);
    this.expectations.expect(key, 0, victims.length);
    let left = victims.length;
    let failed = false;
    for (const pod of victims) {
      client.send({ verb: 'DELETE', kind: 'Pod', namespace, name: pod.metadata.name, user }, (r) => {
        if (r.code >= 300) {
          // A pod already gone (404) is a delete observed; any other failure will never be.
          if (r.code !== 404) failed = true;
          this.expectations.deletionObserved(key);
        }
        if (--left === 0) finish(failed ? 'error' : 'ok');
      });
    }
  }

  /** Pods of every ReplicaSet with the same controller (the Deployment's), for ranking co-located pods. */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const owner = controllerOf(rs.metadata);
    if (owner === undefined) return this.pods.ownedBy(rs.metadata.uid);
    return this.replicaSets.ownedBy(owner.uid).flatMap((r) => this.pods.ownedBy(r.metadata.uid));
  }

  private podFromTemplate(rs: ReplicaSet, namespace: string): Pod {
    const t = rs.spec.template;
    return {
      kind: 'Pod',
      metadata: {
        name: `${rs.metadata.name}-${generatedSuffix(this.ctx.random)}`,
        namespace,
        ...(t.metadata.labels === undefined ? {} : { labels: t.metadata.labels }),
        ...(t.metadata.annotations === undefined ? {} : { annotations: t.metadata.annotations }),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true }],
      },
      spec: t.spec,
      status: { phase: 'Pending', conditions: [] },
    } as unknown as Pod;
  }

  /** Writes the status counted from `pods` when it changed, then finishes the sync. */
  private updateStatus(rs: ReplicaSet, pods: readonly Pod[], outcome: SyncOutcome, done: (outcome: SyncOutcome) => void): void {
    const now = this.ctx.sim.now;
    const status = {
      replicas: pods.length,
      readyReplicas: pods.filter(isPodReady).length,
      availableReplicas: pods.filter((p) => isPodAvailable(p, rs.spec.minReadySeconds, now)).length,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    const s = rs.status;
    const key = objectKey(rs.metadata);
    const after = (): void => {
      // All ready but not all available yet: look again when minReadySeconds have passed (replica_set.go).
      if (rs.spec.minReadySeconds > 0 && status.readyReplicas === rs.spec.replicas && status.availableReplicas !== rs.spec.replicas) {
        this.queue.addAfter(key, rs.spec.minReadySeconds * 1_000_000);
      }
      done(outcome);
    };
    if (s.replicas === status.replicas && s.readyReplicas === status.readyReplicas && s.availableReplicas === status.availableReplicas && s.observedGeneration === status.observedGeneration) {
      after();
      return;
    }
    const namespace = rs.metadata.namespace ?? 'default';
    this.ctx.client.send({ verb: 'PUT', kind: 'ReplicaSet', subresource: 'status', namespace, name: rs.metadata.name, body: { ...rs, status }, user: this.ctx.user }, after);
  }
}
