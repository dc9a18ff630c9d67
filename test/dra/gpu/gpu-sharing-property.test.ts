import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { gpuShareAnnotations } from '../../../src/dra/gpu/gpu-share-annotations.js';
import { GpuMilli } from '../../../src/dra/gpu/node-gpus.js';
import { SchedulerCache } from '../../../src/scheduler/cache/scheduler-cache.js';
import { CycleState } from '../../../src/scheduler/framework/cycle-state.js';
import { PodInfo } from '../../../src/scheduler/framework/pod-info.js';
import { openGpuSharePlugin } from '../../../src/scheduler/plugins/open-gpu-share.js';
import type { FilterPlugin, PreFilterPlugin, ReservePlugin } from '../../../src/scheduler/framework/extension-points.js';
import { makeHandle, makeNode, makePod } from '../../scheduler/fixtures.js';

const node = makeNode('g', { cpu: 1_000_000, memory: 2 ** 40, pods: 10_000, 'alibabacloud.com/gpu-count': 4, 'alibabacloud.com/gpu-milli': 4000 }, { labels: { 'alibabacloud.com/gpu-card-model': 'T4' } });

type Op = { readonly kind: 'add'; readonly count: number; readonly milli: number } | { readonly kind: 'remove'; readonly which: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), count: fc.constant(1), milli: fc.integer({ min: 1, max: 1000 }) }),
  fc.record({ kind: fc.constant('add' as const), count: fc.integer({ min: 1, max: 4 }), milli: fc.constant(1000) }),
  fc.record({ kind: fc.constant('remove' as const), which: fc.nat() }),
);

test('fractional GPU sharing never over-commits a GPU, and releases exactly what it took (random request sequences)', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const cache = new SchedulerCache();
      const ni = cache.upsertNode(node);
      const plugin = openGpuSharePlugin.factory({}, makeHandle(cache.nodeInfoList)) as unknown as PreFilterPlugin & FilterPlugin & ReservePlugin;
      const placed: string[] = [];
      ops.forEach((o, i) => {
        if (o.kind === 'remove') {
          if (placed.length === 0) return;
          const [key] = placed.splice(o.which % placed.length, 1);
          cache.removePod(key as string);
          return;
        }
        const pod = new PodInfo({ ...makePod(`p${i}`, { cpu: 1 }), metadata: { ...makePod(`p${i}`).metadata, annotations: gpuShareAnnotations(o.count, o.milli, []) } });
        const state = new CycleState();
        plugin.preFilter(state, pod, cache.nodeInfoList);
        if (plugin.filter(state, pod, ni) !== null) return;
        cache.assumePod(pod, 'g');
        assert.equal(plugin.reserve(state, pod, 'g'), null);
        placed.push(pod.key);
      });
      const gpus = ni.gpus!;
      const used = new Float64Array(gpus.count);
      for (const a of gpus.assignments()) for (const g of a.indices) used[g] = (used[g] as number) + a.milli;
      for (let g = 0; g < gpus.count; g++) {
        assert.ok((used[g] as number) <= GpuMilli, `GPU ${g} over-committed: ${used[g]}`);
        assert.equal(gpus.milliFree[g], GpuMilli - (used[g] as number));
      }
    }),
    { numRuns: 300, seed: 42 },
  );
});
