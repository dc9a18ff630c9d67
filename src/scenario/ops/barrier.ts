/**
 * `barrier`: waits until every pod the workload created so far is scheduled (scheduler_perf's
 * barrier) or, with `for: Running`, running — failed pods count as done. Gives up after
 * `timeout` (default 1 h of virtual time) with a warning.
 */
import { Signal } from '../../engine/process.js';
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';

/** The barrier op. */
export const barrierOp: OpDefinition = {
  opcode: 'barrier',
  schema: { properties: { for: { enum: ['Scheduled', 'Running'] }, timeout: expr } },
  compile(ctx, path, raw, index) {
    const stage = (raw['for'] as 'Scheduled' | 'Running' | undefined) ?? 'Scheduled';
    const timeout = raw['timeout'] === undefined ? 3600e6 : ctx.atLeast([...path, 'timeout'], raw['timeout'], 'duration', 1);
    return {
      opcode: 'barrier',
      index,
      *run(run) {
        const c = run.tracker.counts;
        const reached = (): boolean => (stage === 'Scheduled' ? c.scheduled : c.running) + c.failed >= run.podsCreated;
        if (reached()) return;
        const done = new Signal<boolean>(run.sim);
        const unsubscribe = run.tracker.subscribe(() => {
          if (!done.fired && reached()) done.fire(true);
        });
        const timer = run.sim.register<null>(() => {
          if (!done.fired) done.fire(false);
        });
        const handle = run.sim.schedule(timeout, timer, null);
        const ok = (yield done) as boolean;
        unsubscribe();
        run.sim.cancel(handle);
        if (!ok) {
          const have = stage === 'Scheduled' ? c.scheduled : c.running;
          run.warn(`barrier workload[${index}]: timed out after ${timeout / 1e6} s with ${have + c.failed} of ${run.podsCreated} pods ${stage}`);
        }
      },
    };
  },
};
