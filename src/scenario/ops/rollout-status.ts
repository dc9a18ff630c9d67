/**
 * `rolloutStatus` (kubectl rollout status deployment/web, statefulset/db): watches the workload
 * until its rollout is complete as kubectl judges it. A Deployment: the latest generation
 * observed, every replica updated, no old replica left, every updated replica available. A
 * StatefulSet: every replica ready and, for a partitioned RollingUpdate, the ordinals at or above
 * the partition updated, else the current revision caught up with the update revision. A
 * Deployment past its progress deadline ends the op with kubectl's error as a warning, and so do
 * an OnDelete StatefulSet (no rollout status) and `timeout` (default 1 h).
 */
import type { Deployment, StatefulSet } from '../../api/apps.js';
import { objectKey } from '../../api/objects.js';
import { Signal } from '../../engine/process.js';
import { rolloutVerdict } from '../../controllers/deployment/rollout-verdict.js';
import { statefulSetRolloutVerdict } from '../../controllers/statefulset/stateful-set-rollout-verdict.js';
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';
import { compileResource, resourceProperties } from './workload-resource.js';

/** The rolloutStatus op. */
export const rolloutStatusOp: OpDefinition = {
  opcode: 'rolloutStatus',
  schema: { required: ['resource'], properties: { ...resourceProperties, timeout: expr } },
  compile(ctx, path, raw, index) {
    const r = compileResource(ctx, path, raw, ['Deployment', 'StatefulSet']);
    const timeout = raw['timeout'] === undefined ? 3600e6 : ctx.atLeast([...path, 'timeout'], raw['timeout'], 'duration', 1);
    if (r === undefined) return undefined;
    return {
      opcode: 'rolloutStatus',
      index,
      *run(run) {
        const key = objectKey({ name: r.name, namespace: r.namespace });
        const done = new Signal<string>(run.sim);
        const kind = r.kind === 'StatefulSet' ? 'StatefulSet' : 'Deployment';
        const check = (w: Deployment | StatefulSet | undefined): void => {
          if (done.fired) return;
          if (w === undefined) return;
          run.cluster.controllerManager?.rollouts.observed(w);
          const v = w.kind === 'Deployment' ? rolloutVerdict(w) : statefulSetRolloutVerdict(w);
          if (v === 'done') done.fire('');
          else if (v === 'failed') done.fire(`deployment "${r.name}" exceeded its progress deadline`);
          else if (v === 'unsupported') done.fire('rollout status is only available for RollingUpdate strategy type');
        };
        const watch = run.cluster.store.watch(kind, (e) => {
          if (objectKey(e.object.metadata) !== key) return;
          if (e.type === 'DELETED') {
            if (!done.fired) done.fire(`${kind.toLowerCase()} "${r.name}" was deleted`);
          } else check(e.object);
        });
        check(run.cluster.store.get(kind, key));
        const timer = run.sim.register<null>(() => {
          if (!done.fired) done.fire(`timed out after ${timeout / 1e6} s waiting for the rollout to finish`);
        });
        const handle = run.sim.schedule(timeout, timer, null);
        const message = (yield done) as string;
        watch.stop();
        run.sim.cancel(handle);
        if (message !== '') run.warn(`rolloutStatus workload[${index}]: ${message}`);
      },
    };
  },
};
