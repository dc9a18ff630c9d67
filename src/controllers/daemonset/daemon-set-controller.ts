/**
 * kube-controller-manager's DaemonSet controller (pkg/controller/daemon/daemon_controller.go and
 * update.go): one pod of each DaemonSet on every node that should run it (daemon-pod.ts), created
 * with a node affinity pinning it to its node and bound there by the default scheduler, in
 * slow-start batches (1, 2, 4, ...) of at most burstReplicas (250) per sync; pods on nodes that
 * may no longer keep them, and pinned to nodes that are gone, are deleted. Once every create and
 * delete has been seen (expectations), a RollingUpdate replaces old pods within maxUnavailable, or
 * surges within maxSurge (daemon-set-plan.ts); OnDelete waits for someone to delete them. Each
 * sync writes the status. Nodes matter only when their labels, taints or unschedulable flag change
 * (shouldIgnoreNodeUpdate), so heartbeats cost the controller nothing. Everything goes through the API.
 */
import type { DaemonSet } from '../../api/apps.js';
import { canonicalJson } from '../../api/canonical-json.js';
import { objectKey, type Node, type Pod } from '../../api/objects.js';
import type { ControllerContext } from '../controller-context.js';
import { generatedSuffix } from '../controller-context.js';
import { computeHash } from '../deployment/pod-template-hash.js';
import { ControllerExpectations } from '../expectations.js';
import { controllerOf, type Informer } from '../informer.js';
import { isPodReady } from '../pod-readiness.js';
import { slowStartBatch } from '../replicaset/slow-start-batch.js';
import { WorkQueue, type SyncOutcome } from '../work-queue.js';
import { controllerRevisionHashLabel, daemonPodTolerations, pinToNode } from './daemon-pod.js';
import { daemonSetStatus, managePlan, nodesToDaemonPods, rollingUpdatePlan, type DaemonSetActions } from './daemon-set-plan.js';

/** BurstReplicas: the most pods one sync creates or deletes (daemon_controller.go). */
export const daemonSetBurstReplicas = 250;
/** The user of its requests. */
export const daemonSetControllerUser = 'system:serviceaccount:kube-system:daemon-set-controller';

const nodeShape = (n: Node): string => canonicalJson({ labels: n.metadata.labels ?? {}, taints: n.spec.taints ?? [], unschedulable: n.spec.unschedulable ?? false });

/** Reconciles DaemonSets with the nodes and their pods. */
export class DaemonSetController {
  readonly queue: WorkQueue;
  private readonly expectations: ControllerExpectations;
  private readonly sets: Informer<'DaemonSet'>;
  private readonly pods: Informer<'Pod'>;
  private readonly nodes: Informer<'Node'>;

  constructor(private readonly ctx: ControllerContext, workers: number) {
    this.queue = new WorkQueue(ctx.sim, workers, (key, done) => this.sync(key, done));
    this.expectations = new ControllerExpectations(() => ctx.sim.now);
    this.sets = ctx.informers.informerFor('DaemonSet');
    this.pods = ctx.informers.informerFor('Pod');
    this.nodes = ctx.informers.informerFor('Node');
    this.sets.addEventHandler({
      onAdd: (ds) => this.queue.add(objectKey(ds.metadata)),
      onUpdate: (_old, ds) => this.queue.add(objectKey(ds.metadata)),
      onDelete: (ds) => {
        this.expectations.delete(objectKey(ds.metadata));
        this.queue.add(objectKey(ds.metadata));
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
        // A graceful delete has been seen once the pod is marked (updatePod treats it as deleted).
        if (old.metadata.deletionTimestamp === undefined && pod.metadata.deletionTimestamp !== undefined) this.expectations.deletionObserved(key);
        this.queue.add(key);
        const ds = this.sets.get(key);
        if (ds !== undefined && ds.spec.minReadySeconds > 0 && !isPodReady(old) && isPodReady(pod)) this.queue.addAfter(key, ds.spec.minReadySeconds * 1_000_000);
      },
      onDelete: (pod) => {
        const key = this.ownerKey(pod);
        if (key === undefined) return;
        if (pod.metadata.deletionTimestamp === undefined) this.expectations.deletionObserved(key);
        this.queue.add(key);
      },
    });
    const all = (): void => {
      for (const ds of this.sets.list()) this.queue.add(objectKey(ds.metadata));
    };
    this.nodes.addEventHandler({ onAdd: all, onUpdate: (old, node) => (nodeShape(old) === nodeShape(node) ? undefined : all()), onDelete: all });
  }

  private ownerKey(pod: Pod): string | undefined {
    const ref = controllerOf(pod.metadata);
    if (ref?.kind !== 'DaemonSet') return undefined;
    return objectKey({ name: ref.name, namespace: pod.metadata.namespace ?? 'default' });
  }

  private sync(key: string, done: (outcome: SyncOutcome) => void): void {
    const ds = this.sets.get(key);
    if (ds === undefined) {
      this.expectations.delete(key);
      done('ok');
      return;
    }
    const hash = computeHash(ds.spec.template);
    const nodes = this.nodes.list();
    const now = this.ctx.sim.now;
    const finish = (outcome: SyncOutcome): void => this.updateStatus(ds, hash, outcome, done);
    if (!this.expectations.satisfied(key)) {
      finish('ok');
      return;
    }
    const byNode = nodesToDaemonPods(this.pods.ownedBy(ds.metadata.uid));
    let actions = managePlan(ds, nodes, byNode, hash, now);
    if (actions.createOn.length === 0 && actions.delete.length === 0 && ds.spec.updateStrategy.type === 'RollingUpdate') {
      actions = rollingUpdatePlan(ds, nodes, byNode, hash, now);
    }
    this.syncNodes(key, ds, hash, actions, finish);
  }

  /** Sends the deletes at once and the creates in slow-start batches; reports when all are answered (syncNodes). */
  private syncNodes(key: string, ds: DaemonSet, hash: string, actions: DaemonSetActions, finish: (outcome: SyncOutcome) => void): void {
    const createOn = actions.createOn.slice(0, daemonSetBurstReplicas);
    const victims = actions.delete.slice(0, daemonSetBurstReplicas);
    if (createOn.length === 0 && victims.length === 0) {
      finish('ok');
      return;
    }
    this.expectations.expect(key, createOn.length, victims.length);
    const namespace = ds.metadata.namespace ?? 'default';
    const { client, user } = this.ctx;
    let pending = (createOn.length > 0 ? 1 : 0) + victims.length;
    let failed = false;
    const answered = (): void => {
      if (--pending === 0) finish(failed ? 'error' : 'ok');
    };
    for (const pod of victims) {
      client.send({ verb: 'DELETE', kind: 'Pod', namespace, name: pod.metadata.name, user }, (r) => {
        if (r.code >= 300) {
          if (r.code !== 404) failed = true;
          this.expectations.deletionObserved(key);
        }
        answered();
      });
    }
    if (createOn.length === 0) return;
    let next = 0;
    slowStartBatch(createOn.length, 1, (callDone) => {
      const pod = this.podFor(ds, namespace, hash, createOn[next++] as string);
      client.send({ verb: 'POST', kind: 'Pod', namespace, name: pod.metadata.name, body: pod, user }, (r) => {
        if (r.code !== 201) this.expectations.creationObserved(key);
        callDone(r.code === 201);
      });
    }, (successes) => {
      // Creates never sent will never be observed; failed ones were lowered above.
      for (let i = next; i < createOn.length; i++) this.expectations.creationObserved(key);
      if (successes < createOn.length) failed = true;
      answered();
    });
  }

  private podFor(ds: DaemonSet, namespace: string, hash: string, nodeName: string): Pod {
    const t = ds.spec.template;
    return {
      kind: 'Pod',
      metadata: {
        name: `${ds.metadata.name}-${generatedSuffix(this.ctx.random)}`, namespace, uid: '', resourceVersion: 0, creationTimestamp: this.ctx.sim.now,
        labels: { ...t.metadata.labels, [controllerRevisionHashLabel]: hash },
        ...(t.metadata.annotations === undefined ? {} : { annotations: t.metadata.annotations }),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid, controller: true }],
      },
      spec: { ...t.spec, tolerations: daemonPodTolerations(t.spec), affinity: pinToNode(t.spec.affinity, nodeName) },
      status: { phase: 'Pending', conditions: [] },
    };
  }

  /** Writes the status counted from the cache when it changed, then finishes the sync (updateDaemonSetStatus). */
  private updateStatus(ds: DaemonSet, hash: string, outcome: SyncOutcome, done: (outcome: SyncOutcome) => void): void {
    const byNode = nodesToDaemonPods(this.pods.ownedBy(ds.metadata.uid));
    const status = daemonSetStatus(ds, this.nodes.list(), byNode, hash, this.ctx.sim.now);
    const key = objectKey(ds.metadata);
    const after = (): void => {
      // Ready but not yet available pods become available minReadySeconds later: look again then.
      if (ds.spec.minReadySeconds > 0 && status.numberReady !== status.numberAvailable) this.queue.addAfter(key, ds.spec.minReadySeconds * 1_000_000);
      done(outcome);
    };
    if (canonicalJson(status) === canonicalJson(ds.status)) {
      after();
      return;
    }
    const namespace = ds.metadata.namespace ?? 'default';
    this.ctx.client.send({ verb: 'PUT', kind: 'DaemonSet', subresource: 'status', namespace, name: ds.metadata.name, body: { ...ds, status }, user: this.ctx.user }, after);
  }
}
