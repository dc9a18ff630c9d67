/** NodeInfo.amounts: the typed-array copy Filter and the scorers read follows every change of allocatable, requested and the pod count. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AMOUNT_ALLOC_CPU, AMOUNT_ALLOC_MEMORY, AMOUNT_EPHEMERAL_LEFT, AMOUNT_NONZERO_CPU, AMOUNT_NONZERO_MEMORY, AMOUNT_PODS_LEFT, AMOUNT_REQ_CPU, AMOUNT_REQ_MEMORY,
  type NodeInfo,
} from '../../../src/scheduler/framework/node-info.js';
import { PodInfo } from '../../../src/scheduler/framework/pod-info.js';
import { makeNode, makeNodeInfo, makePod } from '../fixtures.js';

/** What amounts must hold, computed from the object fields. */
function expected(ni: NodeInfo): number[] {
  return [
    ni.allowedPodNumber - ni.pods.length,
    ni.allocatable.milliCpu,
    ni.allocatable.memory,
    ni.requested.milliCpu,
    ni.requested.memory,
    ni.nonZeroMilliCpu,
    ni.nonZeroMemory,
    ni.allocatable.ephemeralStorage - ni.requested.ephemeralStorage,
  ];
}

const GiB = 2 ** 30;
const node = makeNode('n1', { cpu: 8000, memory: 32 * GiB, 'ephemeral-storage': 100 * GiB, pods: 3 });

test('amounts start from allocatable with nothing requested', () => {
  const ni = makeNodeInfo(node);
  assert.deepEqual([...ni.amounts], [3, 8000, 32 * GiB, 0, 0, 0, 0, 100 * GiB]);
  assert.equal(AMOUNT_PODS_LEFT, 0);
  assert.deepEqual([AMOUNT_ALLOC_CPU, AMOUNT_ALLOC_MEMORY, AMOUNT_REQ_CPU, AMOUNT_REQ_MEMORY, AMOUNT_NONZERO_CPU, AMOUNT_NONZERO_MEMORY, AMOUNT_EPHEMERAL_LEFT], [1, 2, 3, 4, 5, 6, 7]);
});

test('amounts follow added and removed pods, including the non-zero defaults of a pod without requests', () => {
  const ni = makeNodeInfo(node, [makePod('a', { cpu: 1500, memory: 3 * GiB, 'ephemeral-storage': 10 * GiB })]);
  assert.deepEqual([...ni.amounts], expected(ni));
  assert.equal(ni.amounts[AMOUNT_PODS_LEFT], 2);
  assert.equal(ni.amounts[AMOUNT_EPHEMERAL_LEFT], 90 * GiB);
  ni.addPod(new PodInfo({ ...makePod('b'), spec: { ...makePod('b').spec, nodeName: 'n1' } }));
  assert.deepEqual([...ni.amounts], expected(ni));
  // A pod without requests counts 100m and 200 MiB for scoring (upstream non-zero defaults), nothing for Filter.
  assert.equal(ni.amounts[AMOUNT_NONZERO_CPU], 1600);
  assert.equal(ni.amounts[AMOUNT_REQ_CPU], 1500);
  assert.equal(ni.removePod('default/a'), true);
  assert.deepEqual([...ni.amounts], expected(ni));
  assert.equal(ni.amounts[AMOUNT_REQ_MEMORY], 0);
  assert.equal(ni.amounts[AMOUNT_PODS_LEFT], 2);
});

test('a new allocatable is copied; a snapshot copy has its own amounts', () => {
  const ni = makeNodeInfo(node, [makePod('a', { cpu: 1000, memory: GiB })]);
  ni.setNode(makeNode('n1', { cpu: 4000, memory: 16 * GiB, pods: 1 }));
  assert.deepEqual([...ni.amounts], expected(ni));
  assert.equal(ni.amounts[AMOUNT_PODS_LEFT], 0);
  const copy = ni.snapshotCopy();
  assert.deepEqual([...copy.amounts], [...ni.amounts]);
  copy.removePod('default/a');
  assert.equal(copy.amounts[AMOUNT_REQ_CPU], 0);
  assert.equal(ni.amounts[AMOUNT_REQ_CPU], 1000);
});
