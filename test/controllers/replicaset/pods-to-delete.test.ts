import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../../src/api/objects.js';
import { podsToDelete } from '../../../src/controllers/replicaset/pods-to-delete.js';

function pod(name: string, o: { node?: string; phase?: Pod['status']['phase']; readySince?: number; created?: number }): Pod {
  return {
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: name, resourceVersion: 1, creationTimestamp: o.created ?? 0 },
    spec: { schedulerName: 'default-scheduler', priority: 0, containers: [], ...(o.node === undefined ? {} : { nodeName: o.node }) },
    status: { phase: o.phase ?? 'Running', conditions: o.readySince === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: o.readySince }] },
  };
}

test('unscheduled, then pending, then not ready, then doubled-up, then recently ready, then newest go first', () => {
  const pods = [
    pod('old-ready', { node: 'n1', readySince: 10, created: 1 }),
    pod('new-ready', { node: 'n2', readySince: 50, created: 2 }),
    pod('unscheduled', { phase: 'Pending', created: 3 }),
    pod('pending', { node: 'n3', phase: 'Pending', created: 4 }),
    pod('not-ready', { node: 'n4', created: 5 }),
    pod('doubled-a', { node: 'n5', readySince: 10, created: 6 }),
    pod('doubled-b', { node: 'n5', readySince: 10, created: 7 }),
  ];
  const order = podsToDelete(pods, pods, pods.length - 1).map((p) => p.metadata.name);
  assert.deepEqual(order, ['unscheduled', 'pending', 'not-ready', 'doubled-b', 'doubled-a', 'new-ready']);
  assert.deepEqual(podsToDelete(pods, pods, 2).map((p) => p.metadata.name), ['unscheduled', 'pending']);
});
