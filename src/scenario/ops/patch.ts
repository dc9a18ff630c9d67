/**
 * `patch` (kubectl patch --type merge): a JSON merge patch of a Deployment's or ReplicaSet's
 * `spec` (and `metadata.labels`/`annotations`) through the API; ends when answered. Changing
 * `spec.template` starts a rollout. The patched object is checked when the op runs: a result
 * the apiserver would reject is a warning and the object stays as it was.
 */
import type { OpDefinition } from './registry.js';
import { compileResource, request, resourceProperties, succeeded } from './workload-resource.js';

/** The patch op. */
export const patchOp: OpDefinition = {
  opcode: 'patch',
  schema: {
    required: ['resource', 'patch'],
    properties: {
      ...resourceProperties,
      patch: {
        type: 'object',
        additionalProperties: false,
        properties: { spec: { type: 'object' }, metadata: { type: 'object', additionalProperties: false, properties: { labels: { type: 'object' }, annotations: { type: 'object' } } } },
      },
    },
  },
  compile(ctx, path, raw, index) {
    const r = compileResource(ctx, path, raw);
    if (r === undefined) return undefined;
    const body = raw['patch'];
    return {
      opcode: 'patch',
      index,
      *run(run) {
        succeeded(run, 'patch', index, r, yield* request(run, r, { verb: 'PATCH', body }));
      },
    };
  },
};
