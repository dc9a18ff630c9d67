/** GPU nodes and pods for the Open-Gpu-Share and GPU placement policy tests. */
import type { Pod } from '../../../src/api/objects.js';
import { gpuShareAnnotations } from '../../../src/dra/gpu/gpu-share-annotations.js';
import { GpuRequestStateKey, GpuSelectionStateKey, type GpuRequest } from '../../../src/dra/gpu/node-gpus.js';
import { SchedulerCache } from '../../../src/scheduler/cache/scheduler-cache.js';
import { CycleState } from '../../../src/scheduler/framework/cycle-state.js';
import type { PreScorePlugin, ScorePlugin } from '../../../src/scheduler/framework/extension-points.js';
import type { FrameworkHandle } from '../../../src/scheduler/framework/handle.js';
import type { NodeInfo } from '../../../src/scheduler/framework/node-info.js';
import { PodInfo } from '../../../src/scheduler/framework/pod-info.js';
import type { PluginDefinition } from '../../../src/scheduler/framework/registry.js';
import { makeHandle, makeNode, makePod } from '../fixtures.js';

/** A node `name` of `model` with `free[i]` milli free on GPU i (taken by pods `<name>-used-<i>`) and `cpu` millicores. */
export function gpuNode(cache: SchedulerCache, name: string, model: string, free: readonly number[], cpu = 32_000): NodeInfo {
  const node = makeNode(name, { cpu, memory: 2 ** 38, pods: 110, 'alibabacloud.com/gpu-count': free.length, 'alibabacloud.com/gpu-milli': 1000 * free.length }, { labels: { 'alibabacloud.com/gpu-card-model': model } });
  const ni = cache.upsertNode(node);
  free.forEach((f, i) => {
    if (f < 1000) ni.gpus?.assign(`${name}-used-${i}`, [i], 1000 - f);
  });
  return ni;
}

/** A pod asking `cpu` millicores and `count` GPUs of `milli` each (none when count is 0). */
export function gpuPod(name: string, cpu: number, count: number, milli: number, models: readonly string[] = []): Pod {
  const p = makePod(name, { cpu });
  return count === 0 ? p : { ...p, metadata: { ...p.metadata, annotations: gpuShareAnnotations(count, milli, models) } };
}

/** Scores `nodes` for `pod` with `plugin` as the framework would; returns the scores and the GPU chosen per node. */
export function scoreWith(plugin: PluginDefinition, pod: Pod, nodes: NodeInfo[], args: Record<string, unknown> = {}, handle: FrameworkHandle = makeHandle(nodes)): { scores: number[]; gpus: ReadonlyMap<string, readonly number[]> } {
  const p = plugin.factory(args, handle) as unknown as PreScorePlugin & ScorePlugin;
  const info = new PodInfo(pod);
  const state = new CycleState();
  const a = pod.metadata.annotations;
  if (a !== undefined) {
    const req: GpuRequest = { count: Number(a['alibabacloud.com/gpu-count']), milli: Number(a['alibabacloud.com/gpu-milli']), models: (a['alibabacloud.com/gpu-card-model'] ?? '').split('|').filter((m) => m !== '') };
    state.write(GpuRequestStateKey, req);
  }
  p.preScore(state, info, nodes);
  const out = new Float64Array(nodes.length);
  if (p.scoreNodes !== undefined) p.scoreNodes(state, info, nodes, out);
  else nodes.forEach((n, i) => (out[i] = p.score(state, info, n)));
  return { scores: [...out], gpus: state.read<Map<string, readonly number[]>>(GpuSelectionStateKey) ?? new Map() };
}
