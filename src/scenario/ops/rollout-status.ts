/**
 * `rolloutStatus` (kubectl rollout status deployment/web, statefulset/db, daemonset/agent): waits until the
 * workload's rollout is complete as kubectl judges it (rollout-wait.ts). A Deployment past its
 * progress deadline ends the op with kubectl's error as a warning, and so do an OnDelete
 * StatefulSet or DaemonSet (no rollout status) and `timeout` (default 1 h).
 */
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';
import { waitForRollout } from './rollout-wait.js';
import { compileResource, resourceProperties } from './workload-resource.js';

/** The rolloutStatus op. */
export const rolloutStatusOp: OpDefinition = {
  opcode: 'rolloutStatus',
  schema: { required: ['resource'], properties: { ...resourceProperties, timeout: expr } },
  compile(ctx, path, raw, index) {
    const r = compileResource(ctx, path, raw, ['Deployment', 'StatefulSet', 'DaemonSet']);
    const timeout = raw['timeout'] === undefined ? 3600e6 : ctx.atLeast([...path, 'timeout'], raw['timeout'], 'duration', 1);
    if (r === undefined) return undefined;
    return {
      opcode: 'rolloutStatus',
      index,
      *run(run) {
        const message = yield* waitForRollout(run, r, timeout);
        if (message !== '') run.warn(`rolloutStatus workload[${index}]: ${message}`);
      },
    };
  },
};
