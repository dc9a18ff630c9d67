/**
 * `createNodes`: `count` more nodes of a declared node pool register through the API (each
 * kubelet POSTs its Node and starts); the op ends when all are registered. As scheduler_perf's
 * createNodes, with the node shape taken from `cluster.nodePools[pool]`; `devices` gives the nodes
 * a GPU DRA driver that publishes their ResourceSlice once they have registered.
 */
import { Signal } from '../../engine/process.js';
import type { ApiResponse } from '../../controlplane/apiserver/request.js';
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';
import { compileNodeDevices, nodeDevicesSchema } from '../compile-dra.js';

/** The createNodes op. */
export const createNodesOp: OpDefinition = {
  opcode: 'createNodes',
  schema: { required: ['count', 'pool'], properties: { count: expr, pool: { type: 'string' }, devices: nodeDevicesSchema } },
  compile(ctx, path, raw, index) {
    const count = ctx.atLeast([...path, 'count'], raw['count'], 'integer', 0);
    const poolName = String(raw['pool']);
    // `devices`: the DRA driver each new node runs, which publishes the node's ResourceSlice.
    const devices = raw['devices'] === undefined ? undefined : compileNodeDevices(ctx, [...path, 'devices'], raw['devices'] as Record<string, unknown>);
    const declared = ctx.nodePoolNames;
    if (!declared.includes(poolName)) {
      ctx.problem([...path, 'pool'], `no node pool named "${poolName}" in cluster.nodePools (declared: ${declared.join(', ') || 'none'})`);
      return undefined;
    }
    return {
      opcode: 'createNodes',
      index,
      *run(run) {
        const pool = run.cluster.pool(poolName);
        if (pool === undefined || count === 0) return;
        const done = new Signal<void>(run.sim);
        let answered = 0;
        const onResponse = (resp: ApiResponse): void => {
          if (resp.code !== 201) run.warn(`createNodes workload[${index}]: node registration failed with ${resp.code}: ${resp.message ?? ''}`);
          if (++answered === count) done.fire();
        };
        for (let i = 0; i < count; i++) run.cluster.registerNode(pool, onResponse, devices);
        yield done;
      },
    };
  },
};
