/**
 * `failNodes` and `recoverNodes`: nodes fail (their kubelet dies or is cut off, so its Lease
 * renewals and status updates stop) or come back (heartbeats restart, the status is posted Ready).
 * Nodes are picked by `node`, `pool`, `zone` and `fraction` (node-selection.ts); the op ends at
 * once. A scenario with `failNodes` runs the node lifecycle and taint eviction controllers.
 */
import type { CompileContext } from '../compile-context.js';
import type { FieldPath } from '../input-error.js';
import type { OpSpec } from '../spec.js';
import { compileNodeSelection, nodeSelectionProperties, selectNodes } from './node-selection.js';
import type { OpDefinition } from './registry.js';

function nodeOp(opcode: 'failNodes' | 'recoverNodes'): OpDefinition {
  return {
    opcode,
    schema: { properties: nodeSelectionProperties },
    compile(ctx: CompileContext, path: FieldPath, raw: Record<string, unknown>, index: number): OpSpec | undefined {
      const selection = compileNodeSelection(ctx, path, raw);
      if (selection === undefined) return undefined;
      const fail = opcode === 'failNodes';
      return {
        opcode,
        index,
        *run(run) {
          const candidates = run.cluster.kubeletNodes().filter((n) => n.failed !== fail);
          const picked = selectNodes(selection, candidates, run.cluster.streams.stream('node-failures'));
          if (picked.length === 0) run.warn(`${opcode} workload[${index}]: no ${fail ? 'running' : 'failed'} node matched`);
          for (const n of picked) {
            if (fail) run.cluster.failNode(n.name);
            else run.cluster.recoverNode(n.name);
          }
        },
      };
    },
  };
}

/** The failNodes op: the selected nodes stop their heartbeats. */
export const failNodesOp: OpDefinition = nodeOp('failNodes');
/** The recoverNodes op: the selected failed nodes restart their heartbeats. */
export const recoverNodesOp: OpDefinition = nodeOp('recoverNodes');
