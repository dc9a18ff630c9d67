/**
 * Waiting for a rollout as `kubectl rollout status` does, shared by the ops that wait for one. A
 * Deployment: the latest generation observed, every replica updated, no old replica left, every
 * updated replica available. A StatefulSet: every replica ready and, for a partitioned
 * RollingUpdate, the ordinals at or above the partition updated, else the current revision caught
 * up with the update revision. A DaemonSet: the generation observed and every node that should run
 * it with an updated, available pod.
 */
import type { DaemonSet, Deployment, StatefulSet } from '../../api/apps.js';
import { daemonSetRolloutDone } from '../../controllers/daemonset/daemon-set-rollout-tracker.js';
import { objectKey } from '../../api/objects.js';
import { Signal, type Wait } from '../../engine/process.js';
import { rolloutVerdict } from '../../controllers/deployment/rollout-verdict.js';
import { statefulSetRolloutVerdict } from '../../controllers/statefulset/stateful-set-rollout-verdict.js';
import type { RunContext } from '../run-context.js';
import type { WorkloadResource } from './workload-resource.js';

/**
 * Waits until `r`'s rollout is complete or `timeout` (µs) passes; returns '' when complete, else
 * kubectl's reason (past the progress deadline, no rollout status for OnDelete, deleted, timed out).
 */
export function* waitForRollout(run: RunContext, r: WorkloadResource, timeout: number): Generator<Wait, string, unknown> {
  const key = objectKey({ name: r.name, namespace: r.namespace });
  const done = new Signal<string>(run.sim);
  const kind = r.kind === 'StatefulSet' || r.kind === 'DaemonSet' ? r.kind : 'Deployment';
  const checkDaemonSet = (ds: DaemonSet): void => {
    run.cluster.controllerManager?.daemonSetRollouts.observed(ds);
    if (ds.spec.updateStrategy.type !== 'RollingUpdate') done.fire('rollout status is only available for RollingUpdate strategy type');
    else if (daemonSetRolloutDone(ds)) done.fire('');
  };
  const check = (w: Deployment | StatefulSet | DaemonSet | undefined): void => {
    if (done.fired) return;
    if (w === undefined) return;
    if (w.kind === 'DaemonSet') {
      checkDaemonSet(w);
      return;
    }
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
  return message;
}
