import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../../src/api/objects.js';
import { podEffectiveRequest, podQosClass } from '../../../src/node/kubelet/qos.js';
import { container } from './fixtures.js';

const Gi = 2 ** 30;
function pod(spec: Partial<Pod['spec']> & { containers: Pod['spec']['containers'] }): Pod {
  return { kind: 'Pod', metadata: { name: 'p', uid: 'u', resourceVersion: 1, creationTimestamp: 0 }, spec: { schedulerName: 's', priority: 0, ...spec }, status: { phase: 'Pending', conditions: [] } };
}
const res = (requests: Record<string, number>, limits: Record<string, number> = {}) => ({ resources: { requests, limits } });

test('QoS class: BestEffort, Guaranteed and Burstable by the upstream rules', () => {
  assert.equal(podQosClass(pod({ containers: [container('a')] })), 'BestEffort');
  assert.equal(podQosClass(pod({ containers: [container('a', res({ cpu: 500, memory: Gi }, { cpu: 500, memory: Gi }))] })), 'Guaranteed');
  // Requests below limits, or a limit missing for one resource, or one container without limits: Burstable.
  assert.equal(podQosClass(pod({ containers: [container('a', res({ cpu: 250, memory: Gi }, { cpu: 500, memory: Gi }))] })), 'Burstable');
  assert.equal(podQosClass(pod({ containers: [container('a', res({ cpu: 500 }, { cpu: 500 }))] })), 'Burstable');
  assert.equal(podQosClass(pod({ containers: [container('a', res({ cpu: 500, memory: Gi }, { cpu: 500, memory: Gi })), container('b')] })), 'Burstable');
  // Init containers count too.
  assert.equal(podQosClass(pod({ initContainers: [container('i', res({ memory: Gi }))], containers: [container('a')] })), 'Burstable');
});

test('effective request: max of the app containers plus sidecars and of each init container plus the sidecars before it', () => {
  const p = pod({
    initContainers: [container('big-init', res({ memory: 4 * Gi })), container('sidecar', { restartPolicy: 'Always', ...res({ memory: Gi }) }), container('init2', res({ memory: 2 * Gi }))],
    containers: [container('a', res({ memory: Gi })), container('b', res({ memory: Gi }))],
  });
  // max(4, 1 + 2, (1 + 1) + 1) = 4 Gi
  assert.equal(podEffectiveRequest(p, 'memory'), 4 * Gi);
  const q = pod({ initContainers: [container('sidecar', { restartPolicy: 'Always', ...res({ memory: Gi }) })], containers: [container('a', res({ memory: 2 * Gi }))] });
  assert.equal(podEffectiveRequest(q, 'memory'), 3 * Gi);
});
