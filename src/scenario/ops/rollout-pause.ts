/** `rolloutPause` and `rolloutResume` (kubectl rollout pause/resume): set a Deployment's `spec.paused` through the API; end when answered. */
import type { OpDefinition } from './registry.js';
import { compileResource, request, resourceProperties, succeeded } from './workload-resource.js';

function pauseOp(opcode: string, paused: boolean): OpDefinition {
  return {
    opcode,
    schema: { required: ['resource'], properties: resourceProperties },
    compile(ctx, path, raw, index) {
      const r = compileResource(ctx, path, raw, 'Deployment');
      if (r === undefined) return undefined;
      return {
        opcode,
        index,
        *run(run) {
          succeeded(run, opcode, index, r, yield* request(run, r, { verb: 'PATCH', body: { spec: { paused } } }));
        },
      };
    },
  };
}

/** The rolloutPause and rolloutResume ops. */
export const rolloutPauseOps: readonly OpDefinition[] = [pauseOp('rolloutPause', true), pauseOp('rolloutResume', false)];
