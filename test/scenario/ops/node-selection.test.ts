/** Node selection of failNodes/recoverNodes: filters combine; a fraction picks round(f × n) nodes from the seeded stream, in node order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomStreams } from '../../../src/engine/rng.js';
import { selectNodes, type SelectableNode } from '../../../src/scenario/ops/node-selection.js';

const nodes: SelectableNode[] = Array.from({ length: 10 }, (_, i) => ({ name: `w-${i}`, pool: i < 6 ? 'w' : 'g', zone: i % 2 === 0 ? 'a' : 'b' }));
const rng = (): ReturnType<RandomStreams['stream']> => new RandomStreams(1).stream('node-failures');

test('selectNodes: pool and zone narrow together; fraction 1 takes all', () => {
  assert.deepEqual(selectNodes({ pool: 'w', zone: 'a', fraction: 1 }, nodes, rng()).map((n) => n.name), ['w-0', 'w-2', 'w-4']);
  assert.deepEqual(selectNodes({ node: 'w-7', fraction: 1 }, nodes, rng()).map((n) => n.name), ['w-7']);
});

test('selectNodes: a fraction picks round(f × n) distinct nodes, the same ones for the same seed', () => {
  const a = selectNodes({ fraction: 0.35 }, nodes, rng());
  assert.equal(a.length, 4);
  assert.equal(new Set(a.map((n) => n.name)).size, 4);
  assert.deepEqual(selectNodes({ fraction: 0.35 }, nodes, rng()), a);
  const order = a.map((n) => nodes.indexOf(n));
  assert.deepEqual(order, [...order].sort((x, y) => x - y));
  assert.equal(selectNodes({ fraction: 0 }, nodes, rng()).length, 0);
});
