/** `scale` (kubectl scale): sets `replicas` of a Deployment or ReplicaSet with a merge patch through the API; ends when answered. */
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';
import { appsKinds, compileResource, request, resourceProperties, succeeded } from './workload-resource.js';

/** The scale op. */
export const scaleOp: OpDefinition = {
  opcode: 'scale',
  schema: { required: ['resource', 'replicas'], properties: { ...resourceProperties, replicas: expr } },
  compile(ctx, path, raw, index) {
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
