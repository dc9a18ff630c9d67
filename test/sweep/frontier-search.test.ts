import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultStep, gridPoints, searchFrontier } from '../../src/plan/frontier-search.js';

async function search(points: number[], direction: 'maximize' | 'minimize', holds: (v: number) => boolean): Promise<{ answer: number | undefined; probed: number[] }> {
  const r = await searchFrontier(points, direction, async (v) => ({ holds: holds(v), detail: null }));
  return { answer: r.answer, probed: r.probes.map((p) => p.value) };
}

test('maximize gallops (indices 0, 1, 3, 7, 15) then bisects to the largest value that holds', async () => {
  const points = gridPoints(1000, 20000, 500);
  assert.equal(points.length, 39);
  const r = await search(points, 'maximize', (nodes) => nodes <= 6200);
  assert.equal(r.answer, 6000);
  assert.deepEqual(r.probed.slice(0, 5), [1000, 1500, 2500, 4500, 8500]);
  assert.deepEqual(r.probed.slice(5), [6500, 5500, 6000]);
  assert.equal(new Set(r.probed).size, r.probed.length, 'no value probed twice');
});

test('minimize finds the smallest value that holds', async () => {
  const points = gridPoints(1, 20, 1);
  const r = await search(points, 'minimize', (replicas) => replicas >= 3);
  assert.equal(r.answer, 3);
  assert.deepEqual(r.probed, [1, 2, 4, 3]);
  assert.equal((await search(points, 'minimize', () => true)).answer, 1);
  assert.deepEqual(await search(points, 'minimize', () => false), { answer: undefined, probed: [1, 2, 4, 8, 16, 20] });
});

test('edge cases: nothing holds, everything holds, the boundary at the last point', async () => {
  const points = gridPoints(0, 10, 1);
  assert.deepEqual(await search(points, 'maximize', () => false), { answer: undefined, probed: [0] });
  assert.deepEqual(await search(points, 'maximize', () => true), { answer: 10, probed: [0, 1, 3, 7, 10] });
  assert.equal((await search(points, 'maximize', (v) => v <= 9)).answer, 9);
  for (let k = 0; k <= 10; k++) assert.equal((await search(points, 'maximize', (v) => v <= k)).answer, k);
  for (let k = 0; k <= 10; k++) assert.equal((await search(points, 'minimize', (v) => v >= k)).answer, k);
});

test('grids and default steps', () => {
  assert.deepEqual(gridPoints(1, 2, 0.25), [1, 1.25, 1.5, 1.75, 2]);
  assert.deepEqual(gridPoints(0, 1, 0.3), [0, 0.3, 0.6, 0.9, 1]);
  assert.equal(defaultStep(1, 20), 1);
  assert.equal(defaultStep(1000, 20000), 1000);
  assert.equal(defaultStep(0, 0.5), 0.02);
});
