/**
 * `rolloutUndo` (kubectl rollout undo deployment/web [--to-revision=N]): as kubectl's
 * DeploymentRollbacker does it client-side, reads the Deployment and lists its ReplicaSets through
 * the API, takes the template of the previous revision (or of `toRevision`) without its
 * pod-template-hash label and patches it into the Deployment; the controller then finds that old
 * ReplicaSet again and rolls back to it under the next revision. A paused Deployment, a missing
 * revision or a template that already matches is a warning, as kubectl reports it.
 */
import type { Deployment, ReplicaSet } from '../../api/apps.js';
import { mergePatchFor } from '../../api/merge-patch.js';
import { controllerOf } from '../../controllers/informer.js';
import { revisionOf } from '../../controllers/deployment/deployment-util.js';
import { equalIgnoreHash, templateWithoutHash } from '../../controllers/deployment/pod-template-hash.js';
import type { OpDefinition } from './registry.js';
import { compileResource, request, resourceProperties, succeeded } from './workload-resource.js';

/** The rolloutUndo op. */
export const rolloutUndoOp: OpDefinition = {
  opcode: 'rolloutUndo',
  schema: { required: ['resource'], properties: { ...resourceProperties, toRevision: { type: 'integer', minimum: 0 } } },
  compile(ctx, path, raw, index) {
    const r = compileResource(ctx, path, raw, 'Deployment');
    if (r === undefined) return undefined;
    const toRevision = (raw['toRevision'] as number | undefined) ?? 0;
    return {
      opcode: 'rolloutUndo',
      index,
      *run(run) {
        const warn = (m: string): void => run.warn(`rolloutUndo workload[${index}]: deployment/${r.name}: ${m}`);
        const got = yield* request(run, r, { verb: 'GET' });
        if (!succeeded(run, 'rolloutUndo', index, r, got)) return;
        const d = got.object as Deployment;
        if (d.spec.paused) {
          warn(`you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${r.name}' and try again`);
          return;
        }
        const listed = yield* request(run, r, { verb: 'LIST', kind: 'ReplicaSet' });
        if (!succeeded(run, 'rolloutUndo', index, r, listed)) return;
        // The LIST's items: the ReplicaSets the Deployment controls, as stored when it was answered.
        const owned = run.cluster.store.list('ReplicaSet').filter((rs): rs is ReplicaSet => rs.metadata.namespace === r.namespace && controllerOf(rs.metadata)?.uid === d.metadata.uid);
        const byRevision = [...owned].sort((a, b) => revisionOf(b) - revisionOf(a));
        const target = toRevision === 0 ? byRevision[1] : byRevision.find((rs) => revisionOf(rs) === toRevision);
        if (target === undefined) {
          warn(toRevision === 0 ? 'no rollout history found' : `unable to find specified revision ${toRevision} in history`);
          return;
        }
        if (equalIgnoreHash(target.spec.template, d.spec.template)) {
          warn(`skipped rollback (current template already matches revision ${revisionOf(target)})`);
          return;
        }
        const template = templateWithoutHash(target.spec.template);
        succeeded(run, 'rolloutUndo', index, r, yield* request(run, r, { verb: 'PATCH', body: { spec: { template: mergePatchFor(d.spec.template, template) } } }));
      },
    };
  },
};
