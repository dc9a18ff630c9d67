/** `scale` (kubectl scale): sets `replicas` of a Deployment, ReplicaSet or StatefulSet with a merge patch through the API; ends when answered. */
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';
import { appsKinds, compileResource, request, resourceProperties, succeeded } from './workload-resource.js';

/** The scale op. */
export const scaleOp: OpDefinition = {
  opcode: 'scale',
  schema: { required: ['resource', 'replicas'], properties: { ...resourceProperties, replicas: expr } },
  compile(ctx, path, raw, index) {
    // A DaemonSet or a Job has no replicas to scale here (kubectl scale refuses a DaemonSet).
    const r = compileResource(ctx, path, raw, appsKinds);
    const replicas = ctx.atLeast([...path, 'replicas'], raw['replicas'], 'integer', 0);
    if (r === undefined || Number.isNaN(replicas)) return undefined;
    return {
      opcode: 'scale',
      index,
      *run(run) {
        succeeded(run, 'scale', index, r, yield* request(run, r, { verb: 'PATCH', body: { spec: { replicas } } }));
      },
    };
  },
};
