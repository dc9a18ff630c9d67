/**
 * `replayTrace`: replays the Alibaba GPU trace (openb) — a node list and a pod list, paths
 * relative to the scenario file, checked before time 0 (a bad cell is reported with its file,
 * line and column). Two modes:
 *
 *   - `placement` (default): the FGD paper's protocol as its simulator runs it — the trace's pods
 *     shuffled with the run's seed, topped up with resampled pods (or thinned) until their GPU
 *     request reaches `targetLoad` × the cluster's GPUs, scheduled one by one with the profile
 *     `schedulerName`'s plugins (ties to a per-run random node order) and never leaving; no API,
 *     no virtual time. Writes gpu-placement.csv and the gpu_* summary metrics.
 *   - `timed`: the trace's nodes register through the API with their kubelets, and each pod is
 *     created at its `creation_time` and deleted at its `deletion_time` (trace seconds within
 *     [`from`, `until`), times `timeScale`) through the full control plane; gpu-placement.csv then
 *     samples the GPU load, allocation and fragmentation over virtual time.
 */
import { dirname, resolve } from 'node:path';
import { InputError } from '../input-error.js';
import { expr } from '../schema.js';
import { readTraceNodes, readTracePods, type TraceNode, type TracePod } from '../../workload/openb-trace.js';
import { runPlacementProtocol } from '../../workload/openb-placement.js';
import { recordPlacementMetrics, renderPlacementCsv } from '../../workload/gpu-placement-report.js';
import { timedReplay } from '../../workload/openb-timed-replay.js';
import type { CompileContext } from '../compile-context.js';
import type { FieldPath } from '../input-error.js';
import type { OpDefinition } from './registry.js';

function loadTrace<T>(ctx: CompileContext, path: FieldPath, file: string, read: (f: string) => T): T | undefined {
  try {
    return read(file);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    ctx.problems.push(...e.problems.map((p) => (p.line === 0 && p.path.length === 0 ? ctx.source.problem(path, `${p.file}: ${p.message}`) : p)));
    return undefined;
  }
}

/** The replayTrace op. */
export const replayTraceOp: OpDefinition = {
  opcode: 'replayTrace',
  schema: {
    required: ['nodes', 'pods'],
    properties: {
      nodes: { type: 'string' }, pods: { type: 'string' }, mode: { enum: ['placement', 'timed'] }, schedulerName: { type: 'string' },
      namespace: { type: 'string' }, targetLoad: expr, step: expr, timeScale: expr, from: expr, until: expr, sampleEvery: expr,
    },
  },
  compile(ctx, path, raw, index) {
    const base = dirname(ctx.source.file);
    const mode = (raw['mode'] as string | undefined) ?? 'placement';
    const nodesFile = resolve(base, String(raw['nodes']));
    const podsFile = resolve(base, String(raw['pods']));
    const nodes = loadTrace<TraceNode[]>(ctx, [...path, 'nodes'], nodesFile, readTraceNodes);
    const pods = loadTrace<TracePod[]>(ctx, [...path, 'pods'], podsFile, (f) => readTracePods(f, mode === 'timed'));
    const targetLoad = raw['targetLoad'] === undefined ? 1.3 : ctx.atLeast([...path, 'targetLoad'], raw['targetLoad'], 'number', 0.01);
    const step = raw['step'] === undefined ? 0.005 : ctx.atLeast([...path, 'step'], raw['step'], 'number', 0.0001);
    const timeScale = raw['timeScale'] === undefined ? 1 : ctx.atLeast([...path, 'timeScale'], raw['timeScale'], 'number', 1e-9);
    const from = raw['from'] === undefined ? 0 : ctx.atLeast([...path, 'from'], raw['from'], 'number', 0);
    const until = raw['until'] === undefined ? Infinity : ctx.atLeast([...path, 'until'], raw['until'], 'number', 0);
    const sampleEvery = raw['sampleEvery'] === undefined ? 60e6 : ctx.atLeast([...path, 'sampleEvery'], raw['sampleEvery'], 'duration', 1000);
    const schedulerName = (raw['schedulerName'] as string | undefined) ?? 'default-scheduler';
    const namespace = (raw['namespace'] as string | undefined) ?? 'default';
    if (nodes !== undefined && !nodes.some((n) => n.gpuCount > 0)) ctx.problem([...path, 'nodes'], `${nodesFile}: no node has a GPU`);
    if (nodes === undefined || pods === undefined) return undefined;
    return {
      opcode: 'replayTrace',
      index,
      *run(run) {
        const profile = run.cluster.spec.scheduler.profiles.find((p) => p.schedulerName === schedulerName);
        if (profile === undefined) {
          run.warn(`replayTrace workload[${index}]: no scheduler profile named "${schedulerName}"`);
          return;
        }
        if (mode === 'timed') {
          yield* timedReplay(run, { nodes, pods, schedulerName, namespace, timeScale, from, until, sampleEvery, index });
          return;
        }
        const spec = run.cluster.spec;
        const out = runPlacementProtocol({ nodes, pods, profile, registry: spec.registry, costModel: spec.scheduler.costModel, streams: run.cluster.streams, targetLoad, step, namespace });
        recordPlacementMetrics(run.metrics, out);
        run.outputFiles.set('gpu-placement.csv', renderPlacementCsv(out.points));
      },
    };
  },
};
