/** `delete` (kubectl delete deployment/web): deletes a Deployment, ReplicaSet, StatefulSet or Job through the API; the garbage collector deletes what it owns. Ends when answered. */
import type { OpDefinition } from './registry.js';
import { compileResource, request, resourceProperties, succeeded } from './workload-resource.js';

/** The delete op. */
export const deleteOp: OpDefinition = {
  opcode: 'delete',
  schema: { required: ['resource'], properties: resourceProperties },
  compile(ctx, path, raw, index) {
    const r = compileResource(ctx, path, raw);
    if (r === undefined) return undefined;
    return {
      opcode: 'delete',
      index,
      *run(run) {
        succeeded(run, 'delete', index, r, yield* request(run, r, { verb: 'DELETE' }));
      },
    };
  },
};
