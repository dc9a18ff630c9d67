import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GpuSelectionStateKey } from '../../../src/dra/gpu/node-gpus.js';
import { SchedulerCache } from '../../../src/scheduler/cache/scheduler-cache.js';
import { CycleState } from '../../../src/scheduler/framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, ReservePlugin } from '../../../src/scheduler/framework/extension-points.js';
import { PodInfo } from '../../../src/scheduler/framework/pod-info.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { openGpuSharePlugin } from '../../../src/scheduler/plugins/open-gpu-share.js';
import { makeHandle, makeNode } from '../fixtures.js';
import { gpuNode, gpuPod } from './gpu-fixtures.js';

function setup() {
  const cache = new SchedulerCache();
  const a = gpuNode(cache, 'a', 'T4', [1000, 300]);
  const b = gpuNode(cache, 'b', 'V100M16', [1000, 1000, 1000, 0]);
  const plugin = openGpuSharePlugin.factory({}, makeHandle(cache.nodeInfoList)) as unknown as PreFilterPlugin & FilterPlugin & ReservePlugin;
  return { cache, a, b, plugin };
}

test('Open-Gpu-Share filters on model, GPU count and free milli; pods without GPUs skip it', () => {
  const { a, b, plugin } = setup();
  const run = (pod: ReturnType<typeof gpuPod>) => {
    const state = new CycleState();
    const pre = plugin.preFilter(state, new PodInfo(pod), [a, b]);
    return { pre, onA: plugin.filter(state, new PodInfo(pod), a), onB: plugin.filter(state, new PodInfo(pod), b) };
  };
  assert.equal(run(gpuPod('cpu', 1000, 0, 0)).pre?.status?.code, Code.Skip);
  const share = run(gpuPod('share', 1000, 1, 700));
  assert.equal(share.onA, null);
  assert.equal(share.onB, null);
  const big = run(gpuPod('three', 1000, 3, 1000));
  assert.equal(big.onA?.code, Code.UnschedulableAndUnresolvable, 'two GPUs cannot hold three');
  assert.equal(big.onB, null);
  const four = run(gpuPod('four', 1000, 4, 1000));
  assert.deepEqual(four.onB?.reasons, ['Insufficient GPU']);
  const model = run(gpuPod('v100', 1000, 1, 100, ['V100M16']));
  assert.equal(model.onA?.code, Code.UnschedulableAndUnresolvable);
  assert.equal(model.onB, null);
});

test('Reserve takes the GPUs the policy chose, else first fit; Unreserve and pod removal give them back', () => {
  const { cache, a, plugin } = setup();
  const pod = new PodInfo(gpuPod('share', 1000, 1, 200));
  const state = new CycleState();
  plugin.preFilter(state, pod, [a]);
  state.write(GpuSelectionStateKey, new Map([['a', [1]]]));
  cache.assumePod(pod, 'a');
  assert.equal(plugin.reserve(state, pod, 'a'), null);
  assert.deepEqual([...a.gpus!.milliFree], [1000, 100]);
  plugin.unreserve(state, pod, 'a');
  assert.deepEqual([...a.gpus!.milliFree], [1000, 300]);
  // No selection: first fit (GPU 0 is the first with 400 free).
  const other = new PodInfo(gpuPod('other', 1000, 1, 400));
  const s2 = new CycleState();
  plugin.preFilter(s2, other, [a]);
  cache.assumePod(other, 'a');
  assert.equal(plugin.reserve(s2, other, 'a'), null);
  assert.deepEqual([...a.gpus!.milliFree], [600, 300]);
  cache.removePod(other.key);
  assert.deepEqual([...a.gpus!.milliFree], [1000, 300]);
});

test('the scheduler cache gives GPUs to nodes declaring alibabacloud.com/gpu-count and keeps their allocations across node updates', () => {
  const { cache, a } = setup();
  a.gpus!.assign('x', [0], 500);
  const updated = makeNode('a', { cpu: 32_000, memory: 2 ** 38, pods: 110, 'alibabacloud.com/gpu-count': 2, 'alibabacloud.com/gpu-milli': 2000 }, { labels: { 'alibabacloud.com/gpu-card-model': 'T4', extra: 'yes' } });
  assert.equal(cache.upsertNode(updated), a);
  assert.deepEqual([...a.gpus!.milliFree], [500, 300]);
  assert.equal(cache.upsertNode(makeNode('cpu-only')).gpus, undefined);
});
