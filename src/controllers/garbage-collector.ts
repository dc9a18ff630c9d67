/**
 * The garbage collector's background cascading deletion (pkg/controller/garbagecollector): when an
 * owner is deleted, its dependents — ReplicaSets of a Deployment, pods of a ReplicaSet or a
 * StatefulSet or a DaemonSet — are
 * deleted through the API in turn (and the pods of a Job). Only the owners the workload controllers create are followed.
 */
import { objectKey, type Kind, type ObjectMeta } from '../api/objects.js';
import type { ControllerContext } from './controller-context.js';
import { controllerOf } from './informer.js';

/** The user of its requests. */
export const garbageCollectorUser = 'system:serviceaccount:kube-system:generic-garbage-collector';

/** Deletes the dependents of deleted Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs. */
export class GarbageCollector {
  constructor(private readonly ctx: ControllerContext) {
    const replicaSets = ctx.informers.informerFor('ReplicaSet');
    const pods = ctx.informers.informerFor('Pod');
    ctx.informers.informerFor('Deployment').addEventHandler({ onDelete: (d) => this.deleteAll('ReplicaSet', replicaSets.ownedBy(d.metadata.uid).map((r) => r.metadata)) });
    replicaSets.addEventHandler({ onDelete: (rs) => this.deleteAll('Pod', pods.ownedBy(rs.metadata.uid).map((p) => p.metadata)) });
    ctx.informers.informerFor('StatefulSet').addEventHandler({ onDelete: (set) => this.deleteAll('Pod', pods.ownedBy(set.metadata.uid).map((p) => p.metadata)) });
    ctx.informers.informerFor('Job').addEventHandler({ onDelete: (job) => this.deleteAll('Pod', pods.ownedBy(job.metadata.uid).map((p) => p.metadata)) });
    ctx.informers.informerFor('DaemonSet').addEventHandler({ onDelete: (ds) => this.deleteAll('Pod', pods.ownedBy(ds.metadata.uid).map((p) => p.metadata)) });
    // A dependent created after its owner was deleted (a create in flight) is collected when seen.
    replicaSets.addEventHandler({ onAdd: (rs) => this.orphanCheck('ReplicaSet', rs.metadata, 'Deployment') });
  }

  private orphanCheck(kind: Kind, meta: ObjectMeta, ownerKind: 'Deployment'): void {
    const ref = controllerOf(meta);
    if (ref?.kind !== ownerKind) return;
    const owner = this.ctx.informers.informerFor(ownerKind).get(objectKey({ name: ref.name, namespace: meta.namespace ?? 'default' }));
    if (owner === undefined || owner.metadata.uid !== ref.uid) this.deleteAll(kind, [meta]);
  }

  private deleteAll(kind: Kind, metas: readonly ObjectMeta[]): void {
    for (const m of metas) {
      this.ctx.client.send({ verb: 'DELETE', kind, name: m.name, ...(m.namespace === undefined ? {} : { namespace: m.namespace }), user: this.ctx.user }, () => undefined);
    }
  }
}
