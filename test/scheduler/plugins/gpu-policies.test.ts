import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomStreams } from '../../../src/engine/rng.js';
import { SchedulerCache } from '../../../src/scheduler/cache/scheduler-cache.js';
import { bestFitScorePlugin } from '../../../src/scheduler/plugins/best-fit-score.js';
import { dotProductScorePlugin } from '../../../src/scheduler/plugins/dot-product-score.js';
import { fgdScorePlugin } from '../../../src/scheduler/plugins/fgd-score.js';
import { gpuClusteringScorePlugin } from '../../../src/scheduler/plugins/gpu-clustering-score.js';
import { gpuPackingScorePlugin } from '../../../src/scheduler/plugins/gpu-packing-score.js';
import { randomScorePlugin } from '../../../src/scheduler/plugins/random-score.js';
import { makeHandle } from '../fixtures.js';
import { gpuNode, gpuPod, scoreWith } from './gpu-fixtures.js';

/** Node a: one GPU partly shared (400 free); node b: two idle GPUs. */
function twoNodes() {
  const cache = new SchedulerCache();
  return [gpuNode(cache, 'a', 'T4', [1000, 400]), gpuNode(cache, 'b', 'T4', [1000, 1000])];
}
const share = gpuPod('share', 1000, 1, 300);
const typical = { typicalPods: [{ milliCpu: 1000, gpuMilli: 500, gpuCount: 1, popularity: 1 }] };

test('GpuPackingScore: a shared GPU (100 − 40/10 = 96) beats an idle node (33 − 2 = 31); the GPU is the least free that fits', () => {
  const r = scoreWith(gpuPackingScorePlugin, share, twoNodes());
  assert.deepEqual(r.scores, [96, 31]);
  assert.deepEqual(r.gpus.get('a'), [1]);
  assert.deepEqual(scoreWith(gpuPackingScorePlugin, gpuPod('cpu', 1000, 0, 0), twoNodes()).scores, [0, 0]);
});

test('BestFitScore: ⌊100 · (1 − ½·cpu left/128 cores − ½·GPU left/8 GPUs)⌋ after the pod', () => {
  const r = scoreWith(bestFitScorePlugin, share, twoNodes());
  // a: 100 · (1 − 15,500/128,000 − 550/8,000) = 81.02 → 81; b: 100 · (1 − 15,500/128,000 − 850/8,000) = 77.27 → 77.
  assert.deepEqual([...r.scores], [81, 77]);
  assert.deepEqual(r.gpus.get('a'), [1]);
});

test('DotProductScore: ⌊100 · (1 − dot/2)⌋ of the free (CPU, GPU) and the request, each over the largest node', () => {
  const r = scoreWith(dotProductScorePlugin, share, twoNodes());
  // a: dot = 32/128 · 1/128 + 1400/8000 · 300/8000 = 0.0085 → 99.57 → 99; b: dot = 0.0113 → 99.43 → 99 (a tie, as in the simulator).
  assert.deepEqual([...r.scores], [99, 99]);
});

test('GpuClusteringScore: a node holding only shares (75–100 band) beats an idle one (25–50 band)', () => {
  const r = scoreWith(gpuClusteringScorePlugin, share, twoNodes());
  // Integer arithmetic as upstream: a: 75 + ⌊25 · 6600/8000⌋ = 75 + 20; b: 25 + ⌊25 · 6000/8000⌋ = 25 + 18.
  assert.deepEqual([...r.scores], [95, 43]);
  // A whole-GPU pod is of another kind than the shares on a: a drops to the lowest band, the idle node wins.
  const whole = scoreWith(gpuClusteringScorePlugin, gpuPod('one', 1000, 1, 1000), twoNodes());
  assert.ok(whole.scores[1]! > whole.scores[0]!);
});

test('FGDScore: picks the node and GPU whose fragmentation grows least (here: shrinks by 300 on a)', () => {
  const r = scoreWith(fgdScorePlugin, share, twoNodes(), typical);
  // a: 400 of [1000, 400] is a fragment to a 500-milli pod; putting the 300 on GPU 1 leaves [1000, 100]: 100. b: 0 → 0.
  // Scores are ⌊100 · sigmoid(Δ/1000)⌋: a: ⌊57.44⌋ = 57; b: ⌊50⌋ = 50.
  assert.deepEqual([...r.scores], [57, 50]);
  assert.deepEqual(r.gpus.get('a'), [1]);
});

test('FGDScore and BestFitScore choose different GPUs when the tightest fit would strand a fragment', () => {
  const nodes = [gpuNode(new SchedulerCache(), 'c', 'T4', [1000, 600])];
  // Best fit takes GPU 1 (600 free) leaving 300, a fragment to the typical 500-milli pod; FGD takes GPU 0 (700 and 600 stay usable).
  assert.deepEqual(scoreWith(bestFitScorePlugin, share, nodes).gpus.get('c'), [1]);
  assert.deepEqual(scoreWith(fgdScorePlugin, share, nodes, typical).gpus.get('c'), [0]);
});

test('whole-GPU pods take the first wholly free GPUs under every policy', () => {
  for (const plugin of [bestFitScorePlugin, fgdScorePlugin, gpuPackingScorePlugin, dotProductScorePlugin, gpuClusteringScorePlugin]) {
    const nodes = [gpuNode(new SchedulerCache(), 'd', 'T4', [1000, 500, 1000, 1000])];
    assert.deepEqual(scoreWith(plugin, gpuPod('two', 1000, 2, 1000), nodes, plugin === fgdScorePlugin ? typical : {}).gpus.get('d'), [0, 2], plugin.name);
  }
});

test('RandomScore: exactly one feasible node scores 100, drawn uniformly from the seeded stream; a share gets a GPU that fits', () => {
  const picks = [0, 0];
  for (let seed = 1; seed <= 200; seed++) {
    const nodes = twoNodes();
    const r = scoreWith(randomScorePlugin, share, nodes, {}, makeHandle(nodes, { rng: new RandomStreams(seed).stream('test') }));
    assert.deepEqual([...r.scores].sort(), [0, 100]);
    const i = r.scores.indexOf(100);
    picks[i]!++;
    const gpu = r.gpus.get(nodes[i]!.name)!;
    assert.ok(nodes[i]!.gpus!.milliFree[gpu[0]!]! >= 300);
  }
  assert.ok(picks[0]! > 70 && picks[1]! > 70, `picks ${picks}`);
});

test('FGDScore: among GPUs whose integer scores tie, the lowest index is taken, as the simulator keeps the first unless a later one scores strictly higher', () => {
  const nodes = [gpuNode(new SchedulerCache(), 'e', 'T4', [1000, 550])];
  const twoTypical = { typicalPods: [{ milliCpu: 1000, gpuMilli: 500, gpuCount: 1, popularity: 0.5 }, { milliCpu: 1000, gpuMilli: 600, gpuCount: 1, popularity: 0.5 }] };
  // Before: 550 is a fragment to the 600-milli pod: F = 275. GPU 0 → [980, 550]: F = 275, Δ = 0 → ⌊50⌋ = 50.
  // GPU 1 → [1000, 530]: F = 265, Δ = 10 → ⌊50.25⌋ = 50. A tie: GPU 0, though GPU 1 leaves less fragmentation.
  const r = scoreWith(fgdScorePlugin, gpuPod('small', 1000, 1, 20), nodes, twoTypical);
  assert.deepEqual([...r.scores], [50]);
  assert.deepEqual(r.gpus.get('e'), [0]);
});
