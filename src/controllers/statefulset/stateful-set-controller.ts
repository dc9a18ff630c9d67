/**
 * kube-controller-manager's StatefulSet controller (pkg/controller/statefulset): pods with stable
 * names `<set>-<ordinal>`, created and deleted in the order stateful-set-plan.ts gives, labelled
 * with their revision (`controller-revision-hash`, a hash of the template; upstream keeps each
 * revision in a ControllerRevision, here the controller remembers the templates it has seen).
 * Deletes it sent and creates it has not seen yet are remembered, so a stale cache never deletes
 * a pod twice or waits on a pod that is gone; a pod being deleted keeps its name until it is gone. Status: replicas, ready, available, current and
 * updated replicas, currentRevision and updateRevision. Everything goes through the API.
 */
import type { PodTemplateSpec, StatefulSet } from '../../api/apps.js';
import { objectKey, type Pod } from '../../api/objects.js';
import { canonicalJson } from '../../api/canonical-json.js';
import type { ControllerContext } from '../controller-context.js';
import { computeHash } from '../deployment/pod-template-hash.js';
import { controllerOf, type Informer } from '../informer.js';
import { WorkQueue, type SyncOutcome } from '../work-queue.js';
import { controllerRevisionHashLabel, isTerminating, planStatefulSet, statefulSetStatus, type StatefulSetAction } from './stateful-set-plan.js';

/** The user of its requests. */
export const statefulSetControllerUser = 'system:serviceaccount:kube-system:statefulset-controller';

/** Reconciles StatefulSets with their pods. */
export class StatefulSetController {
  readonly queue: WorkQueue;
  private readonly sets: Informer<'StatefulSet'>;
  private readonly pods: Informer<'Pod'>;
  /** Templates by set uid and revision. */
  private readonly templates = new Map<string, Map<string, PodTemplateSpec>>();
  /** Uids of pods this controller deleted. */
  private readonly deleted = new Set<string>();
  /** Pods created (`namespace/name`) and not yet seen by the informer. */
  private readonly creating = new Map<string, Pod>();

  constructor(private readonly ctx: ControllerContext, workers: number) {
    this.queue = new WorkQueue(ctx.sim, workers, (key, done) => this.sync(key, done));
    this.sets = ctx.informers.informerFor('StatefulSet');
    this.pods = ctx.informers.informerFor('Pod');
    const remember = (set: StatefulSet): void => {
      let m = this.templates.get(set.metadata.uid);
      if (m === undefined) this.templates.set(set.metadata.uid, (m = new Map()));
      m.set(computeHash(set.spec.template), set.spec.template);
      this.queue.add(objectKey(set.metadata));
    };
    this.sets.addEventHandler({ onAdd: remember, onUpdate: (_o, s) => remember(s), onDelete: (s) => this.templates.delete(s.metadata.uid) });
    const owner = (pod: Pod): void => {
      const ref = controllerOf(pod.metadata);
      if (ref?.kind === 'StatefulSet') this.queue.add(objectKey({ name: ref.name, namespace: pod.metadata.namespace ?? 'default' }));
    };
    this.pods.addEventHandler({
      onAdd: (pod) => {
        this.creating.delete(objectKey(pod.metadata));
        owner(pod);
      },
      onUpdate: (_o, pod) => owner(pod),
      onDelete: (pod) => {
        this.deleted.delete(pod.metadata.uid);
        owner(pod);
      },
    });
  }

  private sync(key: string, done: (outcome: SyncOutcome) => void): void {
    const set = this.sets.get(key);
    if (set === undefined) {
      done('ok');
      return;
    }
    const namespace = set.metadata.namespace ?? 'default';
    const owned = this.pods.ownedBy(set.metadata.uid);
    // A pod this controller deleted is terminating even before the cache shows its deletion timestamp.
    const terminating = (p: Pod): boolean => isTerminating(p) || this.deleted.has(p.metadata.uid);
    const seen = owned.filter((p) => !terminating(p));
    const pending = [...this.creating.values()].filter((p) => controllerOf(p.metadata)?.uid === set.metadata.uid && !owned.some((s) => s.metadata.name === p.metadata.name));
    const pods = [...owned, ...pending];
    const updateRevision = computeHash(set.spec.template);
    const currentRevision = set.status.currentRevision ?? updateRevision;
    const actions = planStatefulSet(set, pods, currentRevision, updateRevision, terminating);
    let left = actions.length;
    let failed = false;
    const finish = (): void => {
      const status = statefulSetStatus(set, seen, currentRevision, updateRevision, this.ctx.sim.now);
      if (canonicalJson(status) === canonicalJson(set.status)) {
        done(failed ? 'error' : 'ok');
        return;
      }
      this.ctx.client.send({ verb: 'PUT', kind: 'StatefulSet', subresource: 'status', namespace, name: set.metadata.name, body: { ...set, status }, user: this.ctx.user }, () => done(failed ? 'error' : 'ok'));
    };
    if (left === 0) {
      finish();
      return;
    }
    const answered = (ok: boolean): void => {
      if (!ok) failed = true;
      if (--left === 0) finish();
    };
    for (const a of actions) this.act(set, namespace, a, answered);
  }

  private act(set: StatefulSet, namespace: string, a: StatefulSetAction, answered: (ok: boolean) => void): void {
    const { client, user } = this.ctx;
    if ('delete' in a) {
      this.deleted.add(a.delete.metadata.uid);
      client.send({ verb: 'DELETE', kind: 'Pod', namespace, name: a.delete.metadata.name, user }, (r) => answered(r.code < 300 || r.code === 404));
      return;
    }
    const pod = this.podFor(set, namespace, a.create, a.revision);
    const key = objectKey(pod.metadata);
    this.creating.set(key, pod);
    client.send({ verb: 'POST', kind: 'Pod', namespace, name: pod.metadata.name, body: pod, user }, (r) => {
      // A failed create (409 included: a pod of that name still exists) is retried by the next sync.
      if (r.code !== 201) this.creating.delete(key);
      answered(r.code === 201);
    });
  }

  private podFor(set: StatefulSet, namespace: string, ordinal: number, revision: string): Pod {
    const t = this.templates.get(set.metadata.uid)?.get(revision) ?? set.spec.template;
    const name = `${set.metadata.name}-${ordinal}`;
    return {
      kind: 'Pod',
      metadata: {
        name, namespace, uid: '', resourceVersion: 0, creationTimestamp: this.ctx.sim.now,
        labels: { ...t.metadata.labels, [controllerRevisionHashLabel]: revision, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(ordinal) },
        ...(t.metadata.annotations === undefined ? {} : { annotations: t.metadata.annotations }),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid, controller: true }],
      },
      spec: t.spec,
      status: { phase: 'Pending', conditions: [] },
    };
  }
}
