/** The scheduler cache keeps the latest version of a bound pod, as upstream's cache UpdatePod does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchedulerCache } from '../../../src/scheduler/cache/scheduler-cache.js';
import { PodInfo } from '../../../src/scheduler/framework/pod-info.js';
import { makeNode, makePod } from '../fixtures.js';

test('confirming a bound pod with a newer version replaces the pod its NodeInfo holds; requests stay as computed', () => {
  const cache = new SchedulerCache();
  cache.upsertNode(makeNode('n1'));
  const v1 = makePod('web-1', { cpu: 500 }, {}, { app: 'web' });
  const info = new PodInfo(v1);
  cache.assumePod(info, 'n1');
  const v2 = { ...v1, metadata: { ...v1.metadata, resourceVersion: 2, labels: { app: 'web', tier: 'front' } }, spec: { ...v1.spec, nodeName: 'n1' } };
  cache.confirmPod(info.key, v2);
  const held = cache.get('n1')?.pods.find((p) => p.key === info.key);
  assert.equal(held?.pod, v2);
  assert.equal(held?.pod.metadata.labels?.['tier'], 'front');
  assert.equal(held?.requests.milliCpu, 500);
  assert.equal(cache.get('n1')?.requested.milliCpu, 500);
  // Confirming without a version only clears the assumption.
  cache.confirmPod(info.key);
  assert.equal(held?.pod, v2);
  // A pod the cache does not hold is ignored.
  cache.confirmPod('default/other', v2);
  assert.equal(cache.hasPod('default/other'), false);
});
