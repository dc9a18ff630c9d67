/**
 * `startCollectingMetrics` / `stopCollectingMetrics`: bound the window in which histograms
 * record observations and throughput is measured (scheduler_perf's ops of the same names).
 */
import type { OpDefinition } from './registry.js';

/** The two collection-window ops. */
export const collectingMetricsOps: OpDefinition[] = [
  {
    opcode: 'startCollectingMetrics',
    schema: { properties: {} },
    compile: (_ctx, _path, _raw, index) => ({
      opcode: 'startCollectingMetrics',
      index,
      *run(ctx) {
        ctx.metrics.collecting = true;
        ctx.collectStart = ctx.sim.now;
        ctx.collectStop = undefined;
      },
    }),
  },
  {
    opcode: 'stopCollectingMetrics',
    schema: { properties: {} },
    compile: (_ctx, _path, _raw, index) => ({
      opcode: 'stopCollectingMetrics',
      index,
      *run(ctx) {
        ctx.metrics.collecting = false;
        ctx.collectStop = ctx.sim.now;
      },
    }),
  },
];
