/**
 * `deletePods`: the workload deletes the pods of `namespace` (those matching `labelSelector`, if
 * given) through the API, all at once; the op ends when every delete has been answered. As
 * scheduler_perf's deletePods op (without its rate limit).
 */
import { matchesLabelSelector } from '../../api/label-selector.js';
import type { LabelSelector } from '../../api/objects.js';
import type { ApiResponse } from '../../controlplane/apiserver/request.js';
import { Signal } from '../../engine/process.js';
import { workloadGroups, workloadUser } from './create-pods.js';
import type { OpDefinition } from './registry.js';

/** The deletePods op. */
export const deletePodsOp: OpDefinition = {
  opcode: 'deletePods',
  schema: { required: ['namespace'], properties: { namespace: { type: 'string', minLength: 1 }, labelSelector: { type: 'object' } } },
  compile(_ctx, _path, raw, index) {
    const namespace = String(raw['namespace']);
    const selector = raw['labelSelector'] as LabelSelector | undefined;
    return {
      opcode: 'deletePods',
      index,
      *run(run) {
        const pods = run.cluster.store
          .list('Pod')
          .filter((p) => p.kind === 'Pod' && p.metadata.namespace === namespace && (selector === undefined || matchesLabelSelector(selector, p.metadata.labels ?? {})));
        if (pods.length === 0) return;
        const done = new Signal<void>(run.sim);
        let answered = 0;
        const onResponse = (resp: ApiResponse): void => {
          if (resp.code >= 300 && resp.code !== 404) run.warn(`deletePods workload[${index}]: delete failed with ${resp.code}: ${resp.message ?? ''}`);
          if (++answered === pods.length) done.fire();
        };
        for (const p of pods) {
          run.workloadClient.send({ verb: 'DELETE', kind: 'Pod', namespace, name: p.metadata.name, user: workloadUser, groups: workloadGroups }, onResponse);
        }
        yield done;
      },
    };
  },
};
