/** `sleep`: waits `duration` of virtual time (scheduler_perf's sleep op). */
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';

/** The sleep op. */
export const sleepOp: OpDefinition = {
  opcode: 'sleep',
  schema: { required: ['duration'], properties: { duration: expr } },
  compile(ctx, path, raw, index) {
    const duration = ctx.atLeast([...path, 'duration'], raw['duration'], 'duration', 0);
    return {
      opcode: 'sleep',
      index,
      *run() {
        yield duration;
      },
    };
  },
};
