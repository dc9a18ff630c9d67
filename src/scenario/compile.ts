/**
 * Validates and compiles a whole scenario before time 0: structure (JSON Schema), params,
 * expressions and units, node pools, pod templates and every workload op. All problems are
 * collected and thrown together as one InputError.
 */
import type { Registry } from '../scheduler/framework/registry.js';
import { newInTreeRegistry } from '../scheduler/in-tree-registry.js';
import type { Scope } from './expression.js';
import { evaluateValue } from './expression.js';
import { CompileContext } from './compile-context.js';
import { compileCluster } from './compile-cluster.js';
import { compileImagePulls } from './compile-images.js';
import { poolZones } from './ops/node-selection.js';
import { compileSlos } from './compile-slos.js';
import { compileSweep } from './compile-sweep.js';
import { InputError } from './input-error.js';
import { compileOp } from './ops/registry.js';
import { checkSchema } from './schema-check.js';
import { scenarioSchema } from './schema.js';
import type { ScenarioSource } from './source.js';
import type { OpSpec, ScenarioSpec } from './spec.js';

type Raw = Record<string, unknown>;

/** Default virtual-time limit of a run (24 h). */
const defaultDuration = 24 * 3600 * 1e6;
/** Default sampling interval of the time series (1 s). */
const defaultSampleInterval = 1e6;

/** Options of compilation: the seed from the command line, and the plugin registry (in-tree plus loaded out-of-tree plugins). */
export interface CompileOptions {
  readonly seed?: number | string;
  readonly registry?: Registry;
}

/** Compiles `source` (with any --set already applied); throws InputError listing every problem. */
export function compileScenario(source: ScenarioSource, options: CompileOptions = {}): ScenarioSpec {
  const raw = source.toJS();
  const probe = new CompileContext(source, {});
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    probe.problem([], 'a scenario must be a YAML mapping with apiVersion, kind, metadata, cluster and workload');
    throw new InputError(probe.problems);
  }
  if (!checkSchema(probe, scenarioSchema, raw, [])) throw new InputError(probe.problems);
  const doc = raw as Raw;
  const scope = compileParams(probe, (doc['params'] ?? {}) as Raw);
  if (probe.problems.length > 0) throw new InputError(probe.problems);

  const ctx = new CompileContext(source, scope);
  const images = compileImagePulls(ctx, doc['registries'], doc['cluster'] as Raw);
  const compiled = compileCluster(ctx, doc['cluster'] as Raw, options.registry ?? newInTreeRegistry());
  let cluster = images === undefined ? compiled : { ...compiled, images };
  ctx.nodePoolNames = cluster.nodePools.map((p) => p.name);
  const duration = doc['duration'] === undefined ? defaultDuration : ctx.atLeast(['duration'], doc['duration'], 'duration', 1);
  ctx.duration = Number.isNaN(duration) ? undefined : duration;
  ctx.nodePoolZones = new Map(cluster.nodePools.map((p) => [p.name, poolZones(p)]));
  ctx.nodePoolCounts = new Map(cluster.nodePools.map((p) => [p.name, p.count]));
  ctx.nodePoolLabels = new Map(cluster.nodePools.map((p) => [p.name, p.labels]));
  const workload: OpSpec[] = [];
  // `manifests:` — files (or inline objects) applied before the first workload op, each entry as an apply op takes it.
  ((doc['manifests'] ?? []) as Raw[]).forEach((entry, i) => {
    const compiled = compileOp(ctx, ['manifests', i], { ...entry, opcode: 'apply' }, -i - 1);
    if (compiled !== undefined) workload.push(compiled);
  });
  (doc['workload'] as Raw[]).forEach((op, i) => {
    const compiled = compileOp(ctx, ['workload', i], op, i);
    if (compiled !== undefined) workload.push(compiled);
  });
  for (const check of ctx.finalChecks) check();
  // Failing nodes needs the node lifecycle controller to notice: it starts with the cluster.
  if (workload.some((op) => op.opcode === 'failNodes')) cluster = { ...cluster, nodeLifecycle: { ...cluster.nodeLifecycle, enabled: true } };
  const sampleInterval = doc['sampleInterval'] === undefined ? defaultSampleInterval : ctx.atLeast(['sampleInterval'], doc['sampleInterval'], 'duration', 1000);
  const slos = compileSlos(ctx, doc['slos']);
  const seed = options.seed ?? (doc['seed'] as number | string | undefined) ?? 1;
  const sweep = compileSweep(ctx, doc, seed);
  if (ctx.problems.length > 0) throw new InputError(ctx.problems);
  const meta = doc['metadata'] as Raw;
  return {
    name: String(meta['name']),
    description: (meta['description'] as string | undefined) ?? '',
    file: source.file,
    seed,
    params: scope,
    duration,
    sampleInterval,
    cluster,
    workload,
    slos,
    sweep,
  };
}

/** Evaluates params in order; each may use the ones before it. */
function compileParams(ctx: CompileContext, raw: Raw): Scope {
  const scope: Record<string, number> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      scope[name] = evaluateValue(value as number | string, 'number', scope);
    } catch (e) {
      ctx.problem(['params', name], (e as Error).message);
    }
  }
  return scope;
}
