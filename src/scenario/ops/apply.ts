/**
 * `apply`: creates the objects of Kubernetes manifests through the API, in order, as
 * `kubectl apply` of new objects does — from a multi-document `file` (relative to the scenario) or
 * inline `objects`. resource.k8s.io/v1 DRA kinds, v1 Pods, apps/v1 Deployments, ReplicaSets, StatefulSets and DaemonSets, batch/v1 Jobs and autoscaling/v2 HorizontalPodAutoscalers (which start kube-controller-manager's controllers), policy/v1 PodDisruptionBudgets (its disruption controller) and scheduling.k8s.io/v1 PriorityClasses are modelled; other kinds are
 * accepted and listed once as ignored. The op ends when every create has been answered.
 */
import { Signal } from '../../engine/process.js';
import type { ApiResponse } from '../../controlplane/apiserver/request.js';
import { compileManifest, type CompiledManifest } from '../../workload/manifest-objects.js';
import { compileManifestFile } from '../../workload/manifest-file.js';
import { workloadGroups, workloadUser } from './create-pods.js';
import type { OpDefinition } from './registry.js';

/** Kinds whose objects start kube-controller-manager. */
const controllerKinds: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'Job', 'DaemonSet', 'HorizontalPodAutoscaler']);

/** The apply op. */
export const applyOp: OpDefinition = {
  opcode: 'apply',
  schema: {
    properties: { file: { type: 'string', minLength: 1 }, objects: { type: 'array', items: {} }, namespace: { type: 'string' }, user: { type: 'string' }, groups: { type: 'array', items: { type: 'string' } } },
  },
  compile(ctx, path, raw, index) {
    const namespace = (raw['namespace'] as string | undefined) ?? 'default';
    const hasFile = raw['file'] !== undefined;
    if (hasFile === (raw['objects'] !== undefined)) {
      ctx.problem(path, 'apply takes exactly one of file or objects');
      return undefined;
    }
    const before = ctx.problems.length;
    let manifests: CompiledManifest[] | undefined;
    if (hasFile) manifests = compileManifestFile(ctx, [...path, 'file'], String(raw['file']), namespace);
    else {
      manifests = [];
      (raw['objects'] as unknown[]).forEach((o, i) => {
        const m = compileManifest(ctx, [...path, 'objects', i], o, namespace);
        if (m !== undefined) manifests?.push(m);
      });
    }
    if (manifests === undefined || ctx.problems.length > before) return undefined;
    const user = (raw['user'] as string | undefined) ?? workloadUser;
    const groups = (raw['groups'] as string[] | undefined) ?? (raw['user'] === undefined ? workloadGroups : []);
    const ignored = new Map<string, number>();
    const objects = manifests.flatMap((m) => {
      if ('ignored' in m) ignored.set(m.ignored, (ignored.get(m.ignored) ?? 0) + 1);
      return 'object' in m ? [m] : [];
    });
    // A scenario's `manifests:` entries are apply ops numbered -1, -2, ... before the workload.
    const where = index >= 0 ? `workload[${index}]` : `manifests[${-index - 1}]`;
    return {
      opcode: 'apply',
      index,
      *run(run) {
        if (ignored.size > 0) run.warn(`apply ${where}: kinds not modelled yet, ignored: ${[...ignored].map(([k, n]) => `${k} (${n})`).join(', ')}`);
        if (objects.length === 0) return;
        if (objects.some((m) => controllerKinds.has(m.object.kind))) run.cluster.startControllerManager();
        if (objects.some((m) => m.object.kind === 'PodDisruptionBudget')) run.cluster.startControllerManager().startDisruptionController();
        if (objects.some((m) => m.object.kind === 'DaemonSet')) run.cluster.startControllerManager().startDaemonSetController();
        if (objects.some((m) => m.object.kind === 'HorizontalPodAutoscaler')) run.cluster.startHorizontalPodAutoscaler();
        run.cluster.startResourceClaimController();
        const done = new Signal<void>(run.sim);
        let answered = 0;
        for (const m of objects) {
          const obj = m.object;
          const meta = obj.metadata as { name: string; namespace?: string };
          const onResponse = (resp: ApiResponse): void => {
            if (resp.code === 201 && obj.kind === 'Pod') run.podsCreated++;
            if (resp.code !== 201) run.warn(`apply ${where}: creating ${obj.kind} ${meta.name} failed with ${resp.code}: ${resp.message ?? ''}`);
            if (++answered === objects.length) done.fire();
          };
          run.workloadClient.send({ verb: 'POST', kind: obj.kind, name: meta.name, ...(meta.namespace === undefined ? {} : { namespace: meta.namespace }), body: obj, user, groups }, onResponse);
        }
        yield done;
      },
    };
  },
};
