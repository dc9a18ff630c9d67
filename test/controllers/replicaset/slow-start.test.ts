import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NewObject } from '../../../src/api/object-store.js';
import { burstReplicas, replicaSetControllerUser } from '../../../src/controllers/replicaset/replica-set-controller.js';
import { slowStartBatchSizes } from '../../../src/controllers/replicaset/slow-start-batch.js';
import { Harness } from '../controller-harness.js';

function replicaSet(replicas: number): NewObject<'ReplicaSet'> {
  return {
    kind: 'ReplicaSet',
    metadata: { name: 'rs', namespace: 'default' },
    spec: {
      replicas, minReadySeconds: 0, selector: { matchLabels: { app: 'a' } },
      template: { metadata: { labels: { app: 'a' } }, spec: { schedulerName: 'default-scheduler', priority: 0, containers: [{ name: 'c', image: 'i', resources: { requests: {}, limits: {} } }] } },
    },
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
}

/** Pod creates the controller sent, grouped by send time (one slow-start batch per time). */
function batches(h: Harness): number[] {
  const byTime = new Map<number, number>();
  for (const { time, req } of h.requests) if (req.user === replicaSetControllerUser && req.verb === 'POST' && req.kind === 'Pod') byTime.set(time, (byTime.get(time) ?? 0) + 1);
  return [...byTime.values()];
}

test('slow start sizes: 1, 2, 4, ... then the rest', () => {
  assert.deepEqual(slowStartBatchSizes(10), [1, 2, 4, 3]);
  assert.deepEqual(slowStartBatchSizes(1), [1]);
  assert.deepEqual(slowStartBatchSizes(0), []);
  assert.deepEqual(slowStartBatchSizes(31), [1, 2, 4, 8, 16]);
});

test('a ReplicaSet of 20 creates its pods in batches of 1, 2, 4, 8, 5, each after the previous one is answered', () => {
  const h = new Harness({ config: { kubeApiQps: 0 } });
  h.create(replicaSet(20));
  h.runUntil(30e6);
  assert.deepEqual(batches(h), [1, 2, 4, 8, 5]);
  const rs = h.store.get('ReplicaSet', 'default/rs');
  assert.deepEqual([rs?.status.replicas, rs?.status.readyReplicas, rs?.status.availableReplicas], [20, 20, 20]);
  assert.ok(h.store.list('Pod').every((p) => p.metadata.ownerReferences?.[0]?.uid === rs?.metadata.uid && p.metadata.ownerReferences?.[0]?.controller === true));
});

test('a sync creates at most burstReplicas (500) pods; the next sync starts again at 1', () => {
  const h = new Harness({ config: { kubeApiQps: 0 } });
  h.create(replicaSet(700));
  h.runUntil(30e6);
  // 1 + 2 + ... + 128 = 255, then 245 more make 500; the next sync: 1 + ... + 64 = 127, then 73.
  assert.equal(burstReplicas, 500);
  assert.deepEqual(batches(h), [1, 2, 4, 8, 16, 32, 64, 128, 245, 1, 2, 4, 8, 16, 32, 64, 73]);
  assert.equal(h.store.count('Pod'), 700);
});

test('when creates fail (a quota), each sync sends one create and the retries back off exponentially', () => {
  const h = new Harness({ reject: (req) => (req.verb === 'POST' && req.kind === 'Pod' ? { code: 403, message: 'exceeded quota' } : undefined) });
  h.create(replicaSet(50));
  h.runUntil(1e6);
  const b = batches(h);
  assert.ok(b.every((n) => n === 1), 'one create per sync, not 50');
  // Backoff 5 ms doubling: syncs at about 0, 5, 15, 35, 75, 155, 315, 635 ms.
  assert.ok(b.length >= 6 && b.length <= 10, `${b.length} syncs in one second`);
});

test('scaling down deletes pods through the API and the status follows', () => {
  const h = new Harness({ config: { kubeApiQps: 0 } });
  h.create(replicaSet(6));
  h.runUntil(30e6);
  const rs = h.store.get('ReplicaSet', 'default/rs');
  assert.ok(rs !== undefined);
  h.store.update({ ...rs, spec: { ...rs.spec, replicas: 2 } });
  h.runUntil(60e6);
  assert.equal(h.store.count('Pod'), 2);
  assert.equal(h.store.get('ReplicaSet', 'default/rs')?.status.replicas, 2);
  assert.equal(h.requests.filter((r) => r.req.verb === 'DELETE' && r.req.kind === 'Pod').length, 4);
});
