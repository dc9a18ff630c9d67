/**
 * `rolloutStatus` (kubectl rollout status deployment/web): watches the Deployment until its
 * rollout is complete as kubectl judges it — the latest generation observed, every replica
 * updated, no old replica left, every updated replica available. A Deployment past its progress
 * deadline ends the op with kubectl's error as a warning, and so does `timeout` (default 1 h).
 */
import type { Deployment } from '../../api/apps.js';
import { objectKey } from '../../api/objects.js';
import { Signal } from '../../engine/process.js';
import { rolloutVerdict } from '../../controllers/deployment/rollout-verdict.js';
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';
import { compileResource, resourceProperties } from './workload-resource.js';

/** The rolloutStatus op. */
export const rolloutStatusOp: OpDefinition = {
  opcode: 'rolloutStatus',
  schema: { required: ['resource'], properties: { ...resourceProperties, timeout: expr } },
  compile(ctx, path, raw, index) {
    const r = compileResource(ctx, path, raw, 'Deployment');
    const timeout = raw['timeout'] === undefined ? 3600e6 : ctx.atLeast([...path, 'timeout'], raw['timeout'], 'duration', 1);
    if (r === undefined) return undefined;
    return {
      opcode: 'rolloutStatus',
      index,
      *run(run) {
        const key = objectKey({ name: r.name, namespace: r.namespace });
        const done = new Signal<string>(run.sim);
        const check = (d: Deployment | undefined): void => {
          if (done.fired) return;
          if (d === undefined) return;
          run.cluster.controllerManager?.rollouts.observed(d);
          const v = rolloutVerdict(d);
          if (v === 'done') done.fire('');
          else if (v === 'failed') done.fire(`deployment "${r.name}" exceeded its progress deadline`);
        };
        const watch = run.cluster.store.watch('Deployment', (e) => {
          if (objectKey(e.object.metadata) !== key) return;
          if (e.type === 'DELETED') {
            if (!done.fired) done.fire(`deployment "${r.name}" was deleted`);
          } else check(e.object);
        });
        check(run.cluster.store.get('Deployment', key));
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
