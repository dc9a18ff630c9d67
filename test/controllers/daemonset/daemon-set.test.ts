import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRequest } from '../../../src/controlplane/apiserver/storage-operation.js';
import { targetNodeName } from '../../../src/controllers/daemonset/daemon-pod.js';
import { isPodActive } from '../../../src/controllers/pod-readiness.js';
import { Harness } from '../controller-harness.js';
import { createDaemonSet, daemonSet, daemonSetObject, nodeObject } from './daemon-set-fixtures.js';

/** Active pods of the set by the node they are pinned to. */
function podsByNode(h: Harness): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of h.store.list('Pod')) {
    if (!isPodActive(p)) continue;
    const n = targetNodeName(p) ?? '?';
    out.set(n, [...(out.get(n) ?? []), p.metadata.name]);
  }
  return out;
}

test('one pod per eligible node: tainted and unselected nodes are skipped, tolerated taints are not', () => {
  const h = new Harness();
  for (let i = 0; i < 6; i++) h.store.create(nodeObject(`w${i}`, { role: 'worker' }));
  h.store.create(nodeObject('cp', { role: 'worker' }, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]));
  h.store.create(nodeObject('gpu', { role: 'gpu' }));
  h.store.create(nodeObject('cordoned', { role: 'worker' }, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]));
  h.store.create(nodeObject('dedicated', { role: 'worker' }, [{ key: 'dedicated', value: 'agents', effect: 'NoExecute' }]));
  createDaemonSet(h, daemonSetObject('agent', 'v1', undefined, 0, { nodeSelector: { role: 'worker' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'agents', effect: 'NoExecute' }] }));
  h.runUntil(60e6);
  const byNode = podsByNode(h);
  assert.deepEqual([...byNode.keys()].sort(), ['cordoned', 'dedicated', 'w0', 'w1', 'w2', 'w3', 'w4', 'w5']);
  assert.ok([...byNode.values()].every((pods) => pods.length === 1));
  const ds = daemonSet(h, 'agent');
  assert.deepEqual([ds.status.desiredNumberScheduled, ds.status.currentNumberScheduled, ds.status.numberReady, ds.status.numberAvailable, ds.status.updatedNumberScheduled], [8, 8, 8, 8, 8]);
  const pod = h.store.list('Pod')[0];
  assert.deepEqual(pod?.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchFields?.[0]?.key, 'metadata.name');
  const keys = (pod?.spec.tolerations ?? []).map((t) => `${t.key ?? ''}:${t.effect ?? ''}`);
  for (const k of ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule']) {
    assert.ok(keys.includes(k), `missing default toleration ${k}`);
  }
  assert.ok(!keys.includes('node.kubernetes.io/network-unavailable:NoSchedule'), 'network-unavailable only for hostNetwork pods');
});

test('a new node gets a pod; a removed node\'s pod is deleted; a NoExecute taint evicts, a NoSchedule taint does not', () => {
  const h = new Harness();
  for (let i = 0; i < 3; i++) h.store.create(nodeObject(`w${i}`));
  createDaemonSet(h, daemonSetObject('agent', 'v1'));
  h.runUntil(30e6);
  assert.equal(podsByNode(h).size, 3);
  h.store.create(nodeObject('w3'));
  h.runUntil(60e6);
  assert.deepEqual(podsByNode(h).get('w3')?.length, 1);
  h.store.delete('Node', 'w0');
  h.runUntil(90e6);
  assert.equal(podsByNode(h).has('w0'), false, 'pinned pod of a deleted node removed');
  const taint = (name: string, effect: 'NoSchedule' | 'NoExecute'): void => {
    const n = h.store.get('Node', name);
    if (n === undefined) throw new Error('no node');
    h.store.update({ ...n, spec: { ...n.spec, taints: [{ key: 'maintenance', effect }] } });
  };
  taint('w1', 'NoSchedule');
  taint('w2', 'NoExecute');
  h.runUntil(120e6);
  const byNode = podsByNode(h);
  assert.equal(byNode.get('w1')?.length, 1, 'a pod on a NoSchedule node keeps running');
  assert.equal(byNode.has('w2'), false, 'a pod on an untolerated NoExecute node is deleted');
  const ds = daemonSet(h, 'agent');
  assert.deepEqual([ds.status.desiredNumberScheduled, ds.status.numberMisscheduled], [1, 1]);
});

test('creates go out in slow-start batches: 1, 2, 4, 8, ... POSTs before the first of the next batch', () => {
  const h = new Harness({ latency: 10_000 });
  for (let i = 0; i < 20; i++) h.store.create(nodeObject(`w${i}`));
  createDaemonSet(h, daemonSetObject('agent', 'v1'));
  h.runUntil(5e6);
  const posts = h.requests.filter((r) => r.req.verb === 'POST' && r.req.kind === 'Pod').map((r) => r.time);
  assert.equal(posts.length, 20);
  const batches: number[] = [];
  posts.forEach((t, i) => {
    if (i > 0 && t - (posts[i - 1] as number) < 5_000) batches[batches.length - 1]! += 1;
    else batches.push(1);
  });
  assert.deepEqual(batches, [1, 2, 4, 8, 5]);
});

test('OnDelete leaves old pods until they are deleted; their replacements get the new template', () => {
  const h = new Harness();
  for (let i = 0; i < 3; i++) h.store.create(nodeObject(`w${i}`));
  createDaemonSet(h, daemonSetObject('agent', 'v1', { type: 'OnDelete' }));
  h.runUntil(30e6);
  const r = applyRequest(h.store, { verb: 'PATCH', kind: 'DaemonSet', namespace: 'default', name: 'agent', body: { spec: { template: { spec: { containers: [{ name: 'agent', image: 'v2', resources: { requests: {}, limits: {} } }] } } } }, user: 'admin' });
  assert.equal(r.code, 200);
  h.runUntil(90e6);
  const images = (): string[] => h.store.list('Pod').map((p) => p.spec.containers[0]?.image ?? '').sort();
  assert.deepEqual(images(), ['v1', 'v1', 'v1']);
  const victim = h.store.list('Pod')[0];
  h.store.delete('Pod', `default/${victim?.metadata.name ?? ''}`);
  h.runUntil(120e6);
  assert.deepEqual(images(), ['v1', 'v1', 'v2']);
  assert.equal(daemonSet(h, 'agent').status.updatedNumberScheduled, 1);
});
