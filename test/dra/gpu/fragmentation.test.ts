import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FragmentationMeasure } from '../../../src/dra/gpu/fragmentation.js';
import { typicalPodsOf, type TypicalPod } from '../../../src/dra/gpu/typical-pods.js';

/** Three typical pods: CPU-only (p 0.2), a 500-milli share (p 0.5), two whole GPUs (p 0.3). */
const typical: TypicalPod[] = [
  { milliCpu: 1000, gpuMilli: 0, gpuCount: 0, gpuModels: [], popularity: 0.2 },
  { milliCpu: 2000, gpuMilli: 500, gpuCount: 1, gpuModels: [], popularity: 0.5 },
  { milliCpu: 4000, gpuMilli: 1000, gpuCount: 2, gpuModels: [], popularity: 0.3 },
];

test('node fragmentation of a hand-computed node: idle GPU milli each typical pod cannot use, weighted by popularity', () => {
  const f = new FragmentationMeasure(typical);
  // Idle 2,900: CPU-only pod 0.2·2900 = 580; the 500 share fits, only the 300-milli GPU is a fragment: 0.5·300 = 150;
  // two whole GPUs fit, the partly used 300 + 600 are fragments: 0.3·900 = 270. Total 1000.
  assert.equal(f.nodeFragmentation('T4', 8000, Int32Array.from([1000, 1000, 300, 600])), 1000);
  // Without the CPU for the two-GPU pod, every idle milli is a fragment to it: 580 + 150 + 0.3·2900 = 1600.
  assert.equal(f.nodeFragmentation('T4', 3000, Int32Array.from([1000, 1000, 300, 600])), 1600);
  // Fewer than two wholly free GPUs: the two-GPU pod cannot run (0.3·2000), the share still can (0.5·0).
  assert.equal(f.nodeFragmentation('T4', 8000, Int32Array.from([1000, 500, 500, 0])), 0.2 * 2000 + 0 + 0.3 * 2000);
  // Nothing idle: nothing fragmented.
  assert.equal(f.nodeFragmentation('T4', 8000, Int32Array.from([0, 0])), 0);
});

test('a GPU model the typical pod does not accept makes every idle milli a fragment to it', () => {
  const f = new FragmentationMeasure([{ ...typical[1]!, gpuModels: ['V100M16'], popularity: 1 }]);
  assert.equal(f.nodeFragmentation('T4', 8000, Int32Array.from([1000, 400])), 1400);
  assert.equal(f.nodeFragmentation('V100M16', 8000, Int32Array.from([1000, 400])), 400);
});

test('typical pods: most popular shapes covering the threshold, popularities renormalised to 1', () => {
  const shape = (milliCpu: number, gpuMilli: number, gpuCount: number) => ({ milliCpu, gpuMilli, gpuCount, gpuModels: [] });
  const pods = [...Array(6).fill(shape(1000, 500, 1)), ...Array(3).fill(shape(2000, 1000, 1)), shape(4000, 1000, 8)];
  const t = typicalPodsOf(pods, 0.9);
  assert.deepEqual(t.map((p) => [p.gpuMilli, p.gpuCount]), [[500, 1], [1000, 1]]);
  assert.deepEqual(t.map((p) => p.popularity), [6 / 9, 3 / 9]);
  assert.equal(typicalPodsOf(pods, 0.95).length, 3);
});

test('typical pods: equally popular shapes are ordered as the simulator orders them (descending CPU, then milli per GPU, GPU count, models), which decides the cut', () => {
  const shape = (milliCpu: number, gpuMilli: number, gpuCount: number) => ({ milliCpu, gpuMilli, gpuCount, gpuModels: [] });
  const pods = [shape(1000, 500, 1), shape(1000, 500, 1), shape(2000, 500, 1), shape(2000, 500, 1), shape(2000, 300, 1), shape(2000, 300, 1)];
  assert.deepEqual(typicalPodsOf(pods, 0.3).map((p) => [p.milliCpu, p.gpuMilli]), [[2000, 500]]);
  assert.deepEqual(typicalPodsOf(pods, 0.6).map((p) => [p.milliCpu, p.gpuMilli]), [[2000, 500], [2000, 300]]);
});
