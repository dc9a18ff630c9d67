/**
 * Workload ops by `opcode`, in the style of scheduler_perf's workload templates. Each op checks
 * its own fields against its schema and compiles to a process run in virtual time; any op with
 * `background: true` runs alongside the ops after it.
 */
import { spawn } from '../../engine/process.js';
import type { CompileContext } from '../compile-context.js';
import type { FieldPath } from '../input-error.js';
import { checkSchema } from '../schema-check.js';
import type { OpSpec } from '../spec.js';
import { apiRequestsOp } from './api-requests.js';
import { applyOp } from './apply.js';
import { barrierOp } from './barrier.js';
import { canaryOp } from './canary.js';
import { collectingMetricsOps } from './collecting-metrics.js';
import { createNodesOp } from './create-nodes.js';
import { createPodsOp } from './create-pods.js';
import { deletePodsOp } from './delete-pods.js';
import { drainOp } from './drain.js';
import { etcdBenchmarkPutOp } from './etcd-benchmark-put.js';
import { etcdPutsOp } from './etcd-puts.js';
import { failNodesOp, recoverNodesOp } from './fail-nodes.js';
import { deleteOp } from './delete-object.js';
import { patchOp } from './patch.js';
import { rolloutPauseOps } from './rollout-pause.js';
import { rolloutStatusOp } from './rollout-status.js';
import { rolloutUndoOp } from './rollout-undo.js';
import { scaleOp } from './scale.js';
import { setImageOp } from './set-image.js';
import { replayTraceOp } from './replay-trace.js';
import { sleepOp } from './sleep.js';
import { waitForJobOp } from './wait-for-job.js';
import { setLoadOp } from './set-load.js';

/** An op: its schema (without `opcode`) and a compiler from raw fields to a runnable op. */
export interface OpDefinition {
  readonly opcode: string;
  readonly schema: { readonly properties: object; readonly required?: readonly string[] };
  compile(ctx: CompileContext, path: FieldPath, raw: Record<string, unknown>, index: number): OpSpec | undefined;
}

const definitions: OpDefinition[] = [createNodesOp, createPodsOp, sleepOp, barrierOp, ...collectingMetricsOps, apiRequestsOp, etcdBenchmarkPutOp, etcdPutsOp, deletePodsOp, applyOp, replayTraceOp, failNodesOp, recoverNodesOp,
  rolloutStatusOp, setImageOp, scaleOp, patchOp, rolloutUndoOp, ...rolloutPauseOps, deleteOp, canaryOp,
  drainOp,
  waitForJobOp,
  setLoadOp,
];

/** The known opcodes, for messages and docs. */
export const opcodes: readonly string[] = definitions.map((d) => d.opcode);

const byOpcode = new Map(definitions.map((d) => [d.opcode, d]));
const schemas = new Map(
  definitions.map((d) => [
    d.opcode,
    { type: 'object', additionalProperties: false, required: d.schema.required ?? [], properties: { opcode: { type: 'string' }, background: { type: 'boolean' }, ...d.schema.properties } },
  ]),
);

/** Compiles workload item `raw` at `path`; records problems and returns undefined when invalid. */
export function compileOp(ctx: CompileContext, path: FieldPath, raw: Record<string, unknown>, index: number): OpSpec | undefined {
  const opcode = String(raw['opcode']);
  const def = byOpcode.get(opcode);
  if (def === undefined) {
    ctx.problem([...path, 'opcode'], `unknown opcode "${opcode}" (known: ${opcodes.join(', ')})`);
    return undefined;
  }
  if (!checkSchema(ctx, schemas.get(opcode) as object, raw, path)) return undefined;
  const op = def.compile(ctx, path, raw, index);
  if (op === undefined || raw['background'] !== true) return op;
  // `background: true`: the op runs as its own process and the next op starts at once.
  return {
    opcode: op.opcode,
    index,
    *run(run) {
      spawn(run.sim, () => op.run(run));
    },
  };
}
