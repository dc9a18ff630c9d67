/** The disruption controller's status (pkg/controller/disruption/disruption.go) from a Deployment's pods, with the harness's apiserver and kubelet stand-ins. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IntOrString } from '../../../src/api/apps.js';
import type { PodDisruptionBudget } from '../../../src/api/policy.js';
import { applyRequest } from '../../../src/controlplane/apiserver/storage-operation.js';
import { Harness, deploymentObject } from '../controller-harness.js';

function run(spec: { minAvailable?: IntOrString; maxUnavailable?: IntOrString }, replicas = 8): { h: Harness; pdb: () => PodDisruptionBudget } {
  const h = new Harness();
  h.manager.startDisruptionController();
  h.create(deploymentObject('web', replicas, 'v1'));
  h.store.create<'PodDisruptionBudget'>({ kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default', generation: 1 }, spec: { ...spec, selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } });
  h.runUntil(30e6);
  return { h, pdb: () => h.store.get('PodDisruptionBudget', 'default/web') as PodDisruptionBudget };
}

test('minAvailable 80 % of 8 replicas: desiredHealthy 7 (rounded up), 1 disruption allowed', () => {
  const s = run({ minAvailable: '80%' }).pdb().status;
  assert.deepEqual([s.expectedPods, s.currentHealthy, s.desiredHealthy, s.disruptionsAllowed, s.observedGeneration], [8, 8, 7, 1, 1]);
  assert.equal(s.conditions?.find((c) => c.type === 'DisruptionAllowed')?.status, 'True');
});

test('maxUnavailable 25 % of 8: desiredHealthy 6, 2 allowed; an integer minAvailable counts the pods that exist', () => {
  assert.deepEqual([run({ maxUnavailable: '25%' }).pdb().status.desiredHealthy, run({ maxUnavailable: '25%' }).pdb().status.disruptionsAllowed], [6, 2]);
  const s = run({ minAvailable: 8 }).pdb().status;
  assert.deepEqual([s.desiredHealthy, s.disruptionsAllowed, s.conditions?.find((c) => c.type === 'DisruptionAllowed')?.reason], [8, 0, 'InsufficientPods']);
});

test('an evicted pod stays out of currentHealthy until DeletionTimeout (2 min) if it is never deleted', () => {
  const { h, pdb } = run({ maxUnavailable: 1 }, 4);
  const victim = h.store.list('Pod')[0]?.metadata.name as string;
  // The eviction's status write alone (as if the pod delete never happened).
  const before = pdb();
  applyRequest(h.store, { verb: 'PUT', kind: 'PodDisruptionBudget', subresource: 'status', namespace: 'default', name: 'web', body: { ...before, status: { ...before.status, disruptionsAllowed: 0, disruptedPods: { [victim]: h.sim.now } } }, user: 'apiserver' });
  const at = h.sim.now;
  h.runUntil(at + 60e6);
  assert.deepEqual([pdb().status.currentHealthy, pdb().status.disruptionsAllowed], [3, 0], 'recorded disruption not counted');
  h.runUntil(at + 121e6);
  assert.deepEqual([pdb().status.currentHealthy, pdb().status.disruptionsAllowed, Object.keys(pdb().status.disruptedPods ?? {}).length], [4, 1, 0], 'expired after 2 min');
});
