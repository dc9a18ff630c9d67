/**
 * `createPods`: the workload creates `count` pods from `podTemplate` through the API, at `rate`
 * pods per second (evenly spaced) or all at once; the op ends when every create has been
 * answered. It sends them as `user` (default: the harness's admin, in `system:masters`). As scheduler_perf's createPods, with clusterloader2's rate-limited creation.
 */
import { Signal } from '../../engine/process.js';
import type { ApiResponse } from '../../controlplane/apiserver/request.js';
import { compilePodTemplate } from '../pod-template.js';
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';
import { catalogOf, referencePodClaims } from '../../workload/manifest-catalog.js';

/** The user the workload creates objects as unless an op names another. */
export const workloadUser = 'kubesim-workload';
/** Its groups: `system:masters`, an admin kubeconfig's group, which APF exempts. */
export const workloadGroups: readonly string[] = ['system:masters'];

/** The createPods op. */
export const createPodsOp: OpDefinition = {
  opcode: 'createPods',
  schema: {
    required: ['count', 'podTemplate'],
    properties: { count: expr, rate: expr, namespace: { type: 'string' }, podTemplate: { type: 'object' }, user: { type: 'string' }, groups: { type: 'array', items: { type: 'string' } } },
  },
  compile(ctx, path, raw, index) {
    const count = ctx.atLeast([...path, 'count'], raw['count'], 'integer', 0);
    const rate = raw['rate'] === undefined ? 0 : ctx.atLeast([...path, 'rate'], raw['rate'], 'rate', 0);
    if (rate === 0 && raw['rate'] !== undefined) ctx.problem([...path, 'rate'], 'must be > 0 (omit it to create all pods at once)');
    const namespace = (raw['namespace'] as string | undefined) ?? 'default';
    // The harness's admin identity by default, as scheduler_perf and clusterloader2 create their load (exempt from APF).
    const user = (raw['user'] as string | undefined) ?? workloadUser;
    const groups = (raw['groups'] as string[] | undefined) ?? (raw['user'] === undefined ? workloadGroups : []);
    const factory = compilePodTemplate(ctx, [...path, 'podTemplate'], raw['podTemplate'], `pod-${index}`);
    if (factory === undefined) return undefined;
    const sample = factory.make(0, namespace);
    referencePodClaims(catalogOf(ctx.root), ctx, [...path, 'podTemplate', 'spec', 'resourceClaims'], sample.spec.resourceClaims, sample.metadata.namespace ?? namespace);
    return {
      opcode: 'createPods',
      index,
      *run(run) {
        if (count === 0) return;
        const allAnswered = new Signal<void>(run.sim);
        let answered = 0;
        let failed = 0;
        const onResponse = (resp: ApiResponse): void => {
          if (resp.code === 201) run.podsCreated++;
          else if (failed++ === 0) run.warn(`createPods workload[${index}]: create failed with ${resp.code}: ${resp.message ?? ''}`);
          if (++answered === count) allAnswered.fire();
        };
        const start = run.sim.now;
        for (let i = 0; i < count; i++) {
          if (rate > 0) {
            const due = start + Math.round((i * 1e6) / rate);
            if (due > run.sim.now) yield due - run.sim.now;
          }
          // Names continue across ops sharing a generateName, as the apiserver's generated suffixes never collide.
          const pod = factory.make(run.nextIndex(`${namespace}/${factory.base}`), namespace);
          run.workloadClient.send({ verb: 'POST', kind: 'Pod', namespace: pod.metadata.namespace ?? namespace, body: pod, user, groups }, onResponse);
        }
        yield allAnswered;
        if (failed > 0) run.warn(`createPods workload[${index}]: ${failed} of ${count} creates failed`);
      },
    };
  },
};
