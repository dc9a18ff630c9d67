/**
 * `waitForJob` (kubectl wait --for=condition=complete job/work): watches the Job until it is
 * finished — its Complete or Failed condition True. A Failed Job ends the op with a warning
 * carrying the condition's reason and message, and so does `timeout` (default 1 h) with kubectl's
 * "timed out waiting for the condition" and a deleted Job.
 */
import { jobCondition, type Job } from '../../api/batch.js';
import { objectKey } from '../../api/objects.js';
import { Signal } from '../../engine/process.js';
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';
import { compileResource, resourceProperties } from './workload-resource.js';

/** The waitForJob op. */
export const waitForJobOp: OpDefinition = {
  opcode: 'waitForJob',
  schema: { required: ['resource'], properties: { ...resourceProperties, timeout: expr } },
  compile(ctx, path, raw, index) {
    const r = compileResource(ctx, path, raw, 'Job');
    const timeout = raw['timeout'] === undefined ? 3600e6 : ctx.atLeast([...path, 'timeout'], raw['timeout'], 'duration', 1);
    if (r === undefined || Number.isNaN(timeout)) return undefined;
    return {
      opcode: 'waitForJob',
      index,
      *run(run) {
        const key = objectKey({ name: r.name, namespace: r.namespace });
        const done = new Signal<string>(run.sim);
        const check = (job: Job | undefined): void => {
          if (done.fired || job === undefined) return;
          if (jobCondition(job, 'Complete') !== undefined) {
            run.cluster.controllerManager?.jobs.observed(job);
            done.fire('');
            return;
          }
          const failed = jobCondition(job, 'Failed');
          if (failed === undefined) return;
          run.cluster.controllerManager?.jobs.observed(job);
          done.fire(`job "${r.name}" failed: ${failed.reason}: ${failed.message}`);
        };
        const watch = run.cluster.store.watch('Job', (e) => {
          if (objectKey(e.object.metadata) !== key) return;
          if (e.type === 'DELETED') {
            if (!done.fired) done.fire(`job "${r.name}" was deleted`);
          } else check(e.object);
        });
        check(run.cluster.store.get('Job', key));
        const timer = run.sim.register<null>(() => {
          if (!done.fired) done.fire(`timed out waiting for the condition on jobs/${r.name} after ${timeout / 1e6} s`);
        });
        const handle = run.sim.schedule(timeout, timer, null);
        const message = (yield done) as string;
        watch.stop();
        run.sim.cancel(handle);
        if (message !== '') run.warn(`waitForJob workload[${index}]: ${message}`);
      },
    };
  },
};
